using System.ComponentModel.DataAnnotations;
using Delegations.Web.Accounts;

namespace Delegations.Web.Proposals;

public enum ProposalKind { Outbound, Inbound, Conference }

/// <summary>Where a proposal is. Stored and serialised in snake_case (<c>in_review</c>): a public contract.</summary>
public enum ProposalStatus { Draft, InReview, ChangesRequested, Rejected, Approved, ReportDue, Completed, Cancelled, Faulted }

public enum MemberRole { Head, Member, Interpreter, Secretary }

public enum BudgetCategory { Airfare, Perdiem, Accommodation, Reception, Gifts, Interpreting, Other }

/// <summary>A delegation proposal: an outbound trip, an inbound visit or a hosted conference.</summary>
public sealed class Proposal
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string ReferenceNumber { get; set; }
    public ProposalKind Kind { get; set; }
    public ProposalStatus Status { get; set; }
    public required string Title { get; set; }
    public required string Purpose { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public string? VenueCity { get; set; }
    public string? VenuePlace { get; set; }
    public string? InvitationFrom { get; set; }
    public DateOnly? InvitationDate { get; set; }
    public string? BudgetSource { get; set; }
    /// <summary>Sum of the budget lines in VND (kept for search, routing and reports).</summary>
    public long TotalVnd { get; set; }
    public bool InAnnualPlan { get; set; } = true;
    /// <summary>The annual delegation plan item this proposal carries out; null when unplanned (or no plan was recorded).
    /// No foreign key (adding one rebuilds the Proposals table on SQLite); removing a linked item is refused instead.</summary>
    public Guid? PlanItemId { get; set; }
    /// <summary>When the approvals were done (first reached approved): the date whose norms apply.</summary>
    public DateTimeOffset? ApprovedAt { get; set; }
    /// <summary>The date of the norm tables the budget lines were last checked against.</summary>
    public DateOnly? NormsAsOf { get; set; }
    /// <summary>The total finance approved (after its corrections), for planned vs actual and department budgets.</summary>
    public long? ApprovedTotalVnd { get; set; }
    /// <summary>The actual cost reported after the trip (VND), copied from the report for routing and budgets.</summary>
    public long? ActualVnd { get; set; }
    /// <summary>Inbound guests' class for reception norms and routing: special, A, B, C, other.</summary>
    public string? GuestClass { get; set; }
    public Guid DepartmentId { get; set; }
    public Department? Department { get; set; }
    public required string CreatedById { get; set; }
    public AppUser? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public Guid? WorkflowInstanceId { get; set; }
    /// <summary>Lower-case text without diacritics for search ("huynh thanh dat" finds "Huỳnh Thành Đạt"); never holds passport data.</summary>
    public string SearchText { get; set; } = "";
    /// <summary>Optimistic concurrency for edits.</summary>
    public int Revision { get; set; }
    /// <summary>Inbound visits and conferences: the leader who receives the guests (checked against their own trips).</summary>
    public string? HostName { get; set; }
    public string? HostTitle { get; set; }
    /// <summary>Hosted conferences: the topic, the organisers and the sensitive subjects it touches (Decision 06/2020/QĐ-TTg).</summary>
    public string? ConferenceTopic { get; set; }
    public string? ConferenceOrganisers { get; set; }
    /// <summary>Comma-separated codes of <see cref="ConferenceRules.SensitiveTopics"/>.</summary>
    public string? SensitiveTopics { get; set; }
    /// <summary>
    /// An inbound delegation that comes for a conference we host (seed 000: BAST at the AFEO conference). A plain
    /// indexed column, not a foreign key: SQLite would rebuild the proposals table to add one.
    /// </summary>
    public Guid? ConferenceId { get; set; }

    public List<DelegationMember> Members { get; set; } = [];
    public List<Destination> Destinations { get; set; } = [];
    public List<Counterpart> Counterparts { get; set; } = [];
    public List<AgendaItem> Agenda { get; set; } = [];
    public List<BudgetLine> BudgetLines { get; set; } = [];
    public List<ConferenceParticipant> Participants { get; set; } = [];

    public int Days => EndDate.DayNumber - StartDate.DayNumber + 1;
    public DelegationMember? Head => Members.FirstOrDefault(m => m.Role == MemberRole.Head);

    /// <summary>A hosted conference the Prime Minister decides on: minister-level foreign participants, or a sensitive topic.</summary>
    public bool UnderPrimeMinister => Kind == ProposalKind.Conference && ConferenceRules.UnderPrimeMinister(this);
}

