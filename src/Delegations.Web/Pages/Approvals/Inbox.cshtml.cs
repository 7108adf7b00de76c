using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Delegations.Web.Pages.Approvals;

/// <summary>My open tasks, including those I hold as a deputy today: overdue first, due dates in working days, one click to each.</summary>
public sealed class InboxModel(DelegationsDbContext db, Viewer viewer, WorkflowHost host) : PageModel
{
    public IReadOnlyList<TasksApi.TaskItem> Tasks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        Tasks = await Inbox.LoadAsync(db, user, host, ct);
    }

    /// <summary>Where one click on a task goes: the report form for a report, else the task page.</summary>
    public static string LinkFor(TasksApi.TaskItem task) =>
        task.Kind == "post-trip-report" ? $"/proposals/{task.ProposalId}/report" : $"/tasks/{task.Id}";
}
