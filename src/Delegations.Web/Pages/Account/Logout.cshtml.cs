using System.Security.Claims;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Delegations.Web.Pages.Account;

/// <summary>Sign-out is a POST (with its anti-forgery token); a GET only asks for confirmation.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AppUser> signIn, AccountAudit audit, DelegationsDbContext db) : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : Redirect("/account/login");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            var id = User.FindFirstValue(ClaimTypes.NameIdentifier);
            var user = id is null ? null : await signIn.UserManager.FindByIdAsync(id);
            audit.Add(AuditKinds.SignOut, user?.Id, user?.FullName, user?.Email, "web");
            await db.SaveChangesAsync();
            await signIn.SignOutAsync();
        }
        return Redirect("/account/login");
    }
}
