using Delegations.Web.Accounts;
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
/// The annual delegation plan of a year (admins and the international office: add and remove planned delegations,
/// see which proposals carry them out) and the departments' annual delegation budgets (admins set them).
/// </summary>
public sealed class PlanModel(DelegationsDbContext db, Viewer viewer, AccountAudit audit, TimeProvider clock, BudgetOptions options, UiMessages messages, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public BudgetApi.PlanItemInput Item { get; set; } = new(null, null, null, null, null, null, null, null);
    public IReadOnlyList<BudgetApi.PlanItemView> Items { get; private set; } = [];
    public IReadOnlyList<BudgetApi.DepartmentBudgetView> Budgets { get; private set; } = [];
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public bool CanSetBudgets { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public int ShownYear => Year ?? clock.GetUtcNow().Year;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        var user = await viewer.GetAsync(ct);
        try
        {
            var item = await BudgetApi.ApplyAsync(Item, null, db, ct);
            item.CreatedAt = clock.GetUtcNow();
            item.CreatedBy = user.FullName;
            db.Set<PlanItem>().Add(item);
            audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"plan {item.Year}", $"added: {item.Title} ({Item.Department}, Q{item.Quarter}, {item.Size})");
            await db.SaveChangesAsync(ct);
            Flash(text["The planned delegation was added."]);
            return Redirect($"/admin/plan?year={item.Year}");
        }
        catch (AppProblemException e) when (e.Errors is not null)
        {
            foreach (var (k, v) in e.Errors) Errors[k] = string.Join(" ", messages.Translate(v));
            Year = Item.Year ?? Year;
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        var user = await viewer.GetAsync(ct);
        var item = await db.Set<PlanItem>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return NotFound();
        if (await db.Proposals.AnyAsync(p => p.PlanItemId == id, ct))
        {
            Flash(text["Proposals carry out this planned delegation; it cannot be removed."], "warning");
            return Redirect($"/admin/plan?year={item.Year}");
        }
        db.Set<PlanItem>().Remove(item);
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"plan {item.Year}", $"removed: {item.Title}");
        await db.SaveChangesAsync(ct);
        Flash(text["The planned delegation was removed."]);
        return Redirect($"/admin/plan?year={item.Year}");
    }

    public async Task<IActionResult> OnPostBudgetAsync(string? department, long? amountVnd, CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        var user = await viewer.GetAsync(ct);
        if (!user.IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            await BudgetApi.PutBudgetAsync(department ?? "", ShownYear, amountVnd, db, user, audit, clock, ct);
            Flash(text["The department budget was saved."]);
        }
        catch (AppProblemException e) when (e.Errors is not null)
        {
            Flash(string.Join(" ", e.Errors.SelectMany(kv => messages.Translate(kv.Value))), "warning");
        }
        return Redirect($"/admin/plan?year={ShownYear}");
    }

    private void Flash(string message, string kind = "success")
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = kind;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        CanSetBudgets = user.IsAdmin;
        Items = await BudgetApi.PlanAsync(db, ShownYear, UiCulture.Language, ct);
        Budgets = await BudgetApi.BudgetsAsync(db, ShownYear, UiCulture.Language, options, ct);
        Departments = await db.Departments.AsNoTracking().OrderBy(d => d.Code).ToListAsync(ct);
    }

    private async Task<IActionResult?> RefusalAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        return user.IsAdmin || user.IsInRole(Roles.InternationalOffice) ? null : StatusCode(StatusCodes.Status403Forbidden);
    }
}
