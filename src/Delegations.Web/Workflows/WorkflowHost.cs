using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Proposals;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Expressions;
using Delegations.Workflows.Runtime;
using Delegations.Workflows.Time;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Workflows;

/// <summary>
/// Hosts the engine for proposals: starts and drives instances, and stages everything a command produced — the
/// instance state, task and timer rows, journal entries, outbox mail and the proposal's status — in the DbContext,
/// so that the caller's single SaveChanges commits it as one transaction.
/// </summary>
public sealed class WorkflowHost(
    DelegationsDbContext db,
    DefinitionStore definitions,
    WorkflowOptions options,
    TimeProvider clock,
    Outbox outbox,
    RecipientDirectory recipients,
    Documents.ProposalDocuments documents,
    ILogger<WorkflowHost> logger,
    Budget.BudgetOptions budget)
{
    private static readonly ExpressionEvaluator Expressions = new();
    private WorkingDayCalendar? _calendar;
    private Dictionary<string, Guid>? _departmentsByCode;

    public TimeProvider Clock => clock;

    public async Task<WorkingDayCalendar> CalendarAsync(CancellationToken ct) => _calendar ??= await CalendarSource.LoadAsync(db, ct);

    public async Task<WorkflowEngine> EngineAsync(CancellationToken ct) => new(clock, await CalendarAsync(ct), Expressions);

    public JsonObject Variables(Proposal proposal) => new() { ["proposal"] = ProposalWorkflowData.Build(proposal, options) };

    /// <summary>Starts the workflow that applies to the proposal's kind (its latest published version).</summary>
    public async Task<CommandResult> StartAsync(Proposal proposal, Actor actor, CancellationToken ct)
    {
        var kind = EnumText.ToText(proposal.Kind);
        var definition = await definitions.LatestForKindAsync(db, kind, ct)
                         ?? throw AppProblemException.Conflict($"No published workflow applies to {kind} proposals; an admin must publish one.");
        var engine = await EngineAsync(ct);
        var result = engine.Start(definition, new StartCommand { Actor = actor, Variables = Variables(proposal) });
        var record = new WorkflowInstanceRecord
        {
            Id = result.Instance.Id,
            ProposalId = proposal.Id,
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            Status = "running",
            StateJson = "{}",
            CreatedAt = clock.GetUtcNow(),
        };
        db.WorkflowInstances.Add(record);
        proposal.WorkflowInstanceId = record.Id;
        await ApplyAsync(proposal, record, definition, result, ct);
        return result;
    }

    public sealed record Loaded(WorkflowInstanceRecord Record, WorkflowInstance Instance, WorkflowDefinition Definition, WorkflowEngine Engine);

    public async Task<Loaded> LoadAsync(Proposal proposal, CancellationToken ct)
    {
        var record = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.ProposalId == proposal.Id && i.Id == proposal.WorkflowInstanceId, ct)
                     ?? throw AppProblemException.Conflict("This proposal has no workflow yet: submit it first.");
        var definition = await definitions.GetAsync(db, record.DefinitionId, record.DefinitionVersion, ct);
        return new Loaded(record, WorkflowInstanceJson.Deserialize(record.StateJson), definition, await EngineAsync(ct));
    }

    /// <summary>Runs one engine command on the proposal's instance and stages its effects.</summary>
    public async Task<CommandResult> RunAsync(Proposal proposal, Func<Loaded, CommandResult> command, CancellationToken ct)
    {
        var loaded = await LoadAsync(proposal, ct);
        var result = command(loaded);
        if (!result.AlreadyApplied)
        {
            var definition = result.Instance.DefinitionVersion == loaded.Definition.Version
                ? loaded.Definition
                : await definitions.GetAsync(db, result.Instance.DefinitionId, result.Instance.DefinitionVersion, ct);
            await ApplyAsync(proposal, loaded.Record, definition, result, ct);
        }
        return result;
    }

    private async Task ApplyAsync(Proposal proposal, WorkflowInstanceRecord record, WorkflowDefinition definition, CommandResult result, CancellationToken ct)
    {
        var instance = result.Instance;
        var now = clock.GetUtcNow();
        record.StateJson = WorkflowInstanceJson.Serialize(instance);
        record.Status = instance.Status.ToString().ToLowerInvariant();
        record.Version = instance.Version;
        record.DefinitionVersion = instance.DefinitionVersion;
        record.UpdatedAt = now;
        record.IncidentStepId = instance.Incident?.StepId;
        record.IncidentMessage = instance.Incident?.Message;
        record.IncidentAt = instance.Incident?.At;

        var calendar = await CalendarAsync(ct);
        var opened = new List<WorkflowTask>();
        foreach (var effect in result.Effects)
        {
            switch (effect)
            {
                case TaskOpened o:
                    var row = await NewTaskRowAsync(proposal, record, o, calendar, ct);
                    db.Tasks.Add(row);
                    opened.Add(row);
                    break;
                case TaskClosed c:
                    var existing = await db.Tasks.FindAsync([Guid.Parse(c.Task.Id)], ct);
                    if (existing is not null) Close(existing, c.Task);
                    break;
                case TimerScheduled t:
                    db.Timers.Add(new WorkflowTimer { Id = t.Timer.Id, InstanceId = record.Id, ProposalId = proposal.Id, StepId = t.Timer.StepId, DueAt = t.Timer.DueAt });
                    break;
                case TimerCancelled t:
                    if (await db.Timers.FindAsync([t.TimerId], ct) is { } timer) db.Timers.Remove(timer);
                    break;
                case InstanceFaulted f:
                    logger.LogWarning("Workflow {Instance} of {Reference} faulted at {Step}: {Message}", record.Id, proposal.ReferenceNumber, f.Incident.StepId, f.Incident.Message);
                    break;
            }
        }
        // Timers that fired are gone from the instance: drop their rows.
        var live = instance.Timers.Select(t => t.Id).ToHashSet();
        foreach (var fired in await db.Timers.Where(t => t.InstanceId == record.Id).ToListAsync(ct))
            if (!live.Contains(fired.Id) && db.Entry(fired).State != EntityState.Deleted) db.Timers.Remove(fired);

        foreach (var entry in result.Journal)
            Journal(proposal.Id, record.Id, entry);

        var before = proposal.Status;
        proposal.Status = StatusOf(instance, definition);
        proposal.UpdatedAt = now;
        proposal.Revision++;
        if (proposal.ApprovedAt is null && before is ProposalStatus.InReview && proposal.Status is ProposalStatus.Approved or ProposalStatus.ReportDue or ProposalStatus.Completed)
        {
            // The norms in force on the day of approval are the ones the trip is costed by from now on.
            proposal.ApprovedAt = now;
            await Budget.BudgetNorms.CheckAsync(db, proposal, budget, clock, ct);
        }
        // Approved: the sending decision (outbound) or the invitation letters (inbound), in the same transaction.
        if (before is ProposalStatus.InReview && proposal.Status is ProposalStatus.Approved or ProposalStatus.ReportDue or ProposalStatus.Completed)
            await documents.GenerateOnApprovalAsync(proposal, ct);

        await NotifyAsync(proposal, record, definition, result, opened, before, ct);
    }

    /// <summary>Appends an engine journal entry.</summary>
    private void Journal(Guid proposalId, Guid instanceId, JournalEntry e) => db.Journal.Add(new JournalRecord
    {
        ProposalId = proposalId,
        InstanceId = instanceId,
        At = e.At,
        Kind = e.Kind,
        ActorId = e.ActorId,
        ActorName = e.ActorName,
        OnBehalfOfId = e.OnBehalfOfId,
        OnBehalfOfName = e.OnBehalfOfName,
        FromStep = e.FromStep,
        ToStep = e.ToStep,
        Outcome = e.Outcome,
        Comment = e.Comment,
        TaskId = e.TaskId is null ? null : Guid.Parse(e.TaskId),
    });

    /// <summary>Appends a host event (created, edited, report filed, …) to the proposal's journal.</summary>
    public void Journal(Proposal proposal, string kind, Actor actor, string? comment = null, string? outcome = null, string? step = null) =>
        db.Journal.Add(new JournalRecord
        {
            ProposalId = proposal.Id,
            InstanceId = proposal.WorkflowInstanceId,
            At = clock.GetUtcNow(),
            Kind = kind,
            ActorId = actor.Id,
            ActorName = actor.Name,
            OnBehalfOfId = actor.OnBehalfOfId,
            OnBehalfOfName = actor.OnBehalfOfName,
            FromStep = step,
            Outcome = outcome,
            Comment = comment,
        });

    /// <summary>The proposal status a workflow state means (design §7 status values).</summary>
    public static ProposalStatus StatusOf(WorkflowInstance instance, WorkflowDefinition definition)
    {
        switch (instance.Status)
        {
            case InstanceStatus.Completed: return ProposalStatus.Completed;
            case InstanceStatus.Rejected: return ProposalStatus.Rejected;
            case InstanceStatus.Cancelled: return ProposalStatus.Cancelled;
            case InstanceStatus.Faulted: return ProposalStatus.Faulted;
        }
        if (instance.Tokens.Any(t => t.State == TokenState.AwaitingResubmission)) return ProposalStatus.ChangesRequested;
        var stages = instance.Tokens.Select(t => definition.TryGetStep(t.StepId, out var s) ? s.Stage : Stages.Review).ToHashSet();
        if (stages.Contains(Stages.Review)) return ProposalStatus.InReview;
        if (stages.Contains(Stages.Report)) return ProposalStatus.ReportDue;
        return ProposalStatus.Approved;
    }

    private async Task<WorkflowTask> NewTaskRowAsync(Proposal proposal, WorkflowInstanceRecord record, TaskOpened opened, WorkingDayCalendar calendar, CancellationToken ct)
    {
        var t = opened.Task;
        var work = opened.Work;
        var firstReminder = ReminderPlan.Next(Jobs.TaskReminders.Rules(work.Reminders, t.TaskKind), t.CreatedAt, t.Due, calendar, 0);
        return new WorkflowTask
        {
            Id = Guid.Parse(t.Id),
            InstanceId = record.Id,
            ProposalId = proposal.Id,
            StepId = t.StepId,
            TokenId = t.TokenId,
            Kind = t.Kind,
            TaskKind = t.TaskKind,
            Stage = opened.Stage,
            TitleVi = t.Title.Vi,
            TitleEn = t.Title.En,
            AssigneeRole = t.Assignee.Role,
            AssigneeScope = t.Assignee.Scope,
            AssigneeDepartmentId = await DepartmentForAsync(t.Assignee, proposal, ct),
            AssigneeUser = t.Assignee.User,
            Status = TaskStatuses.Open,
            FormJson = JsonSerializer.Serialize(work.Form.Select(f => new TaskFormField(f.Name, f.FieldType, f.Required, f.Options.Count == 0 ? null : f.Options,
                f.Label is null ? null : new TaskFieldLabel(f.Label.Vi, f.Label.En))), TaskFormField.Json),
            Outcomes = string.Join(',', work.Outcomes),
            ItemIndex = t.ItemIndex,
            AdHoc = t.AdHoc,
            ItemLabel = t.Item switch { JsonObject o => o["fullName"]?.GetValue<string>(), JsonValue v => v.ToString(), _ => null },
            ItemId = t.Item is JsonObject item ? item["id"]?.GetValue<string>() : null,
            CreatedAt = t.CreatedAt,
            Due = t.Due,
            RemindersJson = work.Reminders.Count == 0 ? null : JsonSerializer.Serialize(work.Reminders.Select(r => r.Text)),
            NextReminderNumber = firstReminder?.Number ?? 0,
            NextReminderAt = firstReminder?.At,
            EscalateAt = work.Escalation is { } e && t.Due is { } due ? e.After.AddTo(due, calendar) : null,
            EscalationRole = work.Escalation?.To.Role,
            EscalationDepartmentId = work.Escalation is { } esc ? await DepartmentForAsync(esc.To, proposal, ct) : null,
        };
    }

    private static void Close(WorkflowTask row, HumanTask task)
    {
        row.Status = task.Status == HumanTaskStatus.Completed ? TaskStatuses.Completed : TaskStatuses.Cancelled;
        row.Outcome = task.Outcome;
        row.Comment = task.Comment;
        row.DataJson = task.Data?.ToJsonString();
        row.CompletedAt = task.CompletedAt;
        row.CompletedById = task.CompletedBy?.Id;
        row.CompletedByName = task.CompletedBy?.Name;
        row.OnBehalfOfId = task.CompletedBy?.OnBehalfOfId;
        row.OnBehalfOfName = task.CompletedBy?.OnBehalfOfName;
        row.NextReminderAt = null;
        row.EscalateAt = null;
    }

    public static bool IsNamedDepartment(string? scope) => scope?.StartsWith(AssigneeSpec.DepartmentScopePrefix, StringComparison.Ordinal) == true;

    /// <summary>
    /// The department an assignee's scope points at: the submitter's, a named one (whose sub-departments count too, see
    /// <see cref="Approvals.Access"/>), or none ("any"). For the submitter's department: when no active account there
    /// holds the role, the nearest department above that has one — a unit without a head of its own goes to its parent's.
    /// </summary>
    public async Task<Guid?> DepartmentForAsync(AssigneeSpec assignee, Proposal proposal, CancellationToken ct)
    {
        if (assignee.User is not null) return null;
        if (assignee.Scope == AssigneeSpec.ScopeSubmitterDepartment)
        {
            if (assignee.Role is null) return proposal.DepartmentId;
            foreach (var department in (await Accounts.DepartmentTree.LoadAsync(db, ct)).SelfAndAncestors(proposal.DepartmentId))
            {
                var held = await (from u in db.Users
                                  join ur in db.UserRoles on u.Id equals ur.UserId
                                  join r in db.Roles on ur.RoleId equals r.Id
                                  where r.Name == assignee.Role && !u.IsDisabled && u.DepartmentId == department
                                  select u.Id).AnyAsync(ct);
                if (held) return department;
            }
            return proposal.DepartmentId;
        }
        if (assignee.Scope.StartsWith(AssigneeSpec.DepartmentScopePrefix, StringComparison.Ordinal))
        {
            _departmentsByCode ??= await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, StringComparer.OrdinalIgnoreCase, ct);
            return _departmentsByCode.TryGetValue(assignee.Scope[AssigneeSpec.DepartmentScopePrefix.Length..], out var id) ? id : Guid.Empty;
        }
        return null;
    }

    private async Task NotifyAsync(Proposal proposal, WorkflowInstanceRecord record, WorkflowDefinition definition, CommandResult result,
        List<WorkflowTask> opened, ProposalStatus before, CancellationToken ct)
    {
        Dictionary<string, object?> Model(string language, WorkflowTask? task = null) =>
            MailModels.For(MailModels.Proposal(proposal, language, outbox), task is null ? null : MailModels.Task(task, language, outbox));

        foreach (var task in opened)
        {
            var template = task.TaskKind == "post-trip-report" ? "report-due" : "task-assigned";
            foreach (var to in await recipients.ForAsync(task.AssigneeRole, task.AssigneeDepartmentId, task.AssigneeUser, ct, IsNamedDepartment(task.AssigneeScope)))
                await outbox.EnqueueAsync(template, to, Model(to.Language, task), $"{template}:{task.Id}:{to.UserId}", proposal.Id, task.Id, ct);
        }

        var submitter = await recipients.UserAsync(proposal.CreatedById, ct);
        foreach (var changes in result.EffectsOf<ChangesRequested>())
        {
            if (submitter is null) break;
            var model = Model(submitter.Language);
            model["actor"] = changes.Task.CompletedBy?.Name;
            model["comment"] = changes.Task.Comment;
            model["step"] = definition.Step(changes.StepId).DisplayTitle.For(submitter.Language);
            await outbox.EnqueueAsync("changes-requested", submitter, model, $"changes-requested:{changes.Task.Id}", proposal.Id, null, ct);
        }

        if (result.EffectsOf<InstanceFinished>().FirstOrDefault() is { Status: InstanceStatus.Rejected } && submitter is not null)
        {
            var decisive = result.Journal.LastOrDefault(j => j.Kind == JournalKinds.TaskCompleted && j.Outcome == Outcomes.Reject);
            var model = Model(submitter.Language);
            model["actor"] = decisive?.ActorName;
            model["comment"] = decisive?.Comment;
            model["step"] = decisive?.FromStep is { } s && definition.TryGetStep(s, out var step) ? step.DisplayTitle.For(submitter.Language) : "";
            await outbox.EnqueueAsync("rejected", submitter, model, $"rejected:{record.Id}", proposal.Id, null, ct);
        }

        if (before is ProposalStatus.InReview && proposal.Status is ProposalStatus.Approved or ProposalStatus.ReportDue or ProposalStatus.Completed && submitter is not null)
            await outbox.EnqueueAsync("approved", submitter, Model(submitter.Language), $"approved:{record.Id}", proposal.Id, null, ct);

        foreach (var notice in result.EffectsOf<NotificationRequested>())
        {
            foreach (var spec in notice.To)
            {
                var department = await DepartmentForAsync(spec, proposal, ct);
                foreach (var to in await recipients.ForAsync(spec.Role, department, spec.User, ct, IsNamedDepartment(spec.Scope)))
                {
                    var model = Model(to.Language);
                    model["step"] = definition.Step(notice.StepId).DisplayTitle.For(to.Language);
                    var template = MailTemplateStore.Names.Contains(notice.Template) ? notice.Template : "notice";
                    await outbox.EnqueueAsync(template, to, model, $"notify:{record.Id}:{notice.StepId}:{result.Instance.Version}:{to.UserId}", proposal.Id, null, ct);
                }
            }
        }
    }
}

/// <summary>A form field of a task as the API shows it.</summary>
public sealed record TaskFormField(string Name, string Type, bool Required, IReadOnlyList<string>? Options, TaskFieldLabel? Label)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public sealed record TaskFieldLabel(string Vi, string En);
