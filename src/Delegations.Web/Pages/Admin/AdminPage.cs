using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Delegations.Web.Pages.Admin;

/// <summary>
/// Base of the admin pages: admins only, checked against the database on every request (a role removed a minute ago
/// counts), 403 page for anyone else. Anti-forgery is checked before this, on every post.
/// </summary>
public abstract class AdminPage : PageModel
{
    /// <summary>The signed-in admin, in the page's language.</summary>
    protected UserContext Admin { get; private set; } = null!;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var user = await HttpContext.RequestServices.GetRequiredService<Viewer>().GetAsync(HttpContext.RequestAborted);
        if (!user.IsAdmin)
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        Admin = user;
        ViewData["Section"] = "admin";
        await next();
    }

    /// <summary>A message for the next page (after a redirect).</summary>
    protected void Flash(string message, string kind = "success")
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = kind;
    }

    /// <summary>The validator's errors with their messages in the page's language.</summary>
    protected static List<Delegations.Web.Admin.WorkflowAdminApi.ValidationError> InLanguage(IEnumerable<Delegations.Web.Admin.WorkflowAdminApi.ValidationError> errors, UiMessages messages) =>
        errors.Select(e => e with { Message = messages.Translate(e.Message) }).ToList();

    /// <summary>The message of a refusal the page shows rather than turning into an error page.</summary>
    protected static string? RefusalMessage(Exception e) => e switch
    {
        AppProblemException p => p.Errors?.Values.SelectMany(v => v).FirstOrDefault() ?? p.Message,
        Delegations.Workflows.Runtime.WorkflowCommandException w => w.Message,
        _ => null,
    };
}
