using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Account;

/// <summary>Cookie sign-in with Identity: lockout after repeated failures, disabled accounts refused, every attempt audited.</summary>
[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, AccountAudit audit, IStringLocalizer<UiText> text, IConfiguration configuration, IWebHostEnvironment environment) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool RememberMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    /// <summary>In demo mode the sign-in page lists the demo accounts, so a first visitor can try every role.</summary>
    public bool ShowDemoAccounts => configuration.GetValue("Demo:Enabled", environment.IsDevelopment()) && !environment.IsProduction();

    public IReadOnlyList<DemoData.DemoAccount> DemoAccounts => DemoData.Accounts;

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated == true) return LocalRedirect(SafeReturnUrl());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email)) FieldErrors["email"] = text["Enter your e-mail address."];
        if (string.IsNullOrEmpty(Password)) FieldErrors["password"] = text["Enter your password."];
        if (FieldErrors.Count > 0) return Page();

        var email = Email!.Trim();
        var user = await signIn.UserManager.FindByEmailAsync(email);
        if (user is null || user.IsDisabled)
        {
            await audit.SignInFailedAsync(email, user is null ? "unknown account" : "disabled account");
            Error = text["The e-mail or password is not right."];
            return Page();
        }
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signIn.PasswordSignInAsync(user, Password!, RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.SignedInAsync(user, "web");
            UiCulture.Remember(Response, user.Language);
            return LocalRedirect(SafeReturnUrl());
        }
        await audit.SignInFailedAsync(user.Email!, result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "not allowed" : "wrong password");
        Error = result.IsLockedOut
            ? text["Too many failed sign-ins: this account is locked for 15 minutes."]
            : text["The e-mail or password is not right."];
        return Page();
    }

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
