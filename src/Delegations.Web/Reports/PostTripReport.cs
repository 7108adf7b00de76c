namespace Delegations.Web.Reports;

/// <summary>The post-trip (outbound) or post-visit (inbound) report filed after a delegation.</summary>
public sealed class PostTripReport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public required string Summary { get; set; }
    public string? Results { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    public required string FiledById { get; set; }
    public required string FiledByName { get; set; }
    /// <summary>True when filed after the report task's due time.</summary>
    public bool Late { get; set; }
    public List<Agreement> Agreements { get; set; } = [];
    public List<FollowUpAction> FollowUps { get; set; } = [];
}

/// <summary>An agreement or MoU signed during the delegation.</summary>
public sealed class Agreement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReportId { get; set; }
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public required string Counterpart { get; set; }
    public DateOnly SignedOn { get; set; }
}

/// <summary>Something promised during the delegation, tracked after the report until done.</summary>
public sealed class FollowUpAction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReportId { get; set; }
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public required string Action { get; set; }
    public required string Owner { get; set; }
    public DateOnly Due { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? DoneNote { get; set; }
    public string? DoneById { get; set; }
}
