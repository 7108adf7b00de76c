using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Approvals;

/// <summary>
/// An open task handed to a named person, with a reason: admins anywhere, department heads for proposals of their
/// department (or its sub-departments). From then on only that person (or their deputy) may act on it. One
/// transaction: the task row, the journal entry ("task-reassigned", the new assignee as its outcome), the audit
/// entry and the mail to the new assignee.
/// </summary>
public sealed class Reassignment(DelegationsDbContext db, WorkflowHost host, AccountAudit audit, Outbox outbox, TimeProvider clock)
{
    public const string JournalKind = "task-reassigned";

    public sealed record Request(string? UserId, string? Email, string? Reason);
    public sealed record Result(Guid TaskId, Guid ProposalId, PersonView AssignedTo, string Reason);

    /// <summary>Whether the user may reassign tasks of this proposal (the page shows its button by this).</summary>
    public Task<bool> MayReassignAsync(UserContext user, Proposal proposal, CancellationToken ct) => MayReassignAsync(user, proposal.DepartmentId, ct);

    public async Task<bool> MayReassignAsync(UserContext user, Guid proposalDepartmentId, CancellationToken ct = default)
    {
        if (user.IsAdmin) return true;
        if (!user.IsInRole(Roles.DepartmentHead)) return false;
        return (await DepartmentTree.LoadAsync(db, ct)).IsWithin(proposalDepartmentId, user.DepartmentId);
    }

    public async Task<Result> ReassignAsync(UserContext user, Guid taskId, Request request, CancellationToken ct)
    {
        return await db.SaveWithRetryAsync(async () =>
        {
            var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct) ?? throw AppProblemException.NotFound("The task");
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, task.ProposalId, ct, tracking: true);
            if (!await MayReassignAsync(user, proposal, ct))
                throw AppProblemException.Forbidden("Tasks are reassigned by administrators, and by department heads within their department.");
            if (task.Status != TaskStatuses.Open) throw AppProblemException.Conflict("This task is no longer open, so it cannot be reassigned.");

            var errors = new FieldErrors();
            var reason = request.Reason?.Trim();
            if (string.IsNullOrEmpty(reason)) errors.Add("reason", "Required: say why the task changes hands; it is kept in the proposal's history.");
            else if (reason.Length > 1000) errors.Add("reason", "At most 1000 characters.");
            AppUser? target = null;
            var field = string.IsNullOrWhiteSpace(request.UserId) ? "email" : "userId";
            if (!string.IsNullOrWhiteSpace(request.UserId))
                target = await db.Users.FirstOrDefaultAsync(u => u.Id == request.UserId.Trim() && !u.IsDisabled, ct);
            else if (!string.IsNullOrWhiteSpace(request.Email))
            {
                var normalized = request.Email.Trim().ToUpperInvariant();
                target = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized && !u.IsDisabled, ct);
            }
            if (string.IsNullOrWhiteSpace(request.UserId) && string.IsNullOrWhiteSpace(request.Email)) errors.Add("email", "Required: who takes the task over (userId or email).");
            else if (target is null) errors.Add(field, "There is no such active account.");
            else if (task.Kind == Delegations.Workflows.Definitions.StepTypes.Approval && target.Id == proposal.CreatedById)
                errors.Add(field, "This person submitted the proposal, so they cannot approve it.");
            else if (target.Id == task.ReassignedToUserId) errors.Add(field, "The task is already with this person.");
            errors.ThrowIfAny();

            task.ReassignedToUserId = target!.Id;
            host.Journal(proposal, JournalKind, new Actor(user.Id, user.FullName), comment: reason, outcome: target.FullName, step: task.StepId);
            audit.Add(AuditKinds.TaskAction, user.Id, user.FullName, $"{proposal.ReferenceNumber}/{task.StepId}", $"reassigned to {target.Email}: {reason}");
            var to = new Recipient(target.Id, target.Email!, target.FullName, target.Language);
            var language = to.Language;
            var model = new Dictionary<string, object?>
            {
                ["proposal"] = new Dictionary<string, object?>
                {
                    ["title"] = proposal.Title, ["referenceNumber"] = proposal.ReferenceNumber, ["link"] = outbox.Link($"/proposals/{proposal.Id}"),
                    ["startDate"] = proposal.StartDate.ToString(language == "en" ? "yyyy-MM-dd" : "dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
                    ["endDate"] = proposal.EndDate.ToString(language == "en" ? "yyyy-MM-dd" : "dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
                },
                ["task"] = new Dictionary<string, object?>
                {
                    ["title"] = language == "en" ? task.TitleEn : task.TitleVi,
                    ["due"] = Outbox.FormatMoment(task.Due, language),
                    ["link"] = outbox.Link($"/tasks/{task.Id}"),
                },
            };
            await outbox.EnqueueAsync("task-assigned", to, model, $"reassigned:{task.Id}:{target.Id}:{clock.GetUtcNow().UtcTicks}", proposal.Id, task.Id, ct);
            return new Result(task.Id, proposal.Id, new PersonView(target.Id, target.FullName), reason!);
        }, ct);
    }
}

public static class ReassignmentApi
{
    public static void MapReassignmentApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tasks/{id:guid}/reassign", Reassign).WithTags("Tasks").RequireAuthorization()
            .WithSummary("Hand an open task to a named person ({ userId or email, reason }): admins anywhere, department heads within their department.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Ok<Reassignment.Result>> Reassign(Guid id, Reassignment.Request request, CurrentUser current, Reassignment reassignment, CancellationToken ct) =>
        TypedResults.Ok(await reassignment.ReassignAsync(await current.GetAsync(ct), id, request, ct));
}
