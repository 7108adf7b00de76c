using System.Globalization;
using System.Text.Json.Nodes;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Workflows.Time;

namespace Delegations.Web.Policies;

/// <summary>What a rule found on a proposal, in both languages; <see cref="Path"/> is the JSON path of the field it is about.</summary>
public sealed record PolicyResult(string Rule, string Kind, string Severity, string MessageVi, string MessageEn, string? Path)
{
    public string Message(string language) => language == "en" ? MessageEn : MessageVi;
    public bool Blocks => Severity == PolicySeverities.Block;
}

/// <summary>Another delegation a rule compares with (trips in the year, overlapping dates): only what the rules need.</summary>
public sealed record OtherDelegation(Guid Id, ProposalKind Kind, ProposalStatus Status, DateOnly Start, DateOnly End,
    IReadOnlyList<string> Countries, IReadOnlyList<OtherMember> Members);

public sealed record OtherMember(string FullName, string? Organisation);

/// <summary>
/// The rules themselves, as pure functions of a proposal, the other delegations it may clash with and the time:
/// no database, so each kind is tested on its own. <see cref="PolicyCheck"/> gathers the inputs.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Our organisations are Vietnamese: a destination in Việt Nam is not a trip abroad.</summary>
    public const string HomeCountry = "VN";

    /// <summary>Statuses of a delegation that is planned or happened (not a draft, not rejected or cancelled).</summary>
    public static readonly IReadOnlyList<ProposalStatus> Live =
        [ProposalStatus.InReview, ProposalStatus.ChangesRequested, ProposalStatus.Approved, ProposalStatus.ReportDue, ProposalStatus.Completed];

    /// <summary>Statuses that count as a trip made ("approved and completed delegations").</summary>
    public static readonly IReadOnlyList<ProposalStatus> Approved = [ProposalStatus.Approved, ProposalStatus.ReportDue, ProposalStatus.Completed];

    /// <summary>Seniority of a grade: 1 the highest. Unknown grades rank lowest.</summary>
    public static int Rank(string? grade) => grade switch
    {
        "minister" or "president" => 1,
        "deputy-minister" or "vice-president" => 2,
        "director-general" => 3,
        "deputy-director-general" => 4,
        "director" => 5,
        "deputy-director" => 6,
        _ => 7,
    };

    public static bool AppliesTo(PolicyRule rule, ProposalKind kind, IReadOnlySet<string> organisationCodes) =>
        rule.Enabled
        && rule.Kinds.Contains(EnumText.ToText(kind), StringComparer.OrdinalIgnoreCase)
        && (rule.Organisation is null || organisationCodes.Contains(rule.Organisation));

    public static IReadOnlyList<PolicyResult> Evaluate(Proposal p, IEnumerable<PolicyRule> rules, IReadOnlyList<OtherDelegation> others,
        DateTimeOffset now, bool underPrimeMinister, IReadOnlySet<string> organisationCodes)
    {
        var results = new List<PolicyResult>();
        foreach (var rule in rules.Where(r => AppliesTo(r, p.Kind, organisationCodes)).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var found = rule.Kind switch
            {
                PolicyKinds.TripsPerYear => TripsPerYear(p, rule, others),
                PolicyKinds.MembersPerDelegation => MembersPerDelegation(p, rule),
                PolicyKinds.DaysPerCountry => DaysPerCountry(p, rule),
                PolicyKinds.CountriesPerTrip => CountriesPerTrip(p, rule),
                PolicyKinds.PrincipalLeaders => PrincipalLeaders(p, rule),
                PolicyKinds.PassportValidity => PassportValidity(p, rule),
                PolicyKinds.OverlappingDelegations => Overlapping(p, rule, others),
                PolicyKinds.HostLeaderAway => HostLeaderAway(p, rule, others),
                PolicyKinds.LeadTime => LeadTime(p, rule, now, underPrimeMinister),
                _ => [],
            };
            results.AddRange(found);
        }
        return results;
    }

    private static IEnumerable<(DelegationMember Member, int Index)> Members(Proposal p) =>
        p.Members.OrderBy(m => m.Position).Select((m, i) => (m, i)).Where(x => !x.m.Removed);

    public static bool SamePerson(string name, string? organisation, string otherName, string? otherOrganisation) =>
        SearchText.Fold(name) == SearchText.Fold(otherName)
        && (organisation is null || otherOrganisation is null || SearchText.Fold(organisation) == SearchText.Fold(otherOrganisation));

    private static bool Abroad(IEnumerable<string> countries) => countries.Any(c => !c.Equals(HomeCountry, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<PolicyResult> TripsPerYear(Proposal p, PolicyRule rule, IReadOnlyList<OtherDelegation> others)
    {
        if (!Abroad(p.Destinations.Select(d => d.Country))) yield break;
        var max = Int(rule, "max", 2);
        var year = p.StartDate.Year;
        foreach (var (m, i) in Members(p))
        {
            var count = 1 + others.Count(o => o.Id != p.Id && o.Kind == ProposalKind.Outbound && Approved.Contains(o.Status) && o.Start.Year == year
                                              && Abroad(o.Countries) && o.Members.Any(x => SamePerson(m.FullName, m.Organisation, x.FullName, x.Organisation)));
            if (count > max)
                yield return Result(rule, $"members[{i}]", ("person", m.FullName), ("count", Text(count)), ("max", Text(max)), ("year", Text(year)));
        }
    }

    private static IEnumerable<PolicyResult> MembersPerDelegation(Proposal p, PolicyRule rule)
    {
        var count = Members(p).Count();
        var max = Int(rule, "max", 10);
        var head = p.Members.FirstOrDefault(m => m.Role == MemberRole.Head && !m.Removed);
        var grade = Str(rule, "grade");
        if (head?.Grade is { } headGrade && grade is not null && Rank(headGrade) > Rank(grade) && rule.Parameters["maxWhenHeadBelow"] is not null)
            max = Int(rule, "maxWhenHeadBelow", max);
        if (count > max) yield return Result(rule, "members", ("count", Text(count)), ("max", Text(max)));
    }

    private static IEnumerable<PolicyResult> DaysPerCountry(Proposal p, PolicyRule rule)
    {
        var max = Int(rule, "max", 3);
        var destinations = p.Destinations.OrderBy(d => d.Position).ToList();
        var countries = destinations.Select(d => d.Country.ToUpperInvariant()).Where(c => c != HomeCountry).Distinct().ToList();
        foreach (var country in countries)
        {
            int days;
            if (countries.Count == 1 && destinations.All(d => d.Country.ToUpperInvariant() is var c && (c == country || c == HomeCountry)))
            {
                days = p.Days;
            }
            else
            {
                // Several countries: the agenda's days whose counterpart or place belongs to this country.
                var cities = destinations.Where(d => d.Country.Equals(country, StringComparison.OrdinalIgnoreCase)).Select(d => SearchText.Fold(d.City)).ToList();
                var organisations = p.Counterparts.Where(c => c.Country.Equals(country, StringComparison.OrdinalIgnoreCase)).Select(c => SearchText.Fold(c.Organisation)).ToList();
                days = p.Agenda.Where(a =>
                {
                    var text = SearchText.Fold(a.Activity + " " + a.Counterpart);
                    return organisations.Contains(SearchText.Fold(a.Counterpart)) || cities.Any(city => city.Length > 0 && text.Contains(city, StringComparison.Ordinal));
                }).Select(a => a.Date).Distinct().Count();
            }
            if (days > max)
            {
                var index = destinations.FindIndex(d => d.Country.Equals(country, StringComparison.OrdinalIgnoreCase));
                yield return Result(rule, $"destinations[{index}]", ("country", Countries.Name(country, "vi")), ("countryEn", Countries.Name(country, "en")),
                    ("days", Text(days)), ("max", Text(max)));
            }
        }
    }

    private static IEnumerable<PolicyResult> CountriesPerTrip(Proposal p, PolicyRule rule)
    {
        var max = Int(rule, "max", 3);
        var count = p.Destinations.Select(d => d.Country.ToUpperInvariant()).Where(c => c != HomeCountry).Distinct().Count();
        if (count > max) yield return Result(rule, "destinations", ("count", Text(count)), ("max", Text(max)));
    }

    private static IEnumerable<PolicyResult> PrincipalLeaders(Proposal p, PolicyRule rule)
    {
        var grades = (rule.Parameters["grades"] as JsonArray)?.Select(g => g?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase)
                     ?? ["minister", "deputy-minister", "president", "vice-president"];
        var leaders = Members(p).Where(x => x.Member.Grade is { } g && grades.Contains(g) && !string.IsNullOrWhiteSpace(x.Member.Organisation));
        foreach (var body in leaders.GroupBy(x => SearchText.Fold(x.Member.Organisation)).Where(g => g.Count() > 1))
        {
            var list = body.ToList();
            yield return Result(rule, $"members[{list[1].Index}]", ("person", string.Join(", ", list.Select(x => x.Member.FullName))),
                ("organisation", list[0].Member.Organisation!));
        }
    }

    private static IEnumerable<PolicyResult> PassportValidity(Proposal p, PolicyRule rule)
    {
        var months = Int(rule, "months", 6);
        var limit = p.StartDate.AddMonths(months);
        foreach (var (m, i) in Members(p))
        {
            if (m.PassportExpiry is { } expiry && expiry <= limit)
                yield return Result(rule, $"members[{i}].passportExpiry", ("person", m.FullName), ("months", Text(months)),
                    ("date", DateVi(p.StartDate)), ("dateEn", DateEn(p.StartDate)));
        }
    }

    private static IEnumerable<PolicyResult> Overlapping(Proposal p, PolicyRule rule, IReadOnlyList<OtherDelegation> others)
    {
        foreach (var (m, i) in Members(p))
        {
            var clash = others.Where(o => o.Id != p.Id && Live.Contains(o.Status) && o.Start <= p.EndDate && o.End >= p.StartDate
                                          && o.Members.Any(x => SamePerson(m.FullName, m.Organisation, x.FullName, x.Organisation)))
                .OrderBy(o => o.Start).FirstOrDefault();
            if (clash is not null)
                yield return Result(rule, $"members[{i}]", ("person", m.FullName), ("from", DateVi(clash.Start)), ("to", DateVi(clash.End)),
                    ("fromEn", DateEn(clash.Start)), ("toEn", DateEn(clash.End)));
        }
    }

    private static IEnumerable<PolicyResult> HostLeaderAway(Proposal p, PolicyRule rule, IReadOnlyList<OtherDelegation> others)
    {
        if (string.IsNullOrWhiteSpace(p.HostName)) yield break;
        var away = others.Where(o => o.Id != p.Id && o.Kind == ProposalKind.Outbound && Live.Contains(o.Status) && o.Start <= p.EndDate && o.End >= p.StartDate
                                     && Abroad(o.Countries) && o.Members.Any(x => SearchText.Fold(x.FullName) == SearchText.Fold(p.HostName)))
            .OrderBy(o => o.Start).FirstOrDefault();
        if (away is not null)
            yield return Result(rule, "host.fullName", ("person", p.HostName), ("from", DateVi(away.Start)), ("to", DateVi(away.End)),
                ("fromEn", DateEn(away.Start)), ("toEn", DateEn(away.End)));
    }

    private static IEnumerable<PolicyResult> LeadTime(Proposal p, PolicyRule rule, DateTimeOffset now, bool underPrimeMinister)
    {
        // Before submission, as if submitted today; afterwards, as it was submitted.
        var asOf = TimeZoneInfo.ConvertTime(p.SubmittedAt ?? now, WorkingDayCalendar.VietnamTime);
        var submitted = DateOnly.FromDateTime(asOf.DateTime);
        var required = Int(rule, "days", 15);
        if (underPrimeMinister && rule.Parameters["daysUnderPrimeMinister"] is not null) required = Int(rule, "daysUnderPrimeMinister", required);
        var before = p.StartDate.DayNumber - submitted.DayNumber;
        if (before < required)
            yield return Result(rule, "startDate", ("days", Text(before)), ("required", Text(required)),
                ("date", DateVi(submitted)), ("dateEn", DateEn(submitted)));
    }

    private static PolicyResult Result(PolicyRule rule, string? path, params (string Name, string Value)[] values)
    {
        string Fill(string template, bool english)
        {
            var text = template;
            foreach (var (name, value) in values.Where(v => !v.Name.EndsWith("En", StringComparison.Ordinal)))
            {
                var localized = english ? values.FirstOrDefault(v => v.Name == name + "En").Value ?? value : value;
                text = text.Replace("{" + name + "}", localized, StringComparison.Ordinal);
            }
            return text;
        }
        return new PolicyResult(rule.Id, rule.Kind, rule.Severity, Fill(rule.MessageVi, false), Fill(rule.MessageEn, true), path);
    }

    private static int Int(PolicyRule rule, string name, int fallback) =>
        rule.Parameters[name] is JsonValue v && v.TryGetValue<int>(out var n) ? n : fallback;

    private static string? Str(PolicyRule rule, string name) =>
        rule.Parameters[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string DateVi(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
    private static string DateEn(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
