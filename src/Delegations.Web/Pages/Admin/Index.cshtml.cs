using Microsoft.AspNetCore.Routing;

namespace Delegations.Web.Pages.Admin;

/// <summary>
/// The admin area's index: one link per admin page. Pages come from several features (some still being built), so a
/// link is shown only when its page is routed in this running app — the index never links to a 404.
/// </summary>
public sealed class IndexModel(EndpointDataSource endpoints) : AdminPage
{
    public sealed record Entry(string Path, string Title, string Description, string Group);

    /// <summary>Every admin page we know of, in the order shown.</summary>
    public static readonly IReadOnlyList<Entry> Known =
    [
        new("/admin/workflows", "Workflow definitions", "Edit, validate, simulate, publish and migrate the approval routes.", "Workflows"),
        new("/admin/incidents", "Incidents", "Workflows that stopped on an error: retry after the fix, or cancel.", "Workflows"),
        new("/admin/holidays", "Holiday calendar", "Days off and make-up working days, counted by every working-day due date.", "Workflows"),
        new("/admin/mail/templates", "Mail templates", "The text of every mail the application sends, with a preview.", "Mail and jobs"),
        new("/admin/mail/outbox", "Mail outbox", "Mail waiting, sent and failed.", "Mail and jobs"),
        new("/jobs", "Background jobs", "The Hangfire dashboard: recurring jobs, queues, failures.", "Mail and jobs"),
        new("/admin/users", "Users", "Accounts, roles and deputies.", "People"),
        new("/admin/departments", "Departments", "The organisation's departments and their codes.", "People"),
        new("/admin/audit", "Audit log", "Who did what to the system, and when.", "People"),
        new("/admin/norms", "Budget norms", "Cost caps by circular, country group and grade, with their effective dates.", "Budget and policy"),
        new("/admin/plan", "Annual delegation plan", "The trips planned for the year.", "Budget and policy"),
        new("/admin/policy-rules", "Policy rules", "The organisation's rules that proposals are checked against.", "Budget and policy"),
    ];

    public IReadOnlyList<Entry> Entries { get; private set; } = [];

    public void OnGet() => Entries = Known.Where(e => Exists(endpoints, e.Path)).ToList();

    /// <summary>Whether a page (or an endpoint tree such as /jobs/…) is routed here.</summary>
    public static bool Exists(EndpointDataSource endpoints, string path)
    {
        var wanted = path.Trim('/');
        return endpoints.Endpoints.OfType<RouteEndpoint>().Any(e =>
        {
            var pattern = (e.RoutePattern.RawText ?? "").Trim('/');
            return string.Equals(pattern, wanted, StringComparison.OrdinalIgnoreCase)
                   || pattern.StartsWith(wanted + "/{**", StringComparison.OrdinalIgnoreCase);
        });
    }
}
