using System.Text.Json;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using static Delegations.Web.Approvals.TasksApi;

namespace Delegations.Web.Approvals;

/// <summary>Completing a task, for the API, the pages and the demo: checks, the engine command, the audit entry, in one transaction.</summary>
public sealed class TaskCommands(DelegationsDbContext db, WorkflowHost host, AccountAudit audit, TimeProvider clock)
{
    public sealed record Answer(IdempotencyRecord? Replay, CompleteResponse? Response);

    public async Task<Answer> CompleteAsync(UserContext user, Guid id, CompleteRequest request, string? idempotencyKey, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Outcome))
            throw AppProblemException.Invalid("outcome", "Required: approve, reject, changes or done.");
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        if (key is { Length: > 200 }) throw AppProblemException.Invalid("Idempotency-Key", "At most 200 characters.");

        return await db.SaveWithRetryAsync(async () =>
        {
            if (key is not null && await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key && r.UserId == user.Id, ct) is { } previous)
                return new Answer(previous, null);

            var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw AppProblemException.NotFound("The task");
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, task.ProposalId, ct, tracking: true);
            if (task.Status == TaskStatuses.Completed)
                throw AppProblemException.Conflict($"This task was already completed by {task.CompletedByName} ({task.Outcome}) at {Mail.Outbox.FormatMoment(task.CompletedAt, user.Language)}.");
            if (task.Status == TaskStatuses.Cancelled)
                throw AppProblemException.Conflict("This task is no longer open: the workflow has moved on.");
            var principal = Access.ActingPrincipal(user, task) ?? throw AppProblemException.Forbidden("This task is not assigned to you.");
            if (Access.SeparationOfDutiesViolation(user, proposal, task) is { } violation) throw AppProblemException.Forbidden(violation);

            var actor = principal.IsDeputyFor ? new Actor(user.Id, user.FullName, principal.Id, principal.FullName) : new Actor(user.Id, user.FullName);
            var outcome = request.Outcome.Trim().ToLowerInvariant();
            CommandResult result;
            try
            {
                result = await host.RunAsync(proposal, l => l.Engine.CompleteTask(l.Definition, l.Instance, new CompleteTaskCommand
                {
                    Actor = actor,
                    TaskId = task.Id.ToString(),
                    Outcome = outcome,
                    Comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(),
                    Data = request.Data,
                    IdempotencyKey = key,
                    Variables = host.Variables(proposal),
                }), ct);
            }
            catch (WorkflowCommandException e) when (e.Kind == WorkflowErrorKind.NotFound)
            {
                // The task row (read first) said open, the instance (read after) no longer has the task: another request
                // committed in between. Read both again, so this one gets the same 409 as everyone who came later.
                throw new DbUpdateConcurrencyException(e.Message, e);
            }
            audit.Add(AuditKinds.TaskAction, user.Id, user.FullName, $"{proposal.ReferenceNumber}/{task.StepId}",
                principal.IsDeputyFor ? $"{outcome} on behalf of {principal.FullName}" : outcome);

            var response = new CompleteResponse(task.Id, outcome, proposal.Id, proposal.Status,
                result.Instance.Tokens.Select(t => t.StepId).Distinct().ToList());
            if (key is not null)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord
                {
                    Key = key, UserId = user.Id, CreatedAt = clock.GetUtcNow(), StatusCode = StatusCodes.Status200OK,
                    ResponseJson = JsonSerializer.Serialize(response, ApiJson.Options),
                });
            }
            return new Answer(null, response);
        }, ct);
    }
}
