using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Infrastructure;
using Delegations.Web.Policies;
using Delegations.Web.Proposals;
using Microsoft.AspNetCore.DataProtection;

namespace Delegations.Web.Tests.Policies;

/// <summary>
/// Each built-in rule kind on its own, with seed-like data: it finds what it should (hit), stays quiet otherwise
/// (miss), says nothing when switched off, and carries the severity it was given (warning or block).
/// </summary>
public sealed class PolicyRuleTests
{
    private static readonly IDataProtector Protector = new EphemeralDataProtectionProvider().CreateProtector("tests");
    private static readonly DateTimeOffset March2024 = new(2024, 3, 25, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly IReadOnlySet<string> Most = new HashSet<string> { "MOST-VP", "MOST" };

    private static Proposal From(ProposalInput input, Func<ProposalInput, ProposalInput>? change = null)
    {
        var p = new Proposal { ReferenceNumber = "DR-2024-0001", Title = "", Purpose = "", CreatedById = "u" };
        ProposalInputMapper.Apply(change is null ? input : change(input), p, Protector);
        return p;
    }

    private static Proposal Beijing(Func<ProposalInput, ProposalInput>? change = null) => From(DemoSeeds.MinisterBeijingShanghai(), change);

    private static PolicyRule Rule(string kind, string parameters = "{}", string severity = PolicySeverities.Warning, bool enabled = true,
        string appliesTo = "outbound", string? organisation = null) => new()
    {
        Id = kind, Kind = kind, Severity = severity, Enabled = enabled, AppliesTo = appliesTo, Organisation = organisation,
        MessageVi = "{person}|{count}|{max}|{days}|{country}|{from}|{to}|{required}|{date}|{organisation}", MessageEn = "{person}|{count}|{max}|{days}|{country}|{from}|{to}|{required}|{date}|{organisation}",
        ParametersJson = parameters,
    };

    private static IReadOnlyList<PolicyResult> Run(Proposal p, PolicyRule rule, IReadOnlyList<OtherDelegation>? others = null, DateTimeOffset? now = null) =>
        PolicyEvaluator.Evaluate(p, [rule], others ?? [], now ?? March2024, p.UnderPrimeMinister, Most);

    private static OtherDelegation Trip(DateOnly start, DateOnly end, ProposalStatus status, string country = "FR", params string[] names) =>
        new(Guid.NewGuid(), ProposalKind.Outbound, status, start, end, [country], names.Select(n => new OtherMember(n, "Bộ Khoa học và Công nghệ")).ToList());

    /// <summary>Runs a rule that is hit, and checks the switched-off and block variants of it.</summary>
    private static PolicyResult HitOffAndBlock(Proposal p, PolicyRule rule, IReadOnlyList<OtherDelegation>? others = null, DateTimeOffset? now = null)
    {
        var hit = Assert.Single(Run(p, rule, others, now));
        Assert.Equal(PolicySeverities.Warning, hit.Severity);
        Assert.False(hit.Blocks);
        rule.Enabled = false;
        Assert.Empty(Run(p, rule, others, now));
        rule.Enabled = true;
        rule.Severity = PolicySeverities.Block;
        Assert.True(Assert.Single(Run(p, rule, others, now)).Blocks);
        rule.Severity = PolicySeverities.Warning;
        return hit;
    }

    [Fact]
    public void Trips_per_year_counts_approved_and_completed_trips_abroad_of_the_same_person()
    {
        var rule = Rule(PolicyKinds.TripsPerYear, """{ "max": 2 }""");
        var earlier = new[]
        {
            Trip(new(2024, 1, 10), new(2024, 1, 14), ProposalStatus.Completed, "JP", "Trần Thị Minh Hà"),
            Trip(new(2024, 2, 5), new(2024, 2, 8), ProposalStatus.Approved, "KR", "Tran Thi Minh Ha"), // same person, typed without diacritics
        };
        var hit = HitOffAndBlock(Beijing(), rule, earlier);
        Assert.Equal("members[1]", hit.Path);
        Assert.StartsWith("Trần Thị Minh Hà|3|2|", hit.MessageVi);

        // Miss: a rejected trip, a draft, a trip in another year and one in Việt Nam do not count.
        Assert.Empty(Run(Beijing(), rule, [earlier[0],
            Trip(new(2024, 2, 5), new(2024, 2, 8), ProposalStatus.Rejected, "KR", "Trần Thị Minh Hà"),
            Trip(new(2024, 2, 5), new(2024, 2, 8), ProposalStatus.Draft, "KR", "Trần Thị Minh Hà"),
            Trip(new(2023, 6, 5), new(2023, 6, 8), ProposalStatus.Completed, "KR", "Trần Thị Minh Hà"),
            Trip(new(2024, 6, 5), new(2024, 6, 8), ProposalStatus.Completed, "VN", "Trần Thị Minh Hà")]));
    }

    [Fact]
    public void Members_per_delegation_is_lower_when_the_head_ranks_below_the_grade()
    {
        var rule = Rule(PolicyKinds.MembersPerDelegation, """{ "max": 10, "maxWhenHeadBelow": 4, "grade": "deputy-minister" }""");
        // Led by the minister: 5 members is within 10.
        Assert.Empty(Run(Beijing(), rule));
        // Led by a director-general (department level): at most 4.
        var led = Beijing(i => i with { Members = i.Members!.Select((m, n) => n == 0 ? m! with { Grade = "director-general" } : m).ToList() });
        var hit = HitOffAndBlock(led, rule);
        Assert.Equal("members", hit.Path);
        Assert.Contains("|5|4|", hit.MessageVi);
    }

    [Fact]
    public void Days_per_country_reads_the_trip_length_for_one_country_and_the_agenda_for_several()
    {
        var rule = Rule(PolicyKinds.DaysPerCountry, """{ "max": 3 }""");
        // Seed 001: five days in China.
        var hit = HitOffAndBlock(Beijing(), rule);
        Assert.Equal("destinations[0]", hit.Path);
        Assert.Contains("|5|", hit.MessageVi);
        Assert.Contains("Trung Quốc", hit.MessageVi);
        Assert.Contains("China", hit.MessageEn);

        Assert.Empty(Run(Beijing(i => i with { EndDate = "2024-04-24", Agenda = [] }), rule));
        // Two countries: two agenda days in Japan, three in Korea (by counterpart or city), within 3 each.
        var twoCountries = Beijing(i => i with
        {
            StartDate = "2024-05-06", EndDate = "2024-05-10",
            Destinations = [new("JP", "Tokyo"), new("KR", "Seoul")],
            Counterparts = [new("JICA", "JP", null, null), new("KOICA", "KR", null, null)],
            Agenda = [new("2024-05-06", "Họp", "JICA"), new("2024-05-07", "Thăm viện", "JICA"), new("2024-05-08", "Đến Seoul", null),
                      new("2024-05-09", "Họp", "KOICA"), new("2024-05-10", "Họp tại Seoul", null)],
        });
        Assert.Empty(Run(twoCountries, rule));
        rule.ParametersJson = """{ "max": 2 }""";
        var korea = Assert.Single(Run(twoCountries, rule));
        Assert.Equal("destinations[1]", korea.Path);
    }

    [Fact]
    public void Countries_per_trip_counts_distinct_countries_abroad()
    {
        var rule = Rule(PolicyKinds.CountriesPerTrip, """{ "max": 2 }""");
        Assert.Empty(Run(Beijing(), rule)); // Beijing and Shanghai are one country
        var tour = Beijing(i => i with { Destinations = [new("CN", "Bắc Kinh"), new("JP", "Tokyo"), new("KR", "Seoul"), new("VN", "Hà Nội")] });
        var hit = HitOffAndBlock(tour, rule);
        Assert.Equal("destinations", hit.Path);
        Assert.Contains("|3|2|", hit.MessageVi);
    }

    [Fact]
    public void Principal_leaders_of_one_body_may_not_travel_together()
    {
        var rule = Rule(PolicyKinds.PrincipalLeaders, """{ "grades": ["minister", "deputy-minister"] }""");
        Assert.Empty(Run(Beijing(), rule)); // one minister, the others are directors
        var both = Beijing(i => i with { Members = [.. i.Members!, new MemberInput { FullName = "Bùi Thế Duy", Title = "Thứ trưởng", Role = "member", Grade = "deputy-minister", Organisation = "Bộ Khoa học và Công nghệ" }] });
        var hit = HitOffAndBlock(both, rule);
        Assert.Equal("members[5]", hit.Path);
        Assert.Contains("Huỳnh Thành Đạt, Bùi Thế Duy", hit.MessageVi);
        Assert.Contains("Bộ Khoa học và Công nghệ", hit.MessageVi);
        // Leaders of two different bodies are fine.
        var twoBodies = Beijing(i => i with { Members = [.. i.Members!, new MemberInput { FullName = "Phan Xuân Dũng", Title = "Chủ tịch", Role = "member", Grade = "president", Organisation = "VUSTA" }] });
        Assert.Empty(Run(twoBodies, Rule(PolicyKinds.PrincipalLeaders, """{ "grades": ["minister", "president"] }""")));
    }

    [Fact]
    public void Passport_validity_is_counted_from_departure_outbound_and_arrival_inbound()
    {
        var rule = Rule(PolicyKinds.PassportValidity, """{ "months": 6 }""", appliesTo: "outbound,inbound");
        // Seed 003: Ngô Thanh Bình's passport ends on 10/08/2025, less than 6 months after leaving for Paris on 24/03/2025.
        var paris = From(DemoSeeds.DeputyMinisterParisUnesco());
        var hit = HitOffAndBlock(paris, rule);
        Assert.Equal("members[1].passportExpiry", hit.Path);
        Assert.Contains("Ngô Thanh Bình", hit.MessageVi);
        Assert.Contains("24/03/2025", hit.MessageVi);
        Assert.Contains("2025-03-24", hit.MessageEn);
        Assert.Empty(Run(Beijing(), rule)); // every passport is long enough
        // Inbound: the CAS guests arrive on 01/04/2025; a passport ending 01/10/2025 is exactly 6 months: not more.
        var cas = From(DemoSeeds.CasVicePresidentVisit(), i => i with { Members = i.Members!.Select((m, n) => n == 1 ? m! with { PassportExpiry = "2025-10-01" } : m).ToList() });
        Assert.Equal("members[1].passportExpiry", Assert.Single(Run(cas, rule)).Path);
        // Not for a kind the rule does not name.
        Assert.Empty(Run(cas, Rule(PolicyKinds.PassportValidity, """{ "months": 6 }""", appliesTo: "outbound")));
    }

    [Fact]
    public void A_member_in_two_delegations_with_overlapping_dates_is_a_conflict()
    {
        var rule = Rule(PolicyKinds.OverlappingDelegations);
        var overlapping = Trip(new(2024, 4, 25), new(2024, 4, 28), ProposalStatus.InReview, "JP", "Lê Quang Huy");
        var hit = HitOffAndBlock(Beijing(), rule, [overlapping]);
        Assert.Equal("members[2]", hit.Path);
        Assert.StartsWith("Lê Quang Huy|", hit.MessageVi);
        Assert.Contains("25/04/2024", hit.MessageVi);
        Assert.Contains("2024-04-28", hit.MessageEn);
        // Miss: the day after the return, a cancelled trip, or a namesake of another organisation.
        Assert.Empty(Run(Beijing(), rule, [
            Trip(new(2024, 4, 27), new(2024, 4, 28), ProposalStatus.Approved, "JP", "Lê Quang Huy"),
            Trip(new(2024, 4, 24), new(2024, 4, 28), ProposalStatus.Cancelled, "JP", "Lê Quang Huy"),
            new(Guid.NewGuid(), ProposalKind.Outbound, ProposalStatus.Approved, new(2024, 4, 24), new(2024, 4, 25), ["JP"], [new("Lê Quang Huy", "Đại học Huế")])]));
    }

    [Fact]
    public void A_host_leader_abroad_during_the_inbound_visit_is_a_conflict()
    {
        var rule = Rule(PolicyKinds.HostLeaderAway, appliesTo: "inbound");
        var cas = From(DemoSeeds.CasVicePresidentVisit(), i => i with { Host = new HostInput("Bùi Thế Duy", "Thứ trưởng Bộ Khoa học và Công nghệ") });
        // Seed 003 (Paris, 24–27/03/2025) ends before the CAS visit on 01/04/2025.
        var paris = Trip(new(2025, 3, 24), new(2025, 3, 27), ProposalStatus.Completed, "FR", "Bùi Thế Duy");
        Assert.Empty(Run(cas, rule, [paris]));
        var away = Trip(new(2025, 3, 30), new(2025, 4, 2), ProposalStatus.Approved, "JP", "Bùi Thế Duy");
        var hit = HitOffAndBlock(cas, rule, [away]);
        Assert.Equal("host.fullName", hit.Path);
        Assert.StartsWith("Bùi Thế Duy|", hit.MessageVi);
        // No host named: nothing to check.
        Assert.Empty(Run(From(DemoSeeds.CasVicePresidentVisit()), rule, [away]));
    }

    [Fact]
    public void Lead_time_is_counted_from_the_submission_or_from_today_for_a_draft()
    {
        var rule = Rule(PolicyKinds.LeadTime, """{ "days": 30 }""");
        // A draft on 25/03/2024 for a trip on 22/04/2024: 28 days, fewer than 30.
        var hit = HitOffAndBlock(Beijing(), rule);
        Assert.Equal("startDate", hit.Path);
        Assert.Contains("|28|", hit.MessageVi);
        Assert.Contains("|30|", hit.MessageVi);
        // Submitted on 1 March: 52 days ahead, whatever today is.
        var early = Beijing();
        early.SubmittedAt = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(7));
        Assert.Empty(Run(early, rule, now: new DateTimeOffset(2024, 4, 20, 9, 0, 0, TimeSpan.FromHours(7))));
    }

