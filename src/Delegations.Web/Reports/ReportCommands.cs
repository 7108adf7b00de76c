using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using static Delegations.Web.Reports.ReportApi;

namespace Delegations.Web.Reports;

/// <summary>Filing the post-trip report: the report, its agreements and follow-ups, and the completion of its task, in one transaction.</summary>
public sealed class ReportCommands(DelegationsDbContext db, WorkflowHost host, TimeProvider clock)
{
    public async Task<Guid> FileAsync(UserContext user, Guid proposalId, ReportInput input, CancellationToken ct)
    {
        var errors = Validate(input);
        return await db.SaveWithRetryAsync(async () =>
        {
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, proposalId, ct, tracking: true);
            var task = await db.Tasks.FirstOrDefaultAsync(t => t.ProposalId == proposalId && t.Status == TaskStatuses.Open && t.TaskKind == "post-trip-report", ct)
                       ?? throw AppProblemException.Conflict($"No report is due for this proposal (it is {EnumText.ToText(proposal.Status)}).");
            var principal = Access.ActingPrincipal(user, task) ?? throw AppProblemException.Forbidden("Only the submitting department files this report.");
            errors.ThrowIfAny();
            if (await db.Reports.AnyAsync(r => r.ProposalId == proposalId, ct)) throw AppProblemException.Conflict("A report has already been filed.");
            var now = clock.GetUtcNow();
            var report = NewReport(proposal.Id, input, user, now, task.Due is { } due && now > due);
            db.Reports.Add(report);
            var actor = principal.IsDeputyFor ? new Actor(user.Id, user.FullName, principal.Id, principal.FullName) : new Actor(user.Id, user.FullName);
            await host.RunAsync(proposal, l => l.Engine.CompleteTask(l.Definition, l.Instance, new CompleteTaskCommand
            {
                Actor = actor,
                TaskId = task.Id.ToString(),
                Outcome = Outcomes.Done,
                Data = new JsonObject { ["summary"] = report.Summary, ["results"] = report.Results },
                Variables = host.Variables(proposal),
            }), ct);
            return report.Id;
        }, ct);
    }
}
