using System.Security.Claims;
using Delegations.Web.Accounts;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Delegations.Web.Pages.Account;

/// <summary>The language switch: remembered in a cookie, and as the signed-in user's language (their mail follows it too).</summary>
[AllowAnonymous]
public sealed class LanguageModel(UserManager<AppUser> users) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? lang, string? returnUrl)
    {
        var language = UiCulture.Normalize(lang);
        UiCulture.Remember(Response, language);
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && await users.FindByIdAsync(id) is { } user && user.Language != language)
        {
            user.Language = language;
            await users.UpdateAsync(user);
        }
        return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
