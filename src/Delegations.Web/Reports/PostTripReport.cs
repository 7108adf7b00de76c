using Delegations.Web.Proposals;

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
    public List<ReportMeeting> Meetings { get; set; } = [];
    public List<ReportGift> Gifts { get; set; } = [];
    public List<ActualCost> Costs { get; set; } = [];
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
    /// <summary>The account responsible, when the owner was named by e-mail: it may mark the action done and gets its reminders.</summary>
    public string? OwnerUserId { get; set; }
    /// <summary>Set for an action added after the report was filed (null: filed with the report).</summary>
    public DateTimeOffset? AddedAt { get; set; }
    public string? AddedById { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? DoneNote { get; set; }
    public string? DoneById { get; set; }
    public string? DoneByName { get; set; }
    /// <summary>The number of the last reminder sent about it (Jobs/FollowUpReminders: 1 due soon, 2 overdue, 3… still overdue).</summary>
    public int RemindersSent { get; set; }
}

/// <summary>A meeting actually held (the agenda is the plan; this is what happened).</summary>
public sealed class ReportMeeting
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReportId { get; set; }
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public DateOnly Date { get; set; }
    public required string Subject { get; set; }
    public string? Counterpart { get; set; }
    /// <summary>Who took part on the other side (names and titles), as free text.</summary>
    public string? Participants { get; set; }
    public string? Notes { get; set; }
}

public enum GiftDirection { Given, Received }

/// <summary>A gift given to or received from a counterpart (officials declare gifts received).</summary>
public sealed class ReportGift
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReportId { get; set; }
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public GiftDirection Direction { get; set; }
    public required string Description { get; set; }
    /// <summary>To whom (given) or from whom (received).</summary>
    public required string Counterpart { get; set; }
    public DateOnly? Date { get; set; }
    /// <summary>Estimated value in VND, when known.</summary>
    public long? ValueVnd { get; set; }
    /// <summary>What became of a gift received (handed to the office, kept on display, …).</summary>
    public string? Handling { get; set; }
}

/// <summary>
/// What was actually spent on one budget line (or on something the plan did not foresee), in the line's currency
/// with its exchange rate and the VND equivalent, beside the planned amount copied from the line when filed.
/// </summary>
public sealed class ActualCost
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReportId { get; set; }
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    /// <summary>The planned line (its position in the proposal's budget); null for a cost outside the plan.</summary>
    public int? BudgetLine { get; set; }
    public BudgetCategory Category { get; set; }
    public string? Description { get; set; }
    public decimal PlannedAmount { get; set; }
    public long PlannedVnd { get; set; }
    public decimal Amount { get; set; }
    /// <summary>ISO 4217; the planned line's currency.</summary>
    public string Currency { get; set; } = "VND";
    /// <summary>VND for one unit of <see cref="Currency"/> when paid; 1 for VND.</summary>
    public decimal ExchangeRate { get; set; } = 1;
    public DateOnly? RateDate { get; set; }
    public long AmountVnd { get; set; }
    public string? Note { get; set; }
}

public static class AttachmentKinds
{
    public const string Photo = "photo";
    public const string Agreement = "agreement";
    public const string Document = "document";
    public static readonly IReadOnlyList<string> All = [Photo, Agreement, Document];
}

/// <summary>A file attached to a delegation's report: photos, the signed MoU. The bytes are a <see cref="StoredFile"/>.</summary>
public sealed class ReportAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public required string Kind { get; set; }
    /// <summary>A safe name for the download: the client's name, cleaned, with the extension of the type found in the bytes.</summary>
    public required string FileName { get; set; }
    /// <summary>The type sniffed from the bytes (never the client's claim).</summary>
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public string? Caption { get; set; }
    public Guid FileId { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public required string UploadedById { get; set; }
    public required string UploadedByName { get; set; }
}

/// <summary>
/// File contents kept in the database (outside the web root, shared by every node, backed up with the data):
/// report attachments and the compiled reports the job archives.
/// </summary>
public sealed class StoredFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
