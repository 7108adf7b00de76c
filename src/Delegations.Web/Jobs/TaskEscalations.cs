using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Jobs;

/// <summary>
/// Escalates the open tasks whose escalation period (counted from the due time) has passed: the escalation role
/// (and department) gets the task too — <see cref="Approvals.Access"/> lets them act on it once
/// <see cref="WorkflowTask.EscalatedAt"/> is set —, the journal says so, and the new assignees get a mail. Once per
/// task: the escalation is claimed with a conditional UPDATE (not escalated yet → now) in the same transaction as its
/// journal entry and outbox rows.
/// </summary>
public sealed class TaskEscalations(
    DelegationsDbContext db, Outbox outbox, RecipientDirectory recipients, JobsOptions options, TimeProvider clock, ILogger<TaskEscalations> logger)
{
    public const string Template = "escalation";

    private sealed record DueTask(
        Guid Id, Guid InstanceId, Guid ProposalId, string ReferenceNumber, string ProposalTitle, DateOnly StartDate, DateOnly EndDate,
        string StepId, string TitleVi, string TitleEn, DateTimeOffset? Due, string? AssigneeRole, Guid? AssigneeDepartmentId,
        string? AssigneeUser, string? ReassignedToUserId, string EscalationRole, Guid? EscalationDepartmentId, string? DepartmentCode);

    public async Task<int> EscalateDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await (from t in db.Tasks.AsNoTracking()
                         where t.Status == TaskStatuses.Open && t.EscalateAt != null && t.EscalateAt <= now && t.EscalatedAt == null && t.EscalationRole != null
                         join p in db.Proposals.AsNoTracking() on t.ProposalId equals p.Id
                         orderby t.EscalateAt
                         select new DueTask(t.Id, t.InstanceId, p.Id, p.ReferenceNumber, p.Title, p.StartDate, p.EndDate, t.StepId, t.TitleVi, t.TitleEn,
                             t.Due, t.AssigneeRole, t.AssigneeDepartmentId, t.AssigneeUser, t.ReassignedToUserId, t.EscalationRole!, t.EscalationDepartmentId,
                             db.Departments.Where(d => d.Id == t.EscalationDepartmentId).Select(d => d.Code).FirstOrDefault()))
            .Take(Math.Max(1, options.SweepBatchSize)).ToListAsync(ct);
        var escalated = 0;
        foreach (var chunk in due.Chunk(TaskReminders.ChunkSize))
            escalated += await EscalateAsync(chunk, now, ct);
        return escalated;
    }

    private async Task<int> EscalateAsync(DueTask[] chunk, DateTimeOffset now, CancellationToken ct)
    {
        var planned = new List<(DueTask Task, List<OutboxMessage> Mail)>();
        foreach (var task in chunk)
        {
            IReadOnlyList<Recipient> former = task.ReassignedToUserId is { } userId
                ? [.. new[] { await recipients.UserAsync(userId, ct) }.OfType<Recipient>()]
                : await recipients.ForAsync(task.AssigneeRole, task.AssigneeDepartmentId, task.AssigneeUser, ct);
            var mail = new List<OutboxMessage>();
            foreach (var to in await recipients.ForAsync(task.EscalationRole, task.EscalationDepartmentId, null, ct))
            {
                var model = MailModels.For(
                    MailModels.Proposal(task.ProposalId, task.ReferenceNumber, task.ProposalTitle, task.StartDate, task.EndDate, to.Language, outbox),
                    MailModels.Task(task.Id, task.TitleVi, task.TitleEn, task.Due, to.Language, outbox));
                model["escalation"] = MailModels.Escalation(task.EscalationRole, former.Select(f => f.Name));
                mail.Add(await outbox.RenderAsync(Template, to, model, $"{Template}:{task.Id}:{to.UserId}", task.ProposalId, task.Id, ct));
            }
            planned.Add((task, mail));
        }
        var queued = await outbox.ExistingKeysAsync(planned.SelectMany(p => p.Mail).Select(m => m.DedupKey).ToList(), ct);

        var escalated = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var (task, mail) in planned)
            {
                var claimed = await db.Tasks
                    .Where(t => t.Id == task.Id && t.Status == TaskStatuses.Open && t.EscalatedAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.EscalatedAt, now), ct);
                if (claimed == 0) continue;
                escalated++;
                var to = task.DepartmentCode is null ? task.EscalationRole : $"{task.EscalationRole} ({task.DepartmentCode})";
                db.Journal.Add(new JournalRecord
                {
                    ProposalId = task.ProposalId,
                    InstanceId = task.InstanceId,
                    At = now,
                    Kind = JournalKinds.Escalated,
                    ActorId = Actor.System.Id,
                    ActorName = Actor.System.Name,
                    FromStep = task.StepId,
                    Outcome = task.EscalationRole,
                    Comment = $"escalated to {to}: overdue since {Outbox.FormatMoment(task.Due, "en")}",
                    TaskId = task.Id,
                });
                foreach (var m in mail.Where(m => !queued.Contains(m.DedupKey))) outbox.Add(m);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        if (escalated > 0) logger.LogInformation("Escalations: {Escalated} tasks escalated", escalated);
        return escalated;
    }
}
