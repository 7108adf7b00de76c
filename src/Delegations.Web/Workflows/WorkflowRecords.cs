namespace Delegations.Web.Workflows;

/// <summary>A workflow definition an admin manages: its current draft and the number of its latest published version.</summary>
public sealed class WorkflowDefinitionRecord
{
    public required string Id { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public int LatestVersion { get; set; }
    /// <summary>Unpublished edits; null when the draft equals the latest version.</summary>
    public string? DraftJson { get; set; }
    public DateTimeOffset? DraftSavedAt { get; set; }
    public string? DraftSavedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A published, immutable version. Running instances are pinned to one.</summary>
public sealed class WorkflowVersionRecord
{
    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public required string Json { get; set; }
    /// <summary>The appliesTo kind, copied out for the lookup at submit.</summary>
    public string? AppliesToKind { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
}

/// <summary>The stored state of one engine instance; <see cref="Version"/> is the concurrency token.</summary>
public sealed class WorkflowInstanceRecord
{
    public Guid Id { get; set; }
    public Guid ProposalId { get; set; }
    public required string DefinitionId { get; set; }
    public int DefinitionVersion { get; set; }
    public required string Status { get; set; }
    public required string StateJson { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? IncidentStepId { get; set; }
    public string? IncidentMessage { get; set; }
    public DateTimeOffset? IncidentAt { get; set; }
}

public static class TaskStatuses
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// A human task as the inbox sees it: the engine's task plus who it resolves to (role and department, or a user),
/// its reminder and escalation schedule, and who completed it. History stays after the step moves on.
/// </summary>
public sealed class WorkflowTask
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public Guid ProposalId { get; set; }
    /// <summary>The id of the item of an <c>each</c> step (a member's id for a visa task).</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(64)] public string? ItemId { get; set; }
    public required string StepId { get; set; }
    public required string TokenId { get; set; }
    /// <summary>approval or task.</summary>
    public required string Kind { get; set; }
    public string? TaskKind { get; set; }
    public required string Stage { get; set; }
    public required string TitleVi { get; set; }
    public required string TitleEn { get; set; }
    public string? AssigneeRole { get; set; }
    public string? AssigneeScope { get; set; }
    /// <summary>Resolved department for submitter-department and department:CODE scopes; null for "any".</summary>
    public Guid? AssigneeDepartmentId { get; set; }
    /// <summary>A named user's e-mail (assignee { "user": … }).</summary>
    public string? AssigneeUser { get; set; }
    /// <summary>Set by a reassignment: only this user may act.</summary>
    public string? ReassignedToUserId { get; set; }
    public required string Status { get; set; }
    public string? Outcome { get; set; }
    public string? Comment { get; set; }
    public string? DataJson { get; set; }
    /// <summary>The form fields and outcomes as the definition gave them (JSON), so the inbox needs no definition lookup.</summary>
    public required string FormJson { get; set; }
    public required string Outcomes { get; set; }
    public int? ItemIndex { get; set; }
    public string? ItemLabel { get; set; }
    /// <summary>Added by "approve and forward": an ad-hoc approver after the one who forwarded.</summary>
    public bool AdHoc { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? Due { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedById { get; set; }
    public string? CompletedByName { get; set; }
    public string? OnBehalfOfId { get; set; }
    public string? OnBehalfOfName { get; set; }
    /// <summary>The definition's reminder rules (JSON array of texts), for <c>ReminderPlan</c>.</summary>
    public string? RemindersJson { get; set; }
    /// <summary>The next reminder to send: its number and when. Null when none is left.</summary>
    public int NextReminderNumber { get; set; } = 1;
    public DateTimeOffset? NextReminderAt { get; set; }
    public DateTimeOffset? EscalateAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    public string? EscalationRole { get; set; }
    public Guid? EscalationDepartmentId { get; set; }
}

/// <summary>A wait step's timer, fired by the sweep when due.</summary>
public sealed class WorkflowTimer
{
    public required string Id { get; set; }
    public Guid InstanceId { get; set; }
    public Guid ProposalId { get; set; }
    public required string StepId { get; set; }
    public DateTimeOffset DueAt { get; set; }
}

/// <summary>The append-only business trail of a proposal: who, what, when, from which step to which, with the comment.</summary>
public sealed class JournalRecord
{
    public long Id { get; set; }
    public Guid ProposalId { get; set; }
    public Guid? InstanceId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Kind { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? OnBehalfOfId { get; set; }
    public string? OnBehalfOfName { get; set; }
    public string? FromStep { get; set; }
    public string? ToStep { get; set; }
    public string? Outcome { get; set; }
    public string? Comment { get; set; }
    public Guid? TaskId { get; set; }
}

/// <summary>A request already answered, by idempotency key, so a retry gets the same answer and changes nothing.</summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int StatusCode { get; set; }
    public required string ResponseJson { get; set; }
}

/// <summary>An approver's authority handed to a deputy for a date range, with the reason.</summary>
public sealed class Deputy
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string PrincipalId { get; set; }
    public required string DeputyId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Revoked { get; set; }
}

/// <summary>A day off or a make-up working day in the organisation's calendar (Vietnamese public holidays, Tết).</summary>
public sealed class HolidayRecord
{
    public DateOnly Date { get; set; }
    public required string NameVi { get; set; }
    public string? NameEn { get; set; }
    public bool Working { get; set; }
    public string? Note { get; set; }
}
