using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Policies;

/// <summary>The rules' finding as the API shows it (<c>policyFindings</c>), in the reader's language.</summary>
public sealed record PolicyFindingView(string Rule, string Severity, string Message, string? Path);

/// <summary>
/// The one place the policy rules run: when a proposal is saved (its view carries the findings), submitted (a
/// <c>block</c> refuses it, warnings are journalled) and shown to an approver. Reads the enabled rules of the
/// proposal's organisation and the other delegations its people are in, then hands them to <see cref="PolicyEvaluator"/>.
/// </summary>
public sealed class PolicyCheck(DelegationsDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<PolicyResult>> EvaluateAsync(Proposal p, CancellationToken ct)
    {
        var kind = Infrastructure.EnumText.ToText(p.Kind);
        var rules = (await db.Set<PolicyRule>().AsNoTracking().Where(r => r.Enabled).ToListAsync(ct))
            .Where(r => r.Kinds.Contains(kind, StringComparer.OrdinalIgnoreCase)).ToList();
        if (rules.Count == 0) return [];
        var organisations = await OrganisationCodesAsync(p.DepartmentId, ct);
        rules = rules.Where(r => r.Organisation is null || organisations.Contains(r.Organisation)).ToList();
        var needsOthers = rules.Any(r => r.Kind is PolicyKinds.TripsPerYear or PolicyKinds.OverlappingDelegations or PolicyKinds.HostLeaderAway);
        var others = needsOthers ? await OthersAsync(p, ct) : [];
        return PolicyEvaluator.Evaluate(p, rules, others, clock.GetUtcNow(), p.UnderPrimeMinister, organisations);
    }

    public static IReadOnlyList<PolicyFindingView> View(IEnumerable<PolicyResult> results, string language) =>
        results.Select(r => new PolicyFindingView(r.Rule, r.Severity, r.Message(language), r.Path)).ToList();

    /// <summary>The department's code and those of the units above it: a rule of "MOST" covers every unit of the ministry.</summary>
    private async Task<IReadOnlySet<string>> OrganisationCodesAsync(Guid departmentId, CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Code, d.ParentId }).ToListAsync(ct);
        var byId = departments.ToDictionary(d => d.Id);
        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (Guid? id = departmentId; id is { } current && byId.TryGetValue(current, out var d) && codes.Add(d.Code);) id = d.ParentId;
        return codes;
    }

    /// <summary>Outbound delegations, planned or made, in the proposal's year or dates, with one of its people (or its host) in them.</summary>
    private async Task<IReadOnlyList<OtherDelegation>> OthersAsync(Proposal p, CancellationToken ct)
    {
        var names = p.Members.Where(m => !m.Removed).Select(m => m.FullName).Append(p.HostName).OfType<string>().Distinct().ToList();
        if (names.Count == 0) return [];
        var first = new DateOnly(p.StartDate.Year, 1, 1) < p.StartDate ? new DateOnly(p.StartDate.Year, 1, 1) : p.StartDate;
        var last = new DateOnly(p.StartDate.Year, 12, 31) > p.EndDate ? new DateOnly(p.StartDate.Year, 12, 31) : p.EndDate;
        var statuses = PolicyEvaluator.Live.ToList();
        var rows = await (from m in db.Members
                          join o in db.Proposals on m.ProposalId equals o.Id
                          where names.Contains(m.FullName) && !m.Removed && o.Id != p.Id && o.Kind == ProposalKind.Outbound
                                && statuses.Contains(o.Status) && o.StartDate <= last && o.EndDate >= first
                          select new { o.Id, o.Kind, o.Status, o.StartDate, o.EndDate, m.FullName, m.Organisation })
            .AsNoTracking().Take(2000).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).Distinct().ToList();
        var countries = (await db.Set<Destination>().AsNoTracking().Where(d => ids.Contains(d.ProposalId)).Select(d => new { d.ProposalId, d.Country }).ToListAsync(ct))
            .ToLookup(d => d.ProposalId, d => d.Country);
        return rows.GroupBy(r => r.Id).Select(g => new OtherDelegation(g.Key, g.First().Kind, g.First().Status, g.First().StartDate, g.First().EndDate,
            countries[g.Key].ToList(), g.Select(r => new OtherMember(r.FullName, r.Organisation)).ToList())).ToList();
    }
}

/// <summary>The default rules (workflows/policies/*.json), loaded into an empty table on first start.</summary>
public static class PolicyDefaults
{
    public sealed record RuleFile(List<RuleInput>? Rules);

    /// <summary>A rule as the defaults file and the admin API write it.</summary>
    public sealed record RuleInput
    {
        public string? Id { get; init; }
        public string? Kind { get; init; }
        public bool? Enabled { get; init; }
        public string? Severity { get; init; }
        public List<string>? AppliesTo { get; init; }
        public string? Organisation { get; init; }
        public Text? Message { get; init; }
        public string? Source { get; init; }
        public JsonObject? Parameters { get; init; }
    }

    public sealed record Text(string? Vi, string? En);

