using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Workflows;
using Microsoft.EntityFrameworkCore;
using static Delegations.Web.Approvals.TasksApi;

namespace Delegations.Web.Approvals;

/// <summary>My open tasks (including those I hold as a deputy today), overdue first, then by due time: the API's and the page's inbox.</summary>
public static class Inbox
{
    public static async Task<IReadOnlyList<TaskItem>> LoadAsync(DelegationsDbContext db, UserContext user, WorkflowHost host, CancellationToken ct)
    {
        var rows = await (from t in db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Open).Where(Access.AssignedTo(user))
                          join p in db.Proposals.AsNoTracking() on t.ProposalId equals p.Id
                          select new { Task = t, p.ReferenceNumber, p.Title }).ToListAsync(ct);
        var calendar = await host.CalendarAsync(ct);
        var now = host.Clock.GetUtcNow();
        return rows
            .OrderByDescending(r => r.Task.Due < now)
            .ThenBy(r => r.Task.Due ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.Task.CreatedAt)
            .ThenBy(r => r.Task.ItemIndex)
            .Select(r => ToItem(r.Task, r.ReferenceNumber, r.Title, user, calendar, now))
            .ToList();
    }
}
