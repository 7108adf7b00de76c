using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Calendar;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;

namespace Delegations.Web.Ui;

/// <summary>
/// The web UI: Razor Pages under Pages/ (one folder per feature), Vietnamese first with English a switch away,
/// error pages in the user's language, and the per-user iCal feed. API requests keep their problem details.
/// </summary>
public static class UiSetup
{
    public static readonly IReadOnlyList<string> Languages = ["vi", "en"];

    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddRazorPages().AddViewLocalization();
        // Vietnamese text is written as is, not as &#x...; entities (markup characters are still encoded).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(l => new CultureInfo(l)).ToList();
            o.DefaultRequestCulture = new RequestCulture("vi");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // Vietnamese unless the user chose otherwise (the cookie is set at sign-in from AppUser.Language and by
            // the language switch); the browser's Accept-Language is deliberately not consulted.
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = UiCulture.CookieName }];
        });
        // The app-wide UseStatusCodePages writes problem details; for page requests it leaves the body empty so the
        // error page (UseWebUi, further out) is rendered instead.
        builder.Services.Configure<StatusCodePagesOptions>(o =>
        {
            var api = o.HandleAsync;
            o.HandleAsync = context => AuthSetup.IsApi(context.HttpContext.Request) ? api(context) : Task.CompletedTask;
        });
        builder.Services.AddScoped<Viewer>();
        builder.Services.AddScoped<UiMessages>();
        builder.Services.AddExceptionHandler<PageExceptionHandler>();
        builder.Services.AddScoped<CalendarFeeds>();
        return builder;
    }

    /// <summary>
    /// Call first in the pipeline: the culture of page requests, then the error pages (outside the exception
    /// handler, so that an exception on a page ends on the 500 page rather than in JSON). The re-execution is
    /// registered at the top level, not in a branch, so the error page is routed like any other page.
    /// </summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseWhen(context => !AuthSetup.IsApi(context.Request), pages => pages.UseRequestLocalization());
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use((context, next) =>
        {
            // API responses keep their problem details: the error pages stay out of their way.
            if (AuthSetup.IsApi(context.Request) && context.Features.Get<IStatusCodePagesFeature>() is { } errorPages) errorPages.Enabled = false;
            return next(context);
        });
        return app;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapCalendarFeed();
        return app;
    }
}

/// <summary>
/// Exceptions on page requests become the status code they stand for (404, 403, 409, 500…), with an empty body,
/// so the status code pages render the error page in the user's language. API requests are left to
/// <see cref="Infrastructure.ProblemExceptionHandler"/>.
/// </summary>
public sealed class PageExceptionHandler(ILogger<PageExceptionHandler> logger) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (AuthSetup.IsApi(http.Request)) return ValueTask.FromResult(false);
        var status = exception switch
        {
            Infrastructure.AppProblemException p => p.Status,
            Delegations.Workflows.Runtime.WorkflowCommandException w => w.Kind switch
            {
                Delegations.Workflows.Runtime.WorkflowErrorKind.NotFound => 404,
                Delegations.Workflows.Runtime.WorkflowErrorKind.Conflict => 409,
                _ => 400,
            },
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => 409,
            BadHttpRequestException bad => bad.StatusCode,
            _ => 500,
        };
        if (status >= 500) logger.LogError(exception, "Unhandled error on page {Method} {Path}", http.Request.Method, http.Request.Path);
        else logger.LogInformation("Refused page {Method} {Path}: {Status} {Message}", http.Request.Method, http.Request.Path, status, exception.Message);
        http.Response.StatusCode = status;
        return ValueTask.FromResult(true);
    }
}

/// <summary>The UI language of the current request and the cookie that remembers it.</summary>
public static class UiCulture
{
    public const string CookieName = "delegations.lang";

    /// <summary>"vi" or "en".</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "vi";

    public static bool IsEnglish => Language == "en";

    public static string Normalize(string? language) => language?.Trim().ToLowerInvariant() is "en" ? "en" : "vi";

    public static void Remember(HttpResponse response, string language)
    {
        var value = CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Normalize(language)));
        // MaxAge rather than Expires: a relative lifetime needs no clock (and survives a test's fake one).
        response.Cookies.Append(CookieName, value, new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = response.HttpContext.Request.IsHttps,
        });
    }
}