/// <summary>Hosted conferences: expected participants by country and level.</summary>
public sealed class ConferenceParticipant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public required string Country { get; set; }
    /// <summary>One of <see cref="ConferenceRules.Levels"/>.</summary>
    public required string Level { get; set; }
    public int Count { get; set; }
}

/// <summary>Decision 06/2020/QĐ-TTg on international conferences hosted in Việt Nam, as the data needs it.</summary>
public static class ConferenceRules
{
    public static readonly IReadOnlyList<string> Levels = ["head-of-state", "minister", "deputy-minister", "senior-official", "expert", "other"];
    /// <summary>Levels at which foreign participants put the conference under the Prime Minister.</summary>
    public static readonly IReadOnlyList<string> PrimeMinisterLevels = ["head-of-state", "minister"];
    public static readonly IReadOnlyList<string> SensitiveTopics = ["sovereignty", "security", "defence", "ethnicity", "religion", "human-rights", "state-secrets"];

    public static IReadOnlyList<string> TopicsOf(Proposal p) =>
        (p.SensitiveTopics ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool UnderPrimeMinister(Proposal p) =>
        TopicsOf(p).Count > 0
        || p.Participants.Any(x => !x.Country.Equals("VN", StringComparison.OrdinalIgnoreCase) && PrimeMinisterLevels.Contains(x.Level) && x.Count > 0);
}

public sealed class DelegationMember
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public required string FullName { get; set; }
    public required string Title { get; set; }
    public string? Organisation { get; set; }
    public MemberRole Role { get; set; }
    /// <summary>Traveller grade for norms and routing: minister, deputy-minister, director-general, director, deputy-director, officer.</summary>
    public string? Grade { get; set; }
    /// <summary>Protected with ASP.NET Core Data Protection; only the submitter, visa officers and admins see it.</summary>
    public string? PassportNumberProtected { get; set; }
    public DateOnly? PassportExpiry { get; set; }
    public string? PassportType { get; set; }
    public string? DateOfBirthProtected { get; set; }
    public string? Nationality { get; set; }
    /// <summary>Set when the member was removed after a refused visa; the row stays for the journal and reports.</summary>
    public bool Removed { get; set; }
    /// <summary>not-needed, applied, granted or refused (the visa task sets it).</summary>
    [MaxLength(20)] public string? VisaStatus { get; set; }
    public DateOnly? VisaAppliedOn { get; set; }
    /// <summary>The day the visa was granted or refused.</summary>
    public DateOnly? VisaDecidedOn { get; set; }
}

public sealed class Destination
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public required string Country { get; set; }
    public required string City { get; set; }
}

public sealed class Counterpart
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public required string Organisation { get; set; }
    public required string Country { get; set; }
    public string? ContactName { get; set; }
    public string? ContactTitle { get; set; }
}

public sealed class AgendaItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public DateOnly Date { get; set; }
    public required string Activity { get; set; }
    public string? Counterpart { get; set; }
}

public sealed class BudgetLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public int Position { get; set; }
    public BudgetCategory Category { get; set; }
    public string? Description { get; set; }
    public decimal Amount { get; set; }
    /// <summary>ISO 4217; VND unless named.</summary>
    public string Currency { get; set; } = "VND";
    /// <summary>VND for one unit of <see cref="Currency"/>; 1 for VND.</summary>
    public decimal ExchangeRate { get; set; } = 1;
    public DateOnly? RateDate { get; set; }
    public long AmountVnd { get; set; }
    /// <summary>The norm cap for this line in VND (null: no norm applies), from the norms of <see cref="Proposal.NormsAsOf"/>.</summary>
    public long? NormVnd { get; set; }
    /// <summary>How the cap was reached ("5 người × 5 ngày, nhóm B, TT 102/2012/TT-BTC").</summary>
    [MaxLength(500)] public string? NormBasis { get; set; }
    [System.ComponentModel.DataAnnotations.Schema.NotMapped] public bool OverNorm => NormVnd is { } n && AmountVnd > n;
}

/// <summary>The next reference number per prefix and year (DR-2025-0007).</summary>
public sealed class ReferenceCounter
{
    public required string Prefix { get; set; }
    public int Year { get; set; }
    public int Next { get; set; }
}
