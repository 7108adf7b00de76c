using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Account;

/// <summary>My settings: the daily digest of my open tasks (opt-in); the language is the switch in the header.</summary>
public sealed class SettingsModel(DelegationsDbContext db, Viewer viewer, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
{
    public AccountSettingsApi.SettingsView Settings { get; private set; } = null!;

    [BindProperty] public bool DailyDigest { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        Settings = await AccountSettingsApi.ViewAsync(db, user.Id, ct);
        DailyDigest = Settings.DailyDigest;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        await AccountSettingsApi.SaveAsync(db, clock, user.Id, null, DailyDigest, ct);
        TempData["Flash"] = (DailyDigest
            ? text["Saved: you will get a digest of your open tasks each working morning."]
            : text["Saved: you will get no daily digest."]).Value;
        return Redirect("/account/settings");
    }
}