    [Fact]
    public void A_conference_under_the_Prime_Minister_needs_40_days_and_others_30()
    {
        var rule = Rule(PolicyKinds.LeadTime, """{ "days": 30, "daysUnderPrimeMinister": 40 }""", PolicySeverities.Block, appliesTo: "conference");
        var conference = From(DemoSeeds.AfeoConference(), i => i with { StartDate = "2025-08-06", EndDate = "2025-08-08" });
        var submittedOn = new DateTimeOffset(2025, 6, 30, 9, 0, 0, TimeSpan.FromHours(7)); // 37 days ahead
        Assert.False(conference.UnderPrimeMinister);
        Assert.Empty(Run(conference, rule, now: submittedOn));
        // A minister-level foreign participant puts it under the Prime Minister: 40 days, so 37 is too late.
        conference.Participants.Add(new ConferenceParticipant { Country = "MY", Level = "minister", Count = 1 });
        Assert.True(conference.UnderPrimeMinister);
        var hit = Assert.Single(Run(conference, rule, now: submittedOn));
        Assert.True(hit.Blocks);
        Assert.Contains("|40|", hit.MessageVi);
        // So does a sensitive topic.
        conference.Participants.RemoveAt(conference.Participants.Count - 1);
        conference.SensitiveTopics = "security";
        Assert.Single(Run(conference, rule, now: submittedOn));
    }

