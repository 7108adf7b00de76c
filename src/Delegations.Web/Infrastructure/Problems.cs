using System.Text.Json;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Infrastructure;

/// <summary>A business rule refused the request; mapped to a problem details response with <see cref="Status"/>.</summary>
public class AppProblemException(int status, string title, string detail, IDictionary<string, string[]>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IDictionary<string, string[]>? Errors { get; } = errors;
    /// <summary>More members of the problem document (e.g. <c>policyFindings</c> when a policy rule refuses a submission).</summary>
    public IDictionary<string, object?>? Extensions { get; init; }

    public static AppProblemException NotFound(string what) => new(StatusCodes.Status404NotFound, "Not found", $"{what} was not found.");
    public static AppProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);
    public static AppProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
    public static AppProblemException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "Invalid input", message, new Dictionary<string, string[]> { [field] = [message] });
    public static AppProblemException Invalid(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "Invalid input", "One or more fields are invalid: " + string.Join(", ", errors.Keys) + ".", errors);
}

/// <summary>Collects field errors keyed by JSON path (<c>members[2].fullName</c>).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (Any) throw AppProblemException.Invalid(ToDictionary());
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
}

/// <summary>
/// The one place exceptions become problem details (RFC 9457): business refusals with their status, engine
/// errors as 400/404/409, concurrency as 409, malformed JSON as 400 naming the field, anything else a 500 that
/// reveals nothing.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // Pages answer with an error page in the user's language (Ui/PageExceptionHandler), not with JSON.
        if (!Accounts.AuthSetup.IsApi(http.Request)) return false;
        var (status, title, detail, errors) = exception switch
        {
            AppProblemException p => (p.Status, p.Title, p.Message, p.Errors),
            WorkflowCommandException w => w.Kind switch
            {
                WorkflowErrorKind.NotFound => (404, "Not found", w.Message, null),
                WorkflowErrorKind.Conflict => (409, "Conflict", w.Message, null),
                _ => (400, "Invalid input", w.Message, w.Field is null ? null : new Dictionary<string, string[]> { [w.Field] = [w.Message] }),
            },
            DbUpdateConcurrencyException => (409, "Conflict", "Someone else changed this record a moment ago; reload and try again.", (IDictionary<string, string[]>?)null),
            BadHttpRequestException { InnerException: JsonException json } => (400, "Invalid input", "The request body is not valid JSON for this endpoint.", FieldOf(json)),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message, null),
            JsonException json => (400, "Invalid input", "The request body is not valid JSON for this endpoint.", FieldOf(json)),
            _ => (500, "Server error", "Something went wrong on our side; it has been logged.", null),
        };
        if (status >= 500) logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        else logger.LogInformation("Refused {Method} {Path}: {Status} {Detail}", http.Request.Method, http.Request.Path, status, detail);

        http.Response.StatusCode = status;
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        if (exception is AppProblemException { Extensions: { } extensions })
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static IDictionary<string, string[]>? FieldOf(JsonException json)
    {
        if (string.IsNullOrEmpty(json.Path)) return null;
        var path = json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path.TrimStart('$');
        return new Dictionary<string, string[]> { [path.Length == 0 ? "$" : path] = ["This value has the wrong type or format."] };
    }
}

public static class ProblemSetup
{
    public static IServiceCollection AddProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    public static ValidationProblem Validation(FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), detail: "One or more fields are invalid.", title: "Invalid input");
}
