using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Delegations.Web.Ui;

namespace Delegations.Web.Pages.Account;

/// <summary>
/// The set-password link an admin hands to a new account (or to someone who forgot theirs): an Identity
/// password-reset token, valid for one use and until the account's security stamp changes.
/// </summary>
[AllowAnonymous]
public sealed class SetPasswordModel(UserManager<AppUser> users, AccountAudit audit, DelegationsDbContext db, IStringLocalizer<UiText> text, UiMessages messages) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true, Name = "token")] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public string? Error { get; private set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        if (user is null || user.IsDisabled || string.IsNullOrEmpty(Token))
        {
            Error = text["This link is not valid (any more): ask an administrator for a new one."];
            return Page();
        }
        if (string.IsNullOrEmpty(Password) || Password != Confirm)
        {
            Error = text["The two passwords are not the same."];
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, Token, Password);
        if (!result.Succeeded)
        {
            Error = result.Errors.Any(e => e.Code == "InvalidToken")
                ? text["This link is not valid (any more): ask an administrator for a new one."]
                : string.Join(" ", result.Errors.Select(e => messages.Translate(e.Description)));
            return Page();
        }
        audit.Add(AuditKinds.UserChange, user.Id, user.FullName, user.Email, "password set with a set-password link");
        await db.SaveChangesAsync();
        TempData["Flash"] = text["Your password is saved: sign in with it."].Value;
        return Redirect("/account/login");
    }
}
