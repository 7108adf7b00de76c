using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Account;

/// <summary>My deputies and those I stand in for; hand over my authority for a date range; revoke it. Admins for anyone.</summary>
public sealed class DeputiesModel(DeputyCommands deputies, Viewer viewer, UiMessages messages, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty] public string? Principal { get; set; }
    [BindProperty] public string? Deputy { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public DeputyCommands.Mine Mine { get; private set; } = new([], []);
    public IReadOnlyList<DeputyCommands.DeputyView>? All { get; private set; }
    public bool MayCreate { get; private set; }
    public bool IsAdmin { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? FormError { get; private set; }

    public string? Error(string field) => Errors.GetValueOrDefault(field);
    public string Invalid(string field) => Errors.ContainsKey(field) ? " is-invalid" : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        try
        {
            await deputies.CreateAsync(user, new DeputyCommands.CreateRequest(Principal, Deputy, From, To, Reason), ct);
        }
        catch (AppProblemException e)
        {
            if (e.Errors is { Count: > 0 } errors) foreach (var (field, list) in errors) Errors[field] = string.Join(" ", list.Select(messages.Translate));
            else FormError = messages.Translate(e.Message);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Flash"] = text["Your deputy is set up."].Value;
        return Redirect("/account/deputies");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid mandate, CancellationToken ct)
    {
        await deputies.RevokeAsync(await viewer.GetAsync(ct), mandate, ct);
        TempData["Flash"] = text["The deputy's authority is taken back."].Value;
        return Redirect("/account/deputies");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        Mine = await deputies.MineAsync(user, ct);
        IsAdmin = user.IsAdmin;
        MayCreate = user.IsAdmin || user.Roles.Any(Roles.Approvers.Contains);
        if (user.IsAdmin) All = await deputies.CurrentAsync(ct);
        From ??= deputies.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
