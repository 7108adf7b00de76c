using System.Collections.Concurrent;
using System.Text.Json;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Workflows;
using Delegations.Workflows.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Delegations.Web.Jobs;

/// <summary>
/// Sends the task reminders that are due — the definition's <c>before 1 day</c>, <c>after 0</c>,
/// <c>every 1 working day</c>, counted on the holiday calendar in the database. Each (task, reminder number) is sent
/// once: the reminder is claimed with a conditional UPDATE (the task's next reminder is still number n → the one
/// after; one statement per chunk) in the same transaction as its outbox rows, so a second sweep or node claims
/// nothing, and a crash before the commit leaves it due for the next sweep. A sweep that finds several reminders of a task past (the server was down)
/// sends the latest only. Work goes in chunks of one transaction each, at most
/// <see cref="JobsOptions.SweepBatchSize"/> tasks per call: the next sweep carries on.
/// A post-trip report task at or past its due time gets the report-overdue mail instead, to the submitting department
/// and its head.
/// </summary>
public sealed class TaskReminders(
    DelegationsDbContext db, Outbox outbox, RecipientDirectory recipients, JobsOptions options, TimeProvider clock, ILogger<TaskReminders> logger)
{
    public const string Template = "reminder";
    public const string ReportOverdueTemplate = "report-overdue";
    public const int ChunkSize = 250;

    private static readonly ConcurrentDictionary<string, IReadOnlyList<ReminderSpec>> Parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<(string?, Guid?, string?), IReadOnlyList<Recipient>> _people = new();

    /// <summary>What the sweep reads of a task whose reminder is due.</summary>
    private sealed record DueTask(
        Guid Id, Guid ProposalId, string ReferenceNumber, string ProposalTitle, DateOnly StartDate, DateOnly EndDate, Guid DepartmentId,
        string StepId, string? TaskKind, string TitleVi, string TitleEn, DateTimeOffset CreatedAt, DateTimeOffset? Due, string? RemindersJson,
        int NextReminderNumber, string? AssigneeRole, Guid? AssigneeDepartmentId, string? AssigneeUser, string? ReassignedToUserId,
        DateTimeOffset? EscalatedAt, string? EscalationRole, Guid? EscalationDepartmentId);

    /// <summary>Sends (or, when the calendar moved it, reschedules) the due reminders; returns how many tasks it handled.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await (from t in db.Tasks.AsNoTracking()
                         where t.Status == TaskStatuses.Open && t.NextReminderAt != null && t.NextReminderAt <= now
                         join p in db.Proposals.AsNoTracking() on t.ProposalId equals p.Id
                         orderby t.NextReminderAt
                         select new DueTask(t.Id, p.Id, p.ReferenceNumber, p.Title, p.StartDate, p.EndDate, p.DepartmentId,
                             t.StepId, t.TaskKind, t.TitleVi, t.TitleEn, t.CreatedAt, t.Due, t.RemindersJson, t.NextReminderNumber,
                             t.AssigneeRole, t.AssigneeDepartmentId, t.AssigneeUser, t.ReassignedToUserId,
                             t.EscalatedAt, t.EscalationRole, t.EscalationDepartmentId))
            .Take(Math.Max(1, options.SweepBatchSize)).ToListAsync(ct);
        if (due.Count == 0) return 0;

        var calendar = await CalendarSource.LoadAsync(db, ct);
        var handled = 0;
        foreach (var chunk in due.Chunk(ChunkSize))
            handled += await HandleAsync(chunk, now, calendar, ct);
        return handled;
    }

    private async Task<int> HandleAsync(DueTask[] chunk, DateTimeOffset now, WorkingDayCalendar calendar, CancellationToken ct)
    {
        // Plan and render first, outside the transaction: the write lock is then held only for the claims and inserts.
        var planned = new List<(DueTask Task, ScheduledReminder? Next, List<OutboxMessage> Mail)>();
        foreach (var task in chunk)
        {
            var (send, next) = Plan(task, now, calendar);
            var mail = new List<OutboxMessage>();
            if (send is { } reminder)
            {
                var reportOverdue = task.TaskKind == Reports.ReportCommands.TaskKind && task.Due is { } d && reminder.At >= d;
                var template = reportOverdue ? ReportOverdueTemplate : Template;
                foreach (var to in await RecipientsAsync(task, reportOverdue, ct))
                {
                    var model = MailModels.For(
                        MailModels.Proposal(task.ProposalId, task.ReferenceNumber, task.ProposalTitle, task.StartDate, task.EndDate, to.Language, outbox),
                        MailModels.Task(task.Id, task.TitleVi, task.TitleEn, task.Due, to.Language, outbox));
                    var overdue = task.Due is { } dueAt && now >= dueAt;
                    model["reminder"] = MailModels.Reminder(reminder.Number, overdue,
                        overdue ? Math.Max(0, calendar.WorkingDaysBetween(task.Due!.Value, now)) : 0,
                        task.Due is { } left && !overdue ? Math.Max(0, calendar.WorkingDaysBetween(now, left)) : 0);
                    mail.Add(await outbox.RenderAsync(template, to, model, $"{template}:{task.Id}:{reminder.Number}:{to.UserId}", task.ProposalId, task.Id, ct));
                }
            }
            planned.Add((task, next, mail));
        }
        var queued = await outbox.ExistingKeysAsync(planned.SelectMany(p => p.Mail).Select(m => m.DedupKey).ToList(), ct);

        var handled = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var claimed = await ClaimAsync(planned.Select(p => new Claim(p.Task.Id, p.Task.NextReminderNumber, p.Next?.Number ?? 0, p.Next?.At)).ToList(), ct);
            foreach (var (task, _, mail) in planned)
            {
                if (!claimed.Contains(task.Id)) continue; // another sweep sent it, or the task was completed meanwhile
                handled++;
                foreach (var m in mail.Where(m => !queued.Contains(m.DedupKey))) outbox.Add(m);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        if (handled > 0) logger.LogInformation("Reminders: {Handled} of {Due} due tasks handled", handled, chunk.Length);
        return handled;
    }

    private sealed record Claim(Guid TaskId, int Number, int NextNumber, DateTimeOffset? NextAt);

    /// <summary>
    /// The conditional UPDATE of a whole chunk in one statement: each open task whose next reminder is still number n
    /// moves to the one after; RETURNING says which were claimed (a task another sweep took, or one completed
    /// meanwhile, is not). One statement instead of one per task keeps a chunk of 250 in a few milliseconds (both
    /// SQLite and PostgreSQL have UPDATE … RETURNING); values are bound through the model's own column mappings.
    /// </summary>
    private async Task<HashSet<Guid>> ClaimAsync(IReadOnlyList<Claim> claims, CancellationToken ct)
    {
        var claimed = new HashSet<Guid>();
        if (claims.Count == 0) return claimed;
        var entity = db.Model.FindEntityType(typeof(WorkflowTask))!;
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName(table)}\"";

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var count = 0;
        string Bind(string property, object? value)
        {
            var name = "@p" + count++;
            var mapping = (RelationalTypeMapping)entity.FindProperty(property)!.GetRelationalTypeMapping();
            command.Parameters.Add(mapping.CreateParameter(command, name, value, nullable: true));
            return name;
        }
        var ids = claims.Select(c => Bind(nameof(WorkflowTask.Id), c.TaskId)).ToList();
        var numbers = new System.Text.StringBuilder();
        var times = new System.Text.StringBuilder();
        var conditions = new List<string>();
        for (var i = 0; i < claims.Count; i++)
        {
            numbers.Append($" WHEN {ids[i]} THEN {Bind(nameof(WorkflowTask.NextReminderNumber), claims[i].NextNumber)}");
            times.Append($" WHEN {ids[i]} THEN {Bind(nameof(WorkflowTask.NextReminderAt), claims[i].NextAt)}");
            conditions.Add($"({Column(nameof(WorkflowTask.Id))} = {ids[i]} AND {Column(nameof(WorkflowTask.NextReminderNumber))} = {Bind(nameof(WorkflowTask.NextReminderNumber), claims[i].Number)})");
        }
        command.CommandText =
            $"UPDATE \"{entity.GetTableName()}\" SET {Column(nameof(WorkflowTask.NextReminderNumber))} = CASE {Column(nameof(WorkflowTask.Id))}{numbers} END, " +
            $"{Column(nameof(WorkflowTask.NextReminderAt))} = CASE {Column(nameof(WorkflowTask.Id))}{times} END " +
            $"WHERE {Column(nameof(WorkflowTask.Status))} = {Bind(nameof(WorkflowTask.Status), TaskStatuses.Open)} AND ({string.Join(" OR ", conditions)}) " +
            $"RETURNING {Column(nameof(WorkflowTask.Id))}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) claimed.Add(reader.GetGuid(0));
        return claimed;
    }

    /// <summary>The latest reminder at or before now from number n on (null when the calendar moved it later), and the one after.</summary>
    private static (ScheduledReminder? Send, ScheduledReminder? Next) Plan(DueTask task, DateTimeOffset now, WorkingDayCalendar calendar)
    {
        ScheduledReminder? send = null;
        foreach (var r in ReminderPlan.For(SpecsOf(task.RemindersJson, task.TaskKind), task.CreatedAt, task.Due, calendar))
        {
            if (r.Number < task.NextReminderNumber) continue;
            if (r.At > now) return (send, r);
            send = r;
        }
        return (send, null);
    }

    private async Task<IReadOnlyList<Recipient>> RecipientsAsync(DueTask task, bool reportOverdue, CancellationToken ct)
    {
        var people = new List<Recipient>();
        if (task.ReassignedToUserId is { } userId)
        {
            if (await recipients.UserAsync(userId, ct) is { } user) people.Add(user);
        }
        else
        {
            people.AddRange(await CachedAsync(task.AssigneeRole, task.AssigneeDepartmentId, task.AssigneeUser, ct));
        }
        // An escalated task is the escalation role's too: they are reminded with the others.
        if (task.EscalatedAt is not null && task.EscalationRole is not null)
            people.AddRange(await CachedAsync(task.EscalationRole, task.EscalationDepartmentId, null, ct));
        // A late report concerns the whole submitting department: its head hears of it as well.
        if (reportOverdue)
            people.AddRange(await CachedAsync(Roles.DepartmentHead, task.DepartmentId, null, ct));
        return people.DistinctBy(p => p.UserId).ToList();
    }

    private async Task<IReadOnlyList<Recipient>> CachedAsync(string? role, Guid? departmentId, string? user, CancellationToken ct)
    {
        if (!_people.TryGetValue((role, departmentId, user), out var found))
            _people[(role, departmentId, user)] = found = await recipients.ForAsync(role, departmentId, user, ct);
        return found;
    }

    private static IReadOnlyList<ReminderSpec> SpecsOf(string? json, string? taskKind)
    {
        var specs = json is null ? [] : Parsed.GetOrAdd(json, j => (JsonSerializer.Deserialize<List<string>>(j) ?? [])
            .Select(text => ReminderSpec.TryParse(text, out var spec) ? spec : null).OfType<ReminderSpec>().ToList());
        return Rules(specs, taskKind);
    }

    private static readonly ReminderSpec AtDue = ReminderSpec.TryParse("after 0", out var s) ? s! : throw new InvalidOperationException();

    /// <summary>
    /// The reminders a task gets: its step's, and for a post-trip report always one at its due time (the report-overdue
    /// mail), even when the definition names none after the due time. The host schedules the first one with this too.
    /// </summary>
    public static IReadOnlyList<ReminderSpec> Rules(IReadOnlyList<ReminderSpec> specs, string? taskKind) =>
        taskKind == Reports.ReportCommands.TaskKind && !specs.Any(r => r.Mode is ReminderMode.After or ReminderMode.Every)
            ? [.. specs, AtDue]
            : specs;
}
