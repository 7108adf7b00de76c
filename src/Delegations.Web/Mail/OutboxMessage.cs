namespace Delegations.Web.Mail;

public static class OutboxStatuses
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    /// <summary>Gave up after the retry limit; an admin can resend.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// A rendered mail waiting to be delivered, written in the same transaction as the state change that caused it.
/// <see cref="DedupKey"/> is unique, so the same reminder or notice can never be queued twice.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string DedupKey { get; set; }
    public required string Template { get; set; }
    public required string Language { get; set; }
    public required string ToEmail { get; set; }
    public required string ToName { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }
    public Guid? ProposalId { get; set; }
    public Guid? TaskId { get; set; }
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>A sender's lease: while it is in the future, other nodes leave the message alone.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>Optional attachment (e.g. the compiled report), stored inline.</summary>
    public string? AttachmentName { get; set; }
    public string? AttachmentContentType { get; set; }
    public byte[]? AttachmentContent { get; set; }
}
