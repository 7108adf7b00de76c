using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Delegations.Web.Pages.Errors;

/// <summary>
/// The error page for any status (404, 403, 409, 500, …), in the user's language. Rendered by re-execution from
/// the status code pages (keeping the status), or visited directly (the cookie's access-denied path).
/// A re-executed POST arrives as a POST, so both verbs render it, without an anti-forgery check of its own.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public string? OriginalPath { get; private set; }

    public IActionResult OnGet(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        OriginalPath = reExecuted?.OriginalPath;
        if (reExecuted is null) Response.StatusCode = Code;
        return Page();
    }

    public IActionResult OnPost(int code) => OnGet(code);
}
