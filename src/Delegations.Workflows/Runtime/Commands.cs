using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;

namespace Delegations.Workflows.Runtime;

/// <summary>
/// Something asked of an instance. <see cref="IdempotencyKey"/>: a retried command with the same key does
/// nothing the second time. <see cref="ExpectedVersion"/>: refuse when the instance has moved on.
/// <see cref="Variables"/>: top-level variables to set before the command runs (the host passes the current
/// proposal so decisions see what was resubmitted).
/// </summary>
public abstract record WorkflowCommand
{
    public required Actor Actor { get; init; }
    public string? IdempotencyKey { get; init; }
    public long? ExpectedVersion { get; init; }
    public JsonObject? Variables { get; init; }
}

public sealed record StartCommand : WorkflowCommand
{
    public Guid InstanceId { get; init; } = Guid.CreateVersion7();
}

public sealed record CompleteTaskCommand : WorkflowCommand
{
    public required string TaskId { get; init; }
    public required string Outcome { get; init; }
    public string? Comment { get; init; }
    public JsonObject? Data { get; init; }
    /// <summary>For <see cref="Outcomes.Forward"/>: the ad-hoc approver after the one acting.</summary>
    public AssigneeSpec? ForwardTo { get; init; }
    /// <summary>For <see cref="Outcomes.SendBack"/>: the step already passed to return to.</summary>
    public string? SendBackTo { get; init; }
}

/// <summary>The submitter answered "changes requested": resume the steps that sent it back.</summary>
public sealed record ResubmitCommand : WorkflowCommand;

public sealed record SignalCommand : WorkflowCommand
{
    public required string Signal { get; init; }
}

public sealed record FireTimerCommand : WorkflowCommand
{
    public required string TimerId { get; init; }
}

public sealed record CancelCommand : WorkflowCommand
{
    public required string Reason { get; init; }
}

/// <summary>Re-runs the steps a fault stopped at (after the data or the definition was fixed).</summary>
public sealed record RetryCommand : WorkflowCommand;

/// <summary>Moves a running instance to another version of its definition (after <see cref="WorkflowEngine.CheckMigration"/>).</summary>
public sealed record MigrateCommand : WorkflowCommand
{
    public required WorkflowDefinition Target { get; init; }
}

public enum WorkflowErrorKind { NotFound, Conflict, Invalid }

/// <summary>
/// A command that cannot be applied: the host maps <see cref="Kind"/> to 404 / 409 / 400. <see cref="Field"/>
/// names the offending input (<c>comment</c>, <c>data.visaStatus</c>) for a field error.
/// </summary>
public sealed class WorkflowCommandException(WorkflowErrorKind kind, string message, string? field = null) : Exception(message)
{
    public WorkflowErrorKind Kind { get; } = kind;
    public string? Field { get; } = field;
}

/// <summary>What a command changed, for the host to persist in one transaction.</summary>
public abstract record WorkflowEffect;

public sealed record TaskOpened(HumanTask Task, HumanWork Work, string Stage) : WorkflowEffect;
public sealed record TaskClosed(HumanTask Task) : WorkflowEffect;
public sealed record TimerScheduled(WaitTimer Timer) : WorkflowEffect;
public sealed record TimerCancelled(string TimerId) : WorkflowEffect;
/// <summary>A notify step ran: the host renders the template and mails the recipients.</summary>
public sealed record NotificationRequested(string StepId, string Template, IReadOnlyList<AssigneeSpec> To) : WorkflowEffect;
/// <summary>An approval asked for changes: the host tells the submitter.</summary>
public sealed record ChangesRequested(string StepId, HumanTask Task) : WorkflowEffect;
public sealed record InstanceFaulted(Incident Incident) : WorkflowEffect;
public sealed record InstanceFinished(InstanceStatus Status, string Outcome) : WorkflowEffect;

public sealed record CommandResult(
    WorkflowInstance Instance,
    IReadOnlyList<WorkflowEffect> Effects,
    IReadOnlyList<JournalEntry> Journal,
    bool AlreadyApplied = false)
{
    public IEnumerable<T> EffectsOf<T>() where T : WorkflowEffect => Effects.OfType<T>();
}
