using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Delegations.Web.Pages.Admin;

/// <summary>
/// A page for administrators only (403 for anyone else, checked against the stored roles). Its forms call the same
/// handlers as <c>/api/admin/*</c>, so the rules, the audit entries and the messages are one.
/// </summary>
public abstract class AdminPage(Viewer viewer, UiMessages messages) : PageModel
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? FormError { get; protected set; }
    protected UserContext Admin { get; private set; } = null!;

    /// <returns>403 for anyone but an admin, else null.</returns>
    protected async Task<IActionResult?> RefuseAsync(CancellationToken ct)
    {
        Admin = await viewer.GetAsync(ct);
        return Admin.IsAdmin ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

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
