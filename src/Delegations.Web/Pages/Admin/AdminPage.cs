using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Http.HttpResults;
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

/// <summary>
/// An admin page whose forms call the same handlers as <c>/api/admin/*</c>, so the rules, the audit entries and the
/// messages are one; field errors and refusals land next to their inputs.
/// </summary>
public abstract class AdminFormPage(UiMessages messages) : AdminPage
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? FormError { get; protected set; }

    /// <returns>403 for anyone but an admin, else null (the base class has already refused them; kept as a second check in each handler).</returns>
    protected Task<IActionResult?> RefuseAsync(CancellationToken ct) =>
        Task.FromResult<IActionResult?>(Admin is { IsAdmin: true } ? null : StatusCode(StatusCodes.Status403Forbidden));

    /// <summary>Runs an admin command; field errors and refusals land on the page in its language. True when it succeeded.</summary>
    protected async Task<bool> RunAsync(Func<Task<IResult>> command)
    {
        try
        {
            var result = await command();
            if (result is INestedHttpResult nested) result = nested.Result;
            if (result is ValidationProblem problem)
            {
                foreach (var (field, list) in problem.ProblemDetails.Errors) Errors[field] = string.Join(" ", list.Select(messages.Translate));
                return false;
            }
            return true;
        }
        catch (AppProblemException e)
        {
            if (e.Errors is { Count: > 0 } errors) foreach (var (field, list) in errors) Errors[field] = string.Join(" ", list.Select(messages.Translate));
            else FormError = messages.Translate(e.Message);
            return false;
        }
    }

    protected UiMessages Messages => messages;

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    public string Invalid(string field) => Errors.ContainsKey(field) ? " is-invalid" : "";
}
