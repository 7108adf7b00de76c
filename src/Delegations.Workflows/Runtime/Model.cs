using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Delegations.Workflows.Definitions;

namespace Delegations.Workflows.Runtime;

public enum InstanceStatus { Running, Waiting, Completed, Rejected, Cancelled, Faulted }

public enum TokenState
{
    /// <summary>At a human step with open tasks.</summary>
    Active,
    /// <summary>Sent back for changes; resumes when the host resubmits.</summary>
    AwaitingResubmission,
    WaitingTimer,
    WaitingSignal,
    Faulted,
}

public enum HumanTaskStatus { Open, Completed, Cancelled }

public static class Outcomes
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Changes = "changes";
    public const string Done = "done";
    /// <summary>Approve and ask one more approver (a person or a role) before the step completes.</summary>
    public const string Forward = "forward";
    /// <summary>Send the proposal back to a step already passed (not only to the submitter).</summary>
    public const string SendBack = "send-back";

    public static readonly IReadOnlyList<string> ApprovalOutcomes = [Approve, Reject, Changes, Forward, SendBack];
    public static readonly IReadOnlyList<string> TaskOutcomes = [Done];

    /// <summary>Outcomes that must carry a comment, kept forever in the journal.</summary>
    public static bool NeedsComment(string outcome) => outcome is Reject or Changes or Forward or SendBack;
}

/// <summary>Who did something. <see cref="OnBehalfOfId"/> is set when a deputy acts for someone.</summary>
public sealed record Actor(string Id, string Name, string? OnBehalfOfId = null, string? OnBehalfOfName = null)
{
    public static readonly Actor System = new("system", "Hệ thống / System");
}

/// <summary>A point of execution: one per active step (several inside a parallel).</summary>
public sealed class Token
{
    public required string Id { get; init; }
    public required string StepId { get; set; }
    public TokenState State { get; set; }
    /// <summary>The parallel forks this token is inside, innermost last.</summary>
    public List<string> Forks { get; set; } = [];
    public DateTimeOffset EnteredAt { get; set; }
    /// <summary>For a token sent back for changes: where to resume after resubmission.</summary>
    public string? ResumeAt { get; set; }
}

/// <summary>An open parallel: which join it waits for and how many branches have arrived.</summary>
public sealed class Fork
{
    public required string Id { get; init; }
    public required string StepId { get; init; }
    public required string Join { get; init; }
    public required int Branches { get; init; }
    public int Arrived { get; set; }
    public List<string> ParentForks { get; set; } = [];
}

/// <summary>A human task: one per assignee of an approval, one per task step, one per item of an <c>each</c>.</summary>
public sealed class HumanTask
{
    public required string Id { get; init; }
    public required string TokenId { get; init; }
    public required string StepId { get; init; }
    /// <summary><c>approval</c> or <c>task</c>.</summary>
    public required string Kind { get; init; }
    public string? TaskKind { get; init; }
    public required LocalizedText Title { get; init; }
    public required AssigneeSpec Assignee { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? Due { get; init; }
    public int? ItemIndex { get; init; }
    public JsonNode? Item { get; init; }
    /// <summary>Added by an approver who forwarded ("approve and forward"); its answer is needed before the step completes.</summary>
    public bool AdHoc { get; init; }
    public string? ForwardedFromTaskId { get; init; }
    public HumanTaskStatus Status { get; set; }
    public string? Outcome { get; set; }
    public Actor? CompletedBy { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Comment { get; set; }
    public JsonObject? Data { get; set; }
}

/// <summary>A wait step's timer; the host stores it and fires it when due.</summary>
public sealed class WaitTimer
{
    public required string Id { get; init; }
    public required string TokenId { get; init; }
    public required string StepId { get; init; }
    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>Why an instance is faulted, readable by an admin.</summary>
public sealed record Incident(string StepId, string Message, DateTimeOffset At);

/// <summary>
/// The whole state of one running workflow. Commands never change an instance in place: the engine returns a
/// new one, and the host stores it (with <see cref="Version"/> as its concurrency token).
/// </summary>
public sealed class WorkflowInstance
{
    public required Guid Id { get; init; }
    public required string DefinitionId { get; init; }
    public required int DefinitionVersion { get; set; }
    public InstanceStatus Status { get; set; }
    /// <summary>The outcome of the end step reached (completed, rejected, cancelled).</summary>
    public string? Outcome { get; set; }
    /// <summary>Bumped by every applied command; the host refuses to store a stale one.</summary>
    public long Version { get; set; }
    public JsonObject Variables { get; set; } = [];
    public List<Token> Tokens { get; set; } = [];
    public List<Fork> Forks { get; set; } = [];
    public List<HumanTask> Tasks { get; set; } = [];
    public List<WaitTimer> Timers { get; set; } = [];
    /// <summary>Steps entered so far, in order, without repeats (the diagram shows them as passed).</summary>
    public List<string> Visited { get; set; } = [];
    public Incident? Incident { get; set; }
    /// <summary>The idempotency keys of the last commands applied.</summary>
    public List<string> RecentCommandKeys { get; set; } = [];
    public int NextTokenNumber { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    [JsonIgnore] public bool IsFinished => Status is InstanceStatus.Completed or InstanceStatus.Rejected or InstanceStatus.Cancelled;

    public IEnumerable<HumanTask> OpenTasks => Tasks.Where(t => t.Status == HumanTaskStatus.Open);

    public HumanTask? FindTask(string id) => Tasks.Find(t => t.Id == id);

    public WorkflowInstance Clone() => WorkflowInstanceJson.Deserialize(WorkflowInstanceJson.Serialize(this));
}

public sealed record JournalEntry
{
    public required DateTimeOffset At { get; init; }
    /// <summary>started, completed-task, transition, changes-requested, resubmitted, signal, timer, faulted, retried, cancelled, finished, migrated.</summary>
    public required string Kind { get; init; }
    public string? ActorId { get; init; }
    public string? ActorName { get; init; }
    public string? OnBehalfOfId { get; init; }
    public string? OnBehalfOfName { get; init; }
    public string? FromStep { get; init; }
    public string? ToStep { get; init; }
    public string? Outcome { get; init; }
    public string? Comment { get; init; }
    public string? TaskId { get; init; }
}

public static class JournalKinds
{
    public const string Started = "started";
    public const string TaskCompleted = "task-completed";
    public const string Transition = "transition";
    public const string ChangesRequested = "changes-requested";
    public const string Resubmitted = "resubmitted";
    public const string Signal = "signal";
    public const string Timer = "timer";
    public const string Faulted = "faulted";
    public const string Retried = "retried";
    public const string Cancelled = "cancelled";
    public const string Finished = "finished";
    public const string Migrated = "migrated";
    public const string Forwarded = "forwarded";
    public const string SentBack = "sent-back";
    /// <summary>Written by the host when a task is overdue past its escalation period: the escalation role gets it too.</summary>
    public const string Escalated = "escalated";
}
