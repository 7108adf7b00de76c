using System.Globalization;
using Delegations.Web.Admin;
using Delegations.Web.Budget;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin;

/// <summary>
/// The budget norm tables (admins): every row by kind and effective date, the example figures marked, an amount
/// changed in place, a row added (a new circular is new rows with a later date). Audited like the API.
/// </summary>
public sealed class NormsModel(DelegationsDbContext db, Viewer viewer, AccountAudit audit, TimeProvider clock, UiMessages messages, IStringLocalizer<UiText> text) : PageModel
{
    public IReadOnlyList<BudgetNorm> Norms { get; private set; } = [];
    public IReadOnlyList<CountryGroup> Groups { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = NormKinds.Outbound;
    [BindProperty] public BudgetApi.NormInput New { get; set; } = new(null, null, null, null, null, null, null, null, null, null);
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAmountAsync(Guid id, string? amount, CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        var user = await viewer.GetAsync(ct);
        var norm = await db.Set<BudgetNorm>().FirstOrDefaultAsync(n => n.Id == id, ct);
        if (norm is null) return NotFound();
        if (!decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            TempData["Flash"] = text["The amount must be a number (0 or more)."].Value;
            TempData["FlashKind"] = "warning";
            return Redirect($"/admin/norms?kind={Uri.EscapeDataString(norm.Kind)}");
        }
        var before = norm.Amount;
        norm.Amount = value;
        norm.Example = false;
        norm.UpdatedAt = clock.GetUtcNow();
        norm.UpdatedBy = user.FullName;
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"norm {norm.Kind}/{norm.Group}/{norm.Category}/{norm.Grades} {norm.EffectiveFrom:yyyy-MM-dd}", $"{before} → {value} {norm.Currency}");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = text["The norm was saved."].Value;
        TempData["FlashKind"] = "success";
        return Redirect($"/admin/norms?kind={Uri.EscapeDataString(norm.Kind)}");
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        var user = await viewer.GetAsync(ct);
        try
        {
            var response = await BudgetApi.CreateNormAsync(New, db, user, audit, clock, ct);
            TempData["Flash"] = text["The norm was saved."].Value;
            TempData["FlashKind"] = "success";
            return Redirect($"/admin/norms?kind={Uri.EscapeDataString(response.Kind)}");
        }
        catch (AppProblemException e) when (e.Errors is not null)
        {
            foreach (var (k, v) in e.Errors) Errors[k] = string.Join(" ", messages.Translate(v));
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!NormKinds.All.Contains(Kind)) Kind = NormKinds.Outbound;
        Norms = await db.Set<BudgetNorm>().AsNoTracking().Where(n => n.Kind == Kind)
            .OrderByDescending(n => n.EffectiveFrom).ThenBy(n => n.Group).ThenBy(n => n.Category).ThenBy(n => n.Grades).ToListAsync(ct);
        Groups = Kind == NormKinds.Outbound ? await db.Set<CountryGroup>().AsNoTracking().OrderBy(c => c.Group).ThenBy(c => c.Country).ToListAsync(ct) : [];
    }

    private async Task<IActionResult?> RefusalAsync(CancellationToken ct) =>
        (await viewer.GetAsync(ct)).IsAdmin ? null : StatusCode(StatusCodes.Status403Forbidden);
}
