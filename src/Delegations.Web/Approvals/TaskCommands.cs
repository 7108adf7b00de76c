using System.Text.Json;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using static Delegations.Web.Approvals.TasksApi;

namespace Delegations.Web.Approvals;

/// <summary>Completing a task, for the API, the pages and the demo: checks, the engine command, the audit entry, in one transaction.</summary>
public sealed class TaskCommands(DelegationsDbContext db, WorkflowHost host, AccountAudit audit, TimeProvider clock, Visas.VisaTask visas, Budget.BudgetCheck budgetCheck)
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
            // The report task completes by filing the report, so no delegation ends "completed" without one.
            if (task.TaskKind == Reports.ReportCommands.TaskKind)
                throw AppProblemException.Conflict($"File the report with POST /api/proposals/{proposal.Id}/report; that completes this task.");

            var actor = principal.IsDeputyFor ? new Actor(user.Id, user.FullName, principal.Id, principal.FullName) : new Actor(user.Id, user.FullName);
            var outcome = request.Outcome.Trim().ToLowerInvariant();
            var forwardTo = outcome == Outcomes.Forward ? await ForwardTargetAsync(request.Data, user, ct) : null;
            var sendBackTo = outcome == Outcomes.SendBack ? request.Data?["step"]?.GetValue<string>() : null;
            // Visa and budget tasks write onto the proposal first, so the workflow sees the result.
            visas.Apply(task, proposal, outcome, request.Data, actor);
            await budgetCheck.ApplyAsync(task, proposal, outcome, request.Data, actor, ct);
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
                    ForwardTo = forwardTo,
                    SendBackTo = sendBackTo,
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

    /// <summary>Completes one task of a bulk action: refused when its form has required fields; errors reported, not thrown.</summary>
    public async Task<BulkItem> CompleteWithoutFormAsync(UserContext user, Guid id, string outcome, string? comment, CancellationToken ct)
    {
        try
        {
            var formJson = await db.Tasks.AsNoTracking().Where(t => t.Id == id).Select(t => t.FormJson).FirstOrDefaultAsync(ct);
            if (formJson is not null && (JsonSerializer.Deserialize<List<TaskFormField>>(formJson, TaskFormField.Json) ?? []).Any(f => f.Required))
                return new BulkItem(id, StatusCodes.Status400BadRequest, "This task has a form to fill in; open it to complete it.", null);
            var answer = await CompleteAsync(user, id, new CompleteRequest(outcome, comment, null), null, ct);
            return new BulkItem(id, StatusCodes.Status200OK, null, answer.Response?.ProposalStatus);
        }
        catch (AppProblemException ex)
        {
            return new BulkItem(id, ex.Status, ex.Message, null);
        }
        catch (WorkflowCommandException ex)
        {
            return new BulkItem(id, ex.Kind switch { WorkflowErrorKind.NotFound => 404, WorkflowErrorKind.Conflict => 409, _ => 400 }, ex.Message, null);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Who an approver forwards to: <c>data.forwardTo</c> = <c>{ "role": "Leadership" }</c> (anyone holding it) or
    /// <c>{ "user": "leader@demo.local" }</c> (an enabled account, not the approver).
    /// </summary>
    private async Task<AssigneeSpec> ForwardTargetAsync(System.Text.Json.Nodes.JsonObject? data, UserContext user, CancellationToken ct)
    {
        const string field = "data.forwardTo";
        if (data?["forwardTo"] is not System.Text.Json.Nodes.JsonObject target)
            throw AppProblemException.Invalid(field, "Name who to forward to: { \"role\": … } or { \"user\": \"e-mail\" }.");
        if (target["role"]?.GetValue<string>() is { Length: > 0 } role)
        {
            if (!Roles.Approvers.Contains(role)) throw AppProblemException.Invalid(field, $"'{role}' is not an approver role: {string.Join(", ", Roles.Approvers)}.");
            return AssigneeSpec.ForRole(role);
        }
        if (target["user"]?.GetValue<string>() is { Length: > 0 } email)
        {
            var exists = await db.Users.AnyAsync(u => u.Email == email && !u.IsDisabled, ct);
            if (!exists) throw AppProblemException.Invalid(field, $"There is no active account '{email}'.");
            if (string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase)) throw AppProblemException.Invalid(field, "You cannot forward to yourself.");
            return new AssigneeSpec(null, AssigneeSpec.ScopeAny, email);
        }
        throw AppProblemException.Invalid(field, "Give a role or a user.");
    }
}