    [Fact]
    public void A_rule_of_one_organisation_does_not_apply_to_another()
    {
        var vusta = Rule(PolicyKinds.DaysPerCountry, """{ "max": 3 }""", organisation: "VUSTA");
        Assert.Empty(PolicyEvaluator.Evaluate(Beijing(), [vusta], [], March2024, false, Most));
        var most = Rule(PolicyKinds.DaysPerCountry, """{ "max": 3 }""", organisation: "MOST");
        Assert.Single(PolicyEvaluator.Evaluate(Beijing(), [most], [], March2024, false, Most));
    }

    [Fact]
    public void The_shipped_defaults_are_valid_and_name_every_kind()
    {
        var dir = AppContext.BaseDirectory;
        var file = Path.Combine(dir, "workflows", "policies", "policy-rules.json");
        var parsed = System.Text.Json.JsonSerializer.Deserialize<PolicyDefaults.RuleFile>(File.ReadAllText(file), ApiJson.Options)!;
        foreach (var rule in parsed.Rules!) Assert.False(PolicyDefaults.Validate(rule).Any, rule.Id);
        Assert.Equal(PolicyKinds.All.Order(), parsed.Rules!.Select(r => r.Kind!).Distinct().Order());
        Assert.Contains(parsed.Rules!, r => r.Id == "conference-lead-time" && r.Severity == "block" && r.Parameters!["daysUnderPrimeMinister"]!.GetValue<int>() == 40);
    }
}
