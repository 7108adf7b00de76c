using System.Security.Claims;
using Delegations.Web.Accounts;
using Delegations.Web.Reports;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;

namespace Delegations.Web.Security;

public sealed class SecurityOptions
{
    public const string Section = "Security";
    /// <summary>Largest request body Kestrel accepts (bytes). The report attachment upload has its own, larger limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
    /// <summary>Strict-Transport-Security max-age (seconds) sent on HTTPS responses; 0 sends none.</summary>
    public int HstsMaxAgeSeconds { get; set; } = 31_536_000;
}

/// <summary>
/// Headers every response carries: a strict Content-Security-Policy (the pages have no inline script or style),
/// nosniff, the referrer policy, framing by this site only, and no camera, microphone or location. A response that
/// set its own Content-Security-Policy (the compiled report's HTML, an attachment download) keeps it. Scalar at
/// /api/docs and the Hangfire dashboard at /jobs ship inline scripts and styles, so those paths alone get a relaxed policy.
/// Written by hand rather than with NetEscapades.AspNetCore.SecurityHeaders (which restores here): that package
/// assigns its headers over those an endpoint has set, and these few lines say the whole policy in one place.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public const string RelaxedContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    /// <summary>The only paths under the relaxed policy: the API reference and the jobs dashboard.</summary>
    public static readonly IReadOnlyList<PathString> RelaxedPaths = ["/api/docs", "/scalar", "/jobs"];

    public static bool IsRelaxed(PathString path) => RelaxedPaths.Any(p => path.StartsWithSegments(p));

    public static WebApplicationBuilder AddWebHardening(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var reports = builder.Configuration.GetSection(ReportsOptions.Section).Get<ReportsOptions>() ?? new ReportsOptions();
        builder.Services.AddSingleton(options);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        // Multipart bodies only go to the attachment upload, whose endpoint sets its own request size limit.
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = Math.Max(options.MaxRequestBodyBytes, reports.MaxAttachmentBytes * 2 + 1024 * 1024));
        return builder;
    }

    /// <summary>First in the pipeline, so that static files, error pages and problem details all carry the headers.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var hsts = app.Services.GetRequiredService<SecurityOptions>().HstsMaxAgeSeconds;
        app.Use((context, next) =>
        {
            // Decided on the path as it arrives: the Hangfire dashboard rewrites Path and PathBase while it renders.
            var relaxed = IsRelaxed(context.Request.PathBase.Add(context.Request.Path));
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (!headers.ContainsKey("Content-Security-Policy"))
                    headers.ContentSecurityPolicy = relaxed ? RelaxedContentSecurityPolicy : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers.XFrameOptions = "SAMEORIGIN";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (context.Request.IsHttps && hsts > 0) headers.StrictTransportSecurity = $"max-age={hsts}";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}

public static class UnknownPaths
{
    /// <summary>
    /// A path no endpoint answers is a 404 for everyone, signed in or not (instead of the sign-in redirect the fallback
    /// policy would give an anonymous caller): so <c>/register</c> and <c>/api/auth/register</c> plainly do not exist.
    /// Between authentication and authorization; static files were served before.
    /// </summary>
    public static WebApplication UseNotFoundForUnknownPaths(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is not null) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}

/// <summary>
/// After authentication, on every request: the signed-in account is read again from the database (CurrentUser, once
/// per request). A disabled or deleted account is signed out at once — its cookie and bearer token stop working on the
/// next request — and the principal's roles are the stored ones, so a role an admin removed no longer counts
/// anywhere (the Hangfire dashboard's role check included), whatever the cookie or token says.
/// </summary>
public static class AccountCheck
{
    public static WebApplication UseAccountCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                var user = await context.RequestServices.GetRequiredService<CurrentUser>().TryGetAsync(context.RequestAborted);
                if (user is null)
                {
                    if (context.User.Identity.AuthenticationType == IdentityConstants.ApplicationScheme)
                        context.Response.Cookies.Delete("delegations.auth");
                    context.User = new ClaimsPrincipal(new ClaimsIdentity());
                }
                else
                {
                    var identity = (ClaimsIdentity)context.User.Identity;
                    var claims = identity.Claims.Where(c => c.Type != identity.RoleClaimType).Concat(user.Roles.Select(r => new Claim(identity.RoleClaimType, r)));
                    context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
                }
            }
            await next(context);
        });
        return app;
    }
}
