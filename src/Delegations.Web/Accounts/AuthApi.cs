using Delegations.Web.Admin;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Delegations.Web.Accounts;

/// <summary>
/// Bearer-token sign-in for the API (Identity's bearer tokens). Only login and refresh are mapped: Identity's
/// register and account-management endpoints are deliberately not, because accounts are made by admins.
/// </summary>
public static class AuthApi
{
    public sealed record LoginRequest(string? Email, string? Password);
    public sealed record RefreshRequest(string? RefreshToken);

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous();
        group.MapPost("/login", Login)
            .WithSummary("Sign in with e-mail and password; returns an access token (Bearer) and a refresh token.")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/refresh", Refresh)
            .WithSummary("Exchange a refresh token for a new access token.")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(LoginRequest request, SignInManager<AppUser> signIn, AccountAudit audit)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            return TypedResults.Problem("E-mail and password are required.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        var user = await signIn.UserManager.FindByEmailAsync(request.Email.Trim());
        if (user is null || user.IsDisabled)
        {
            await audit.SignInFailedAsync(request.Email.Trim(), user is null ? "unknown account" : "disabled account");
            return TypedResults.Problem("The e-mail or password is not right.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.SignedInAsync(user, "api");
            return TypedResults.Empty; // the bearer handler has written the token response
        }
        await audit.SignInFailedAsync(user.Email!, result.IsLockedOut ? "locked out" : "wrong password");
        return TypedResults.Problem(
            result.IsLockedOut ? "Too many failed sign-ins: this account is locked for a while." : "The e-mail or password is not right.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }

    private static async Task<Results<Ok<AccessTokenResponse>, UnauthorizedHttpResult, SignInHttpResult, ChallengeHttpResult>> Refresh(
        RefreshRequest request, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties?.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user || user.IsDisabled)
            return TypedResults.Challenge();
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
