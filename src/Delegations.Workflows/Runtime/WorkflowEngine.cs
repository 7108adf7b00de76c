using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Expressions;
using Delegations.Workflows.Time;

namespace Delegations.Workflows.Runtime;

/// <summary>
/// Runs workflow instances. Every command is a pure transition: it takes an instance, returns a new instance with
/// the effects (tasks opened and closed, timers, notifications) and journal entries for the host to store in one
/// transaction. Time comes only from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class WorkflowEngine(TimeProvider clock, WorkingDayCalendar? calendar = null, ExpressionEvaluator? expressions = null)
{
    /// <summary>Automatic steps one command may pass through before the instance is faulted (a decision loop).</summary>
    public const int MaxTransitionsPerCommand = 500;
    private const int RememberedCommandKeys = 64;

    private readonly WorkingDayCalendar _calendar = calendar ?? WorkingDayCalendar.WeekendsOnly;
    private readonly ExpressionEvaluator _expressions = expressions ?? new ExpressionEvaluator();

    public TimeProvider Clock => clock;
    public WorkingDayCalendar Calendar => _calendar;

    public CommandResult Start(WorkflowDefinition definition, StartCommand command)
    {
        var now = clock.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = command.InstanceId,
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            CreatedAt = now,
            UpdatedAt = now,
            Status = InstanceStatus.Running,
        };
        var run = new Run(this, definition, instance, command, now);
        run.ApplyVariables();
        run.Journal(JournalKinds.Started, toStep: definition.Start);
        var token = run.NewToken(definition.Start, []);
        run.Enqueue(token, definition.Start);
        return run.Complete();
    }

    public CommandResult CompleteTask(WorkflowDefinition definition, WorkflowInstance current, CompleteTaskCommand command)
    {
        if (Replayed(current, command) is { } replay) return replay;
        var run = Begin(definition, current, command);
        var instance = run.Instance;
        var task = instance.FindTask(command.TaskId)
            ?? throw new WorkflowCommandException(WorkflowErrorKind.NotFound, $"Task {command.TaskId} is not open in this workflow.");
        if (task.Status == HumanTaskStatus.Completed)
            throw new WorkflowCommandException(WorkflowErrorKind.Conflict,
                $"This task was already completed by {task.CompletedBy?.Name} ({task.Outcome}) at {task.CompletedAt:u}.");
        if (task.Status == HumanTaskStatus.Cancelled || instance.IsFinished)
            throw new WorkflowCommandException(WorkflowErrorKind.Conflict, "This task is no longer open: the workflow has moved on.");

        var allowed = task.Kind == StepTypes.Approval ? Outcomes.ApprovalOutcomes : Outcomes.TaskOutcomes;
        if (!allowed.Contains(command.Outcome))
            throw new WorkflowCommandException(WorkflowErrorKind.Invalid,
                $"'{command.Outcome}' is not an outcome of this task; use {string.Join(" or ", allowed.Select(o => $"'{o}'"))}.", "outcome");
        if (Outcomes.NeedsComment(command.Outcome) && string.IsNullOrWhiteSpace(command.Comment))
            throw new WorkflowCommandException(WorkflowErrorKind.Invalid, "A comment is required to reject or to request changes.", "comment");

        var token = instance.Tokens.Find(t => t.Id == task.TokenId)
            ?? throw new WorkflowCommandException(WorkflowErrorKind.Conflict, "This task is no longer open: the workflow has moved on.");
        var step = definition.Step(task.StepId);
        var work = WorkOf(step);
        if (command.Outcome is Outcomes.Forward or Outcomes.SendBack && step is not ApprovalStep)
            throw new WorkflowCommandException(WorkflowErrorKind.Invalid, $"'{command.Outcome}' is only possible on an approval step.", "outcome");
        if (command.Outcome == Outcomes.Forward && command.ForwardTo is null)
            throw new WorkflowCommandException(WorkflowErrorKind.Invalid, "Name the approver to forward to (a role or a person).", "data.forwardTo");
        if (command.Outcome == Outcomes.Forward && command.ForwardTo!.User is { } forwardUser && forwardUser == command.Actor.Id)
            throw new WorkflowCommandException(WorkflowErrorKind.Invalid, "You cannot forward to yourself.", "data.forwardTo");
        if (command.Outcome == Outcomes.SendBack)
        {
            var target = command.SendBackTo;
            if (string.IsNullOrWhiteSpace(target) || !instance.Visited.Contains(target) || target == step.Id
                || !definition.TryGetStep(target, out var targetStep) || WorkOfOrNull(targetStep) is null)
                throw new WorkflowCommandException(WorkflowErrorKind.Invalid,
                    "Choose a step this proposal has already passed: " + string.Join(", ", SendBackTargets(definition, instance, step.Id)) + ".", "data.step");
        }
        if (command.Outcome is Outcomes.Approve or Outcomes.Done)
            FormValidation.Check(work.Form, command.Data);

        var siblings = instance.Tasks.Where(t => t.TokenId == token.Id && t.StepId == step.Id && t.Id != task.Id).ToList();
        if (work.Quorum.Mode != Quorum.Any.Mode && siblings.Any(t => t.Status == HumanTaskStatus.Completed && t.CompletedBy?.Id == command.Actor.Id))
            throw new WorkflowCommandException(WorkflowErrorKind.Conflict, "You have already decided on this step; another approver must complete the rest.");

        task.Status = HumanTaskStatus.Completed;
        task.Outcome = command.Outcome;
        task.Comment = command.Comment;
        task.Data = command.Data?.DeepClone().AsObject();
        task.CompletedBy = command.Actor;
        task.CompletedAt = run.Now;
        run.Effect(new TaskClosed(task));
        run.Journal(JournalKinds.TaskCompleted, fromStep: step.Id, outcome: command.Outcome, comment: command.Comment, taskId: task.Id);
        run.RecordStepResult(step.Id, task);

        run.Decide(step, token, task, siblings, command);
        return run.Complete();
    }

    /// <summary>The steps an approver at <paramref name="stepId"/> may send the proposal back to: human steps already passed.</summary>
    public static IReadOnlyList<string> SendBackTargets(WorkflowDefinition definition, WorkflowInstance instance, string stepId) =>
        instance.Visited.Where(v => v != stepId && definition.TryGetStep(v, out var s) && WorkOfOrNull(s) is not null && s is not EachStep).ToList();

    public CommandResult Resubmit(WorkflowDefinition definition, WorkflowInstance current, ResubmitCommand command)
    {
        if (Replayed(current, command) is { } replay) return replay;
        var run = Begin(definition, current, command);
        var waiting = run.Instance.Tokens.Where(t => t.State == TokenState.AwaitingResubmission).ToList();
        if (waiting.Count == 0)
            throw new WorkflowCommandException(WorkflowErrorKind.Conflict, "Nothing in this workflow is waiting for changes.");
        foreach (var token in waiting)
        {
            var resumeAt = token.ResumeAt ?? token.StepId;
            run.Journal(JournalKinds.Resubmitted, fromStep: token.StepId, toStep: resumeAt);
            token.ResumeAt = null;
            token.State = TokenState.Active;
            run.Enqueue(token, resumeAt);
        }
        return run.Complete();
    }

    public CommandResult Signal(WorkflowDefinition definition, WorkflowInstance current, SignalCommand command)
    {
        if (Replayed(current, command) is { } replay) return replay;
        var run = Begin(definition, current, command);
        var waiting = run.Instance.Tokens
            .Where(t => t.State is TokenState.WaitingSignal or TokenState.WaitingTimer
                        && definition.Step(t.StepId) is WaitStep { Signal: { } s } && s == command.Signal)
            .ToList();
        if (waiting.Count == 0)
            throw new WorkflowCommandException(WorkflowErrorKind.Conflict, $"No step of this workflow waits for the signal '{command.Signal}'.", "signal");
        foreach (var token in waiting)
        {
            run.CancelTimersOf(token);
            var wait = (WaitStep)definition.Step(token.StepId);
            run.Journal(JournalKinds.Signal, fromStep: wait.Id, outcome: command.Signal);
            run.MoveTo(token, wait.Next, wait.Id, "signal");
        }
        return run.Complete();
    }

    /// <summary>Fires one wait timer. A timer that is gone (already fired, or its step left) is a no-op.</summary>
    public CommandResult FireTimer(WorkflowDefinition definition, WorkflowInstance current, FireTimerCommand command)
    {
        if (Replayed(current, command) is { } replay) return replay;
        var timer = current.Timers.Find(t => t.Id == command.TimerId);
        if (timer is null || current.IsFinished) return new CommandResult(current, [], [], AlreadyApplied: true);
        if (timer.DueAt > clock.GetUtcNow())
            throw new WorkflowCommandException(WorkflowErrorKind.Invalid, $"Timer {timer.Id} is not due before {timer.DueAt:u}.");
        var run = Begin(definition, current, command);
        run.FireTimer(run.Instance.Timers.Single(t => t.Id == command.TimerId));
        return run.Complete();
    }

    /// <summary>Fires every timer of the instance that is due now.</summary>
    public CommandResult FireDueTimers(WorkflowDefinition definition, WorkflowInstance current, Actor actor)
    {
        var now = clock.GetUtcNow();
        if (current.IsFinished || !current.Timers.Any(t => t.DueAt <= now)) return new CommandResult(current, [], [], AlreadyApplied: true);
        var run = Begin(definition, current, new FireTimerCommand { Actor = actor, TimerId = "*" });
        foreach (var timer in run.Instance.Timers.Where(t => t.DueAt <= now).ToList())
            run.FireTimer(timer);
        return run.Complete();
    }

    public CommandResult Cancel(WorkflowDefinition definition, WorkflowInstance current, CancelCommand command)
    {
        if (Replayed(current, command) is { } replay) return replay;
        if (current.IsFinished)
            throw new WorkflowCommandException(WorkflowErrorKind.Conflict, $"The workflow has already ended ({current.Status.ToString().ToLowerInvariant()}).");
        if (string.IsNullOrWhiteSpace(command.Reason))
            throw new WorkflowCommandException(WorkflowErrorKind.Invalid, "A reason is required to cancel.", "reason");
        var run = Begin(definition, current, command);
        run.Journal(JournalKinds.Cancelled, comment: command.Reason);
        run.EndInstance(EndStep.Cancelled, fromStep: null);
        return run.Complete();
    }

    public CommandResult Retry(WorkflowDefinition definition, WorkflowInstance current, RetryCommand command)
    {
        if (Replayed(current, command) is { } replay) return replay;
        if (current.Status != InstanceStatus.Faulted)
            throw new WorkflowCommandException(WorkflowErrorKind.Conflict, "Only a faulted workflow can be retried.");
        var run = Begin(definition, current, command);
        run.Instance.Incident = null;
        foreach (var token in run.Instance.Tokens.Where(t => t.State == TokenState.Faulted).ToList())
        {
            run.Journal(JournalKinds.Retried, fromStep: token.StepId, toStep: token.StepId);
            token.State = TokenState.Active;
            run.Enqueue(token, token.StepId);
        }
        return run.Complete();
    }

    /// <summary>Why an instance cannot move to <paramref name="target"/>; empty when it can.</summary>
    public static IReadOnlyList<string> CheckMigration(WorkflowInstance instance, WorkflowDefinition target)
    {
        var reasons = new List<string>();
        if (target.Id != instance.DefinitionId)
            reasons.Add($"it runs '{instance.DefinitionId}', not '{target.Id}'");
        if (instance.IsFinished)
            reasons.Add($"it has already ended ({instance.Status.ToString().ToLowerInvariant()})");
        if (target.Version == instance.DefinitionVersion)
            reasons.Add($"it already runs version {target.Version}");
        foreach (var token in instance.Tokens)
        {
            if (!target.TryGetStep(token.StepId, out var step))
                reasons.Add($"it waits in step '{token.StepId}', which version {target.Version} does not have");
            else if (instance.Tasks.FirstOrDefault(t => t.TokenId == token.Id) is { } task && WorkOfOrNull(step)?.Kind is { } kind && kind != task.Kind)
                reasons.Add($"step '{token.StepId}' is a {kind} in version {target.Version}, not a {task.Kind}");
            else if (!SameShape(step, instance, token))
                reasons.Add($"step '{token.StepId}' is a {step.Type} in version {target.Version}; the instance waits there as another type");
            if (token.ResumeAt is { } resume && !target.TryGetStep(resume, out _))
                reasons.Add($"it resumes at step '{resume}' after changes, which version {target.Version} does not have");
        }
        foreach (var fork in instance.Forks)
        {
            if (!target.TryGetStep(fork.StepId, out var step) || step is not ParallelStep p || p.Join != fork.Join)
                reasons.Add($"it is inside parallel '{fork.StepId}' joining at '{fork.Join}', which version {target.Version} does not have");
        }
        return reasons;
    }

    public CommandResult Migrate(WorkflowDefinition current, WorkflowInstance instance, MigrateCommand command)
    {
        if (Replayed(instance, command) is { } replay) return replay;
        var reasons = CheckMigration(instance, command.Target);
        if (reasons.Count > 0)
            throw new WorkflowCommandException(WorkflowErrorKind.Conflict, "Cannot move this instance: " + string.Join("; ", reasons) + ".");
        var run = Begin(command.Target, instance, command);
        run.Journal(JournalKinds.Migrated, outcome: $"v{instance.DefinitionVersion} → v{command.Target.Version}");
        run.Instance.DefinitionVersion = command.Target.Version;
        return run.Complete();
    }

    private static bool SameShape(StepDefinition step, WorkflowInstance instance, Token token) => token.State switch
    {
        TokenState.WaitingTimer or TokenState.WaitingSignal => step is WaitStep,
        TokenState.Active => WorkOfOrNull(step) is not null,
        TokenState.AwaitingResubmission => step is ApprovalStep or EachStep,
        _ => true,
    };

    private static CommandResult? Replayed(WorkflowInstance instance, WorkflowCommand command) =>
        command.IdempotencyKey is { } key && instance.RecentCommandKeys.Contains(key)
            ? new CommandResult(instance, [], [], AlreadyApplied: true)
            : null;

    private Run Begin(WorkflowDefinition definition, WorkflowInstance current, WorkflowCommand command)
    {
        if (definition.Id != current.DefinitionId || (definition.Version != current.DefinitionVersion && command is not MigrateCommand))
            throw new InvalidOperationException($"Instance {current.Id} runs {current.DefinitionId} v{current.DefinitionVersion}, not {definition}.");
        if (command.ExpectedVersion is { } expected && expected != current.Version)
            throw new WorkflowCommandException(WorkflowErrorKind.Conflict,
                "Someone else changed this workflow a moment ago; reload and try again.");
        var run = new Run(this, definition, current.Clone(), command, clock.GetUtcNow());
        run.ApplyVariables();
        return run;
    }

    internal static HumanWork WorkOf(StepDefinition step) =>
        WorkOfOrNull(step) ?? throw new InvalidOperationException($"Step '{step.Id}' has no human work.");

    internal static HumanWork? WorkOfOrNull(StepDefinition step) => step switch
    {
        ApprovalStep a => a.Work,
        TaskStep t => t.Work,
        EachStep e => e.Work,
        _ => null,
    };

    /// <summary>One command's execution: the working copy, what it produced, and the queue of steps to enter.</summary>
    private sealed class Run(WorkflowEngine engine, WorkflowDefinition definition, WorkflowInstance instance, WorkflowCommand command, DateTimeOffset now)
    {
        private readonly List<WorkflowEffect> _effects = [];
        private readonly List<JournalEntry> _journal = [];
        private readonly Queue<(Token Token, string StepId)> _pending = new();
        private int _transitions;

        public WorkflowInstance Instance => instance;
        public DateTimeOffset Now => now;

        public void Effect(WorkflowEffect effect) => _effects.Add(effect);

        public void Journal(string kind, string? fromStep = null, string? toStep = null, string? outcome = null,
            string? comment = null, string? taskId = null, bool system = false)
        {
            var actor = system ? Actor.System : command.Actor;
            _journal.Add(new JournalEntry
            {
                At = now,
                Kind = kind,
                ActorId = actor.Id,
                ActorName = actor.Name,
                OnBehalfOfId = actor.OnBehalfOfId,
                OnBehalfOfName = actor.OnBehalfOfName,
                FromStep = fromStep,
                ToStep = toStep,
                Outcome = outcome,
                Comment = comment,
                TaskId = taskId,
            });
        }

        public Token NewToken(string stepId, List<string> forks)
        {
            var token = new Token { Id = "t" + instance.NextTokenNumber++, StepId = stepId, Forks = [.. forks], EnteredAt = now };
            instance.Tokens.Add(token);
            return token;
        }

        public void Enqueue(Token token, string stepId) => _pending.Enqueue((token, stepId));

        /// <summary>Leaves a step: journals the transition and queues the next step.</summary>
        public void MoveTo(Token token, string next, string from, string? outcome)
        {
            instance.Tasks.RemoveAll(t => t.TokenId == token.Id && t.StepId == from && t.Status != HumanTaskStatus.Open);
            Journal(JournalKinds.Transition, fromStep: from, toStep: next, outcome: outcome, system: true);
            Enqueue(token, next);
        }

        public CommandResult Complete()
        {
            Drain();
            instance.Status = StatusOf(instance);
            instance.Version++;
            instance.UpdatedAt = now;
            if (command.IdempotencyKey is { } key)
            {
                instance.RecentCommandKeys.Add(key);
                if (instance.RecentCommandKeys.Count > RememberedCommandKeys) instance.RecentCommandKeys.RemoveAt(0);
            }
            return new CommandResult(instance, _effects, _journal);
        }

        private void Drain()
        {
            while (_pending.TryDequeue(out var next))
            {
                if (instance.IsFinished) return;
                if (!instance.Tokens.Contains(next.Token)) continue; // removed by an end step reached on another branch
                if (++_transitions > MaxTransitionsPerCommand)
                {
                    Fault(next.Token, next.StepId, $"more than {MaxTransitionsPerCommand} automatic steps in a row: the definition loops");
                    return;
                }
                Enter(next.Token, next.StepId);
            }
        }

        private void Enter(Token token, string stepId)
        {
            if (token.Forks.Count > 0 && instance.Forks.Find(f => f.Id == token.Forks[^1]) is { } fork && fork.Join == stepId)
            {
                instance.Tokens.Remove(token);
                fork.Arrived++;
                if (fork.Arrived < fork.Branches) return;
                instance.Forks.Remove(fork);
                token = NewToken(stepId, fork.ParentForks);
            }

            var step = definition.Step(stepId);
            token.StepId = step.Id;
            token.EnteredAt = now;
            token.State = TokenState.Active;
            if (!instance.Visited.Contains(step.Id)) instance.Visited.Add(step.Id);
            try
            {
                EnterBody(token, step);
            }
            catch (ExpressionException ex)
            {
                Fault(token, step.Id, ex.Message);
            }
        }

        private void EnterBody(Token token, StepDefinition step)
        {
            switch (step)
            {
                case ApprovalStep a:
                    OpenTasks(token, a, a.Work, [(null, null)]);
                    break;
                case TaskStep t:
                    OpenTasks(token, t, t.Work, [(null, null)]);
                    break;
                case EachStep e:
                    var items = engine._expressions.EvaluateArray(e.Items, Scope(null));
                    if (items.Count == 0)
                        MoveTo(token, e.Next, e.Id, "no items");
                    else
                        OpenTasks(token, e, e.Work, items.Select((item, i) => ((int?)i, item)).ToList());
                    break;
                case DecisionStep d:
                    var scope = Scope(null);
                    for (var i = 0; i < d.Cases.Count; i++)
                    {
                        if (engine._expressions.EvaluateCondition(d.Cases[i].When, scope))
                        {
                            MoveTo(token, d.Cases[i].Next, d.Id, $"case {i + 1}: {d.Cases[i].When}");
                            return;
                        }
                    }
                    MoveTo(token, d.Otherwise, d.Id, "otherwise");
                    break;
                case ParallelStep p:
                    var fork = new Fork
                    {
                        Id = "f" + instance.NextTokenNumber++,
                        StepId = p.Id,
                        Join = p.Join,
                        Branches = p.Branches.Count,
                        ParentForks = [.. token.Forks],
                    };
                    instance.Forks.Add(fork);
                    instance.Tokens.Remove(token);
                    foreach (var branch in p.Branches)
                    {
                        var branchToken = NewToken(branch, [.. token.Forks, fork.Id]);
                        Journal(JournalKinds.Transition, fromStep: p.Id, toStep: branch, system: true);
                        Enqueue(branchToken, branch);
                    }
                    break;
                case WaitStep w:
                    if (w.Until is null)
                    {
                        token.State = TokenState.WaitingSignal;
                        break;
                    }
                    var until = engine.DueFrom(w.Until, now, Scope(null));
                    if (until <= now)
                    {
                        MoveTo(token, w.Next, w.Id, "elapsed");
                        break;
                    }
                    token.State = TokenState.WaitingTimer;
                    var timer = new WaitTimer { Id = $"{instance.Id:N}:{token.Id}:{w.Id}", TokenId = token.Id, StepId = w.Id, DueAt = until };
                    instance.Timers.Add(timer);
                    Effect(new TimerScheduled(timer));
                    break;
                case NotifyStep n:
                    Effect(new NotificationRequested(n.Id, n.Template, n.To));
                    MoveTo(token, n.Next, n.Id, "sent");
                    break;
                case EndStep end:
                    EndInstance(end.Outcome, end.Id);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown step type {step.Type}.");
            }
        }

        private void OpenTasks(Token token, StepDefinition step, HumanWork work, IReadOnlyList<(int? Index, JsonNode? Item)> items)
        {
            // Everything is computed before anything is added, so a failing expression leaves no half-opened step.
            var opened = new List<HumanTask>();
            foreach (var (index, item) in items)
            {
                var scope = Scope(item);
                var due = work.Due is null ? (DateTimeOffset?)null : engine.DueFrom(work.Due, now, scope);
                var title = new LocalizedText(engine._expressions.Render(work.Title.Vi, scope), engine._expressions.Render(work.Title.En, scope));
                var assignees = index is null ? work.Assignees : [work.Assignees[0]];
                foreach (var assignee in assignees)
                {
                    opened.Add(new HumanTask
                    {
                        Id = Guid.CreateVersion7(now).ToString(),
                        TokenId = token.Id,
                        StepId = step.Id,
                        Kind = work.Kind,
                        TaskKind = work.TaskKind,
                        Title = title,
                        Assignee = assignee,
                        CreatedAt = now,
                        Due = due,
                        ItemIndex = index,
                        Item = item?.DeepClone(),
                        Status = HumanTaskStatus.Open,
                    });
                }
            }
            foreach (var task in opened)
            {
                instance.Tasks.Add(task);
                Effect(new TaskOpened(task, work, step.Stage));
            }
        }

        /// <summary>After a task of <paramref name="step"/> closed: does the step finish, and where does it go?</summary>
        public void Decide(StepDefinition step, Token token, HumanTask task, List<HumanTask> siblings, CompleteTaskCommand command)
        {
            if (task.Outcome == Outcomes.SendBack)
            {
                CancelTasks(siblings);
                SendBack(token, step.Id, command.SendBackTo!, task.Comment);
                return;
            }
            if (task.Outcome == Outcomes.Forward)
            {
                var approval = (ApprovalStep)step;
                // Under "any" the forwarder's answer is the deciding one: the other seats close.
                if (approval.Work.Quorum.Mode == Quorum.Any.Mode && !task.AdHoc)
                    CancelTasks(siblings.Where(t => !t.AdHoc));
                var adHoc = new HumanTask
                {
                    Id = Guid.CreateVersion7(now).ToString(),
                    TokenId = token.Id,
                    StepId = step.Id,
                    Kind = StepTypes.Approval,
                    TaskKind = task.TaskKind,
                    Title = task.Title,
                    Assignee = command.ForwardTo!,
                    CreatedAt = now,
                    Due = task.Due,
                    AdHoc = true,
                    ForwardedFromTaskId = task.Id,
                    Status = HumanTaskStatus.Open,
                };
                instance.Tasks.Add(adHoc);
                Effect(new TaskOpened(adHoc, approval.Work, step.Stage));
                Journal(JournalKinds.Forwarded, fromStep: step.Id, toStep: step.Id, outcome: command.ForwardTo!.ToString(), comment: task.Comment, taskId: adHoc.Id);
                return;
            }
            if (task.Outcome == Outcomes.Changes)
            {
                CancelTasks(siblings);
                token.State = TokenState.AwaitingResubmission;
                token.ResumeAt = step switch { ApprovalStep { OnChanges: { } c } => c, _ => step.Id };
                instance.Tasks.RemoveAll(t => t.TokenId == token.Id && t.Status != HumanTaskStatus.Open);
                Effect(new ChangesRequested(step.Id, task));
                Journal(JournalKinds.ChangesRequested, fromStep: step.Id, toStep: token.ResumeAt, outcome: Outcomes.Changes, comment: task.Comment);
                return;
            }

            var group = siblings.Append(task).ToList();
            switch (step)
            {
                case ApprovalStep a:
                {
                    var verdict = QuorumVerdict(a.Work.Quorum, group);
                    if (verdict is null) return;
                    CancelTasks(siblings);
                    if (verdict == Outcomes.Approve) MoveTo(token, a.OnApprove, a.Id, Outcomes.Approve);
                    else Reject(token, a.Id, a.OnReject);
                    break;
                }
                case TaskStep t:
                    MoveTo(token, t.Next, t.Id, Outcomes.Done);
                    break;
                case EachStep e:
                    if (task.Outcome == Outcomes.Reject)
                    {
                        CancelTasks(siblings);
                        Reject(token, e.Id, e.OnReject);
                    }
                    else if (group.All(t => t.Status == HumanTaskStatus.Completed))
                    {
                        MoveTo(token, e.Next, e.Id, Outcomes.Done);
                    }
                    break;
            }
        }

        /// <summary>
        /// The step's decision so far, or null to keep waiting. A forward counts as its author's approval; every
        /// ad-hoc approver added by a forward must approve too, and any of them may reject.
        /// </summary>
        private static string? QuorumVerdict(Quorum quorum, List<HumanTask> group)
        {
            static string? AsDecision(string? outcome) => outcome == Outcomes.Forward ? Outcomes.Approve : outcome;
            var adHoc = group.Where(t => t.AdHoc).ToList();
            if (adHoc.Any(t => t.Outcome == Outcomes.Reject)) return Outcomes.Reject;
            var seats = group.Where(t => !t.AdHoc).ToList();
            string? verdict;
            if (quorum.Mode == Quorum.Any.Mode)
            {
                verdict = AsDecision(seats.Where(t => t.Status == HumanTaskStatus.Completed).OrderBy(t => t.CompletedAt).Select(t => t.Outcome).FirstOrDefault());
            }
            else
            {
                var required = quorum.Required(seats.Count);
                var approvals = seats.Count(t => AsDecision(t.Outcome) == Outcomes.Approve);
                var rejections = seats.Count(t => t.Outcome == Outcomes.Reject);
                verdict = approvals >= required ? Outcomes.Approve : seats.Count - rejections < required ? Outcomes.Reject : null;
            }
            if (verdict == Outcomes.Reject) return Outcomes.Reject;
            return verdict == Outcomes.Approve && adHoc.All(t => t.Status != HumanTaskStatus.Open) ? Outcomes.Approve : null;
        }

        /// <summary>Moves the token back to a step already passed, leaving (and closing) the parallels that do not contain it.</summary>
        private void SendBack(Token token, string from, string target, string? comment)
        {
            instance.Tasks.RemoveAll(t => t.TokenId == token.Id && t.Status != HumanTaskStatus.Open);
            while (token.Forks.Count > 0 && instance.Forks.Find(f => f.Id == token.Forks[^1]) is { } fork
                   && !DefinitionGraph.Inside(definition, (ParallelStep)definition.Step(fork.StepId)).Contains(target))
            {
                foreach (var other in instance.Tokens.Where(t => t != token && t.Forks.Contains(fork.Id)).ToList())
                {
                    CancelTasks(instance.Tasks.Where(t => t.TokenId == other.Id).ToList());
                    instance.Tasks.RemoveAll(t => t.TokenId == other.Id);
                    CancelTimersOf(other);
                    instance.Tokens.Remove(other);
                }
                instance.Forks.RemoveAll(f => f.Id == fork.Id || f.ParentForks.Contains(fork.Id));
                token.Forks.RemoveAt(token.Forks.Count - 1);
            }
            Journal(JournalKinds.SentBack, fromStep: from, toStep: target, outcome: Outcomes.SendBack, comment: comment);
            Enqueue(token, target);
        }

        private void Reject(Token token, string from, string? onReject)
        {
            if (onReject is not null)
            {
                MoveTo(token, onReject, from, Outcomes.Reject);
                return;
            }
            Journal(JournalKinds.Transition, fromStep: from, outcome: Outcomes.Reject, system: true);
            EndInstance(EndStep.Rejected, from);
        }

        private void CancelTasks(IEnumerable<HumanTask> tasks)
        {
            foreach (var t in tasks.Where(t => t.Status == HumanTaskStatus.Open))
            {
                t.Status = HumanTaskStatus.Cancelled;
                t.CompletedAt = now;
                Effect(new TaskClosed(t));
            }
        }

        public void CancelTimersOf(Token token)
        {
            foreach (var timer in instance.Timers.Where(t => t.TokenId == token.Id).ToList())
            {
                instance.Timers.Remove(timer);
                Effect(new TimerCancelled(timer.Id));
            }
        }

        public void FireTimer(WaitTimer timer)
        {
            instance.Timers.Remove(timer);
            var token = instance.Tokens.Find(t => t.Id == timer.TokenId);
            if (token is null || token.StepId != timer.StepId) return;
            var wait = (WaitStep)definition.Step(timer.StepId);
            Journal(JournalKinds.Timer, fromStep: wait.Id, outcome: "elapsed", system: true);
            MoveTo(token, wait.Next, wait.Id, "elapsed");
        }

        public void EndInstance(string outcome, string? fromStep)
        {
            CancelTasks(instance.Tasks.ToList());
            foreach (var timer in instance.Timers) Effect(new TimerCancelled(timer.Id));
            instance.Timers.Clear();
            instance.Tokens.Clear();
            instance.Forks.Clear();
            instance.Tasks.Clear();
            instance.Incident = null;
            instance.Outcome = outcome;
            instance.Status = outcome switch
            {
                EndStep.Rejected => InstanceStatus.Rejected,
                EndStep.Cancelled => InstanceStatus.Cancelled,
                _ => InstanceStatus.Completed,
            };
            Journal(JournalKinds.Finished, fromStep: fromStep, outcome: outcome, system: true);
            Effect(new InstanceFinished(instance.Status, outcome));
        }

        private void Fault(Token token, string stepId, string message)
        {
            token.StepId = stepId;
            token.State = TokenState.Faulted;
            var incident = new Incident(stepId, message, now);
            instance.Incident = incident;
            Journal(JournalKinds.Faulted, fromStep: stepId, comment: message, system: true);
            Effect(new InstanceFaulted(incident));
        }

        public void RecordStepResult(string stepId, HumanTask task)
        {
            if (instance.Variables["steps"] is not JsonObject steps)
            {
                steps = [];
                instance.Variables["steps"] = steps;
            }
            var result = new JsonObject
            {
                ["outcome"] = task.Outcome,
                ["by"] = task.CompletedBy?.Id,
                ["data"] = task.Data?.DeepClone(),
            };
            if (task.ItemIndex is { } index)
            {
                if (steps[stepId] is not JsonObject entry || entry["items"] is not JsonObject itemResults)
                {
                    itemResults = [];
                    steps[stepId] = new JsonObject { ["items"] = itemResults };
                }
                itemResults[index.ToString(System.Globalization.CultureInfo.InvariantCulture)] = result;
            }
            else
            {
                steps[stepId] = result;
            }
        }

        private IEnumerable<KeyValuePair<string, JsonNode?>> Scope(JsonNode? item) =>
            item is null ? instance.Variables : instance.Variables.Append(new KeyValuePair<string, JsonNode?>("item", item));

        private static InstanceStatus StatusOf(WorkflowInstance i)
        {
            if (i.IsFinished) return i.Status;
            if (i.Tokens.Any(t => t.State == TokenState.Faulted)) return InstanceStatus.Faulted;
            if (i.Tasks.Any(t => t.Status == HumanTaskStatus.Open)) return InstanceStatus.Running;
            return i.Tokens.Count > 0 ? InstanceStatus.Waiting : InstanceStatus.Faulted;
        }

        public void ApplyVariables()
        {
            if (command.Variables is null) return;
            foreach (var (name, value) in command.Variables)
                instance.Variables[name] = value?.DeepClone();
        }
    }

    /// <summary>When a due spec falls, counted from <paramref name="from"/> or anchored on a date expression.</summary>
    internal DateTimeOffset DueFrom(DueSpec spec, DateTimeOffset from, IEnumerable<KeyValuePair<string, JsonNode?>> scope)
    {
        if (spec.Relative is { } relative) return relative.AddTo(from, _calendar);
        var anchor = _expressions.EvaluateMoment(spec.BaseExpression!, scope, _calendar);
        return spec.Offset.AddTo(anchor, _calendar, spec.Sign);
    }
}
