using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Delegations.Web.Policies;

/// <summary>
/// One rule an organisation works under ("at most 2 trips abroad per person per year"), maintained by admins as data:
/// a built-in <see cref="Kind"/> with its parameters, a message in both languages, and whether breaking it only warns
/// or blocks the submission. The defaults (workflows/policies/policy-rules.json) are loaded on first start.
/// </summary>
public sealed class PolicyRule
{
    /// <summary>A stable slug, e.g. <c>trips-per-year</c>; findings and refusals name it.</summary>
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary><see cref="PolicySeverities.Warning"/> or <see cref="PolicySeverities.Block"/>.</summary>
    public required string Severity { get; set; }
    /// <summary>Proposal kinds it applies to, comma-separated (outbound,inbound,conference).</summary>
    public required string AppliesTo { get; set; }
    /// <summary>The department code of the organisation it applies to (with all its units); null for every organisation.</summary>
    public string? Organisation { get; set; }
    public required string MessageVi { get; set; }
    public required string MessageEn { get; set; }
    /// <summary>Where the rule comes from (a regulation, "example"), for the admin page.</summary>
    public string? Source { get; set; }
    /// <summary>The kind's parameters as a JSON object (<c>{ "max": 2 }</c>).</summary>
    public required string ParametersJson { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    public IReadOnlyList<string> Kinds => AppliesTo.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public JsonObject Parameters => JsonNode.Parse(ParametersJson) as JsonObject ?? [];
}

public static class PolicySeverities
{
    public const string Warning = "warning";
    public const string Block = "block";
    public static readonly IReadOnlyList<string> All = [Warning, Block];
}

/// <summary>The built-in rule kinds, each with the parameters it reads.</summary>
public static class PolicyKinds
{
    /// <summary><c>max</c>: trips abroad per person per calendar year, counting approved and completed delegations.</summary>
    public const string TripsPerYear = "trips-per-year";
    /// <summary><c>max</c>; <c>maxWhenHeadBelow</c> when the head's grade ranks below <c>grade</c>.</summary>
    public const string MembersPerDelegation = "members-per-delegation";
    /// <summary><c>max</c> days in one country.</summary>
    public const string DaysPerCountry = "days-per-country";
    /// <summary><c>max</c> countries in one trip.</summary>
    public const string CountriesPerTrip = "countries-per-trip";
    /// <summary>Not two members with one of <c>grades</c> from the same organisation.</summary>
    public const string PrincipalLeaders = "principal-leaders";
    /// <summary>Passports valid more than <c>months</c> after departure (outbound) or arrival (inbound guests).</summary>
    public const string PassportValidity = "passport-validity";
    /// <summary>A member already in another delegation with overlapping dates.</summary>
    public const string OverlappingDelegations = "overlapping-delegations";
    /// <summary>The leader who hosts an inbound visit (or conference) is abroad in a delegation at the time.</summary>
    public const string HostLeaderAway = "host-leader-away";
    /// <summary>Submitted fewer than <c>days</c> before the start (<c>daysUnderPrimeMinister</c> when the Prime Minister decides).</summary>
    public const string LeadTime = "lead-time";

    public static readonly IReadOnlyList<string> All =
        [TripsPerYear, MembersPerDelegation, DaysPerCountry, CountriesPerTrip, PrincipalLeaders, PassportValidity, OverlappingDelegations, HostLeaderAway, LeadTime];
}

internal sealed class PolicyRuleConfiguration : IEntityTypeConfiguration<PolicyRule>
{
    public void Configure(EntityTypeBuilder<PolicyRule> e)
    {
        e.ToTable("PolicyRules");
        e.Property(r => r.Id).HasMaxLength(64);
        e.Property(r => r.Kind).HasMaxLength(40);
        e.Property(r => r.Severity).HasMaxLength(10);
        e.Property(r => r.AppliesTo).HasMaxLength(60);
        e.Property(r => r.Organisation).HasMaxLength(50);
        e.Property(r => r.MessageVi).HasMaxLength(1000);
        e.Property(r => r.MessageEn).HasMaxLength(1000);
        e.Property(r => r.Source).HasMaxLength(500);
        e.Property(r => r.ParametersJson).HasMaxLength(2000);
        e.Property(r => r.UpdatedBy).HasMaxLength(200);
    }
}