    public static async Task SeedAsync(DelegationsDbContext db, WorkflowOptions options, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Set<PolicyRule>().AnyAsync(ct)) return;
        var dir = Path.Combine(options.ResolveDefaultsPath(), "policies");
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.GetFiles(dir, "*.json").Order())
        {
            var parsed = JsonSerializer.Deserialize<RuleFile>(await File.ReadAllTextAsync(file, ct), ApiJson.Options);
            foreach (var input in parsed?.Rules ?? [])
            {
                var errors = Validate(input);
                // A broken default file stops the start, loudly, like a broken default workflow.
                if (errors.Any) throw new InvalidOperationException($"{file}: rule '{input.Id}': " + string.Join("; ", errors.ToDictionary().Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}")));
                if (db.Set<PolicyRule>().Local.Any(r => r.Id == input.Id)) continue;
                var rule = new PolicyRule { Id = input.Id!.Trim(), Kind = "", Severity = "", AppliesTo = "", MessageVi = "", MessageEn = "", ParametersJson = "{}" };
                Apply(input, rule, "defaults", clock.GetUtcNow());
                db.Set<PolicyRule>().Add(rule);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    public static FieldErrors Validate(RuleInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Id)) errors.Add("id", "Required.");
        else if (!System.Text.RegularExpressions.Regex.IsMatch(input.Id.Trim(), "^[a-z][a-z0-9-]{1,63}$")) errors.Add("id", "Lower-case letters, digits and dashes, e.g. trips-per-year.");
        if (input.Kind is null || !PolicyKinds.All.Contains(input.Kind)) errors.Add("kind", "Must be one of: " + string.Join(", ", PolicyKinds.All) + ".");
        if (input.Severity is null || !PolicySeverities.All.Contains(input.Severity)) errors.Add("severity", "Must be warning or block.");
        if (input.AppliesTo is not { Count: > 0 }) errors.Add("appliesTo", "Name the kinds of proposal it applies to: outbound, inbound, conference.");
        else
            for (var i = 0; i < input.AppliesTo.Count; i++)
                if (!Infrastructure.EnumText.TryParse<ProposalKind>(input.AppliesTo[i], out _)) errors.Add($"appliesTo[{i}]", "Must be outbound, inbound or conference.");
        if (string.IsNullOrWhiteSpace(input.Message?.Vi)) errors.Add("message.vi", "Required.");
        else if (input.Message.Vi.Length > 1000) errors.Add("message.vi", "At most 1000 characters.");
        if (string.IsNullOrWhiteSpace(input.Message?.En)) errors.Add("message.en", "Required.");
        else if (input.Message.En.Length > 1000) errors.Add("message.en", "At most 1000 characters.");
        if (input.Source is { Length: > 500 }) errors.Add("source", "At most 500 characters.");
        if (input.Organisation is { Length: > 50 }) errors.Add("organisation", "At most 50 characters.");
        foreach (var (name, value) in input.Parameters ?? [])
        {
            var numeric = name is "max" or "maxWhenHeadBelow" or "months" or "days" or "daysUnderPrimeMinister";
            if (numeric && (value is not JsonValue v || !v.TryGetValue<int>(out var n) || n < 0 || n > 10000))
                errors.Add($"parameters.{name}", "Must be a whole number from 0 to 10000.");
            if (name == "grade" && (value is not JsonValue g || !g.TryGetValue<string>(out var grade) || !ProposalRules.Grades.Contains(grade)))
                errors.Add("parameters.grade", "Must be one of: " + string.Join(", ", ProposalRules.Grades) + ".");
            if (name == "grades" && (value is not JsonArray list || list.Any(x => x is not JsonValue gv || !gv.TryGetValue<string>(out var s) || !ProposalRules.Grades.Contains(s))))
                errors.Add("parameters.grades", "Must be a list of grades: " + string.Join(", ", ProposalRules.Grades) + ".");
        }
        if ((input.Parameters?.ToJsonString().Length ?? 0) > 2000) errors.Add("parameters", "Too large.");
        return errors;
    }

    /// <summary>Writes a validated input onto a rule.</summary>
    public static void Apply(RuleInput input, PolicyRule rule, string? by, DateTimeOffset now)
    {
        rule.Kind = input.Kind!;
        rule.Enabled = input.Enabled ?? true;
        rule.Severity = input.Severity!;
        rule.AppliesTo = string.Join(',', input.AppliesTo!.Select(k => Infrastructure.EnumText.ToText(Infrastructure.EnumText.Parse<ProposalKind>(k))).Distinct());
        rule.Organisation = string.IsNullOrWhiteSpace(input.Organisation) ? null : input.Organisation.Trim();
        rule.MessageVi = input.Message!.Vi!.Trim();
        rule.MessageEn = input.Message.En!.Trim();
        rule.Source = string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim();
        rule.ParametersJson = (input.Parameters ?? []).ToJsonString();
        rule.UpdatedAt = now;
        rule.UpdatedBy = by;
    }
}
