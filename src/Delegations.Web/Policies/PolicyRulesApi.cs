using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static Delegations.Web.Policies.PolicyDefaults;

namespace Delegations.Web.Policies;

/// <summary>
/// <c>/api/admin/policy-rules</c>: the organisation's policy rules (admins). Every change is audited; the next
/// save, submission or task view uses it at once.
/// </summary>
public static class PolicyRulesApi
{
    public sealed record RuleView(string Id, string Kind, bool Enabled, string Severity, IReadOnlyList<string> AppliesTo, string? Organisation,
        Text Message, string? Source, JsonObject Parameters, DateTimeOffset UpdatedAt, string? UpdatedBy);

    public static RouteGroupBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/policy-rules").WithTags("Admin: policy rules").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly);
        group.MapGet("/", List).WithSummary("Every policy rule, switched on or off.");
        group.MapGet("/{id}", Get).WithSummary("One rule.").ProducesProblem(404);
        group.MapPost("/", Create).WithSummary("Add a rule of a built-in kind.").ProducesValidationProblem().ProducesProblem(409);
        group.MapPut("/{id}", Update).WithSummary("Change a rule: its message, severity, parameters, kinds, organisation, or switch it off (enabled: false).")
            .ProducesValidationProblem().ProducesProblem(404);
        group.MapDelete("/{id}", Delete).WithSummary("Remove a rule (switching it off keeps it for later).").ProducesProblem(404);
        return group;
    }

    public static RuleView ToView(PolicyRule r) => new(r.Id, r.Kind, r.Enabled, r.Severity, r.Kinds, r.Organisation, new Text(r.MessageVi, r.MessageEn),
        r.Source, r.Parameters, r.UpdatedAt, r.UpdatedBy);

    public static Task<List<PolicyRule>> AllAsync(DelegationsDbContext db, CancellationToken ct) =>
        db.Set<PolicyRule>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);

    private static async Task<Ok<List<RuleView>>> List(DelegationsDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await AllAsync(db, ct)).Select(ToView).ToList());

    private static async Task<Ok<RuleView>> Get(string id, DelegationsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(ToView(await db.Set<PolicyRule>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw AppProblemException.NotFound($"The rule '{id}'")));

    private static async Task<Created<RuleView>> Create(RuleInput input, DelegationsDbContext db, CurrentUser current, AccountAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var rule = await SaveAsync(db, user, audit, clock, input.Id?.Trim(), input, creating: true, ct);
        return TypedResults.Created($"/api/admin/policy-rules/{rule.Id}", ToView(rule));
    }

    private static async Task<Ok<RuleView>> Update(string id, RuleInput input, DelegationsDbContext db, CurrentUser current, AccountAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        return TypedResults.Ok(ToView(await SaveAsync(db, user, audit, clock, id, input with { Id = id }, creating: false, ct)));
    }

    /// <summary>Validates and stores a rule with its audit entry (one transaction); the pages use it too.</summary>
    public static async Task<PolicyRule> SaveAsync(DelegationsDbContext db, UserContext user, AccountAudit audit, TimeProvider clock, string? id, RuleInput input,
        bool creating, CancellationToken ct)
    {
        Validate(input).ThrowIfAny();
        var rule = await db.Set<PolicyRule>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (creating && rule is not null) throw AppProblemException.Conflict($"There is already a rule '{id}'; change it with PUT.");
        if (!creating && rule is null) throw AppProblemException.NotFound($"The rule '{id}'");
        if (input.Organisation is { Length: > 0 } code && !await db.Departments.AnyAsync(d => d.Code == code.Trim(), ct))
            throw AppProblemException.Invalid("organisation", $"There is no department '{code}'.");
        if (rule is null)
        {
            rule = new PolicyRule { Id = id!, Kind = "", Severity = "", AppliesTo = "", MessageVi = "", MessageEn = "", ParametersJson = "{}" };
            db.Set<PolicyRule>().Add(rule);
        }
        Apply(input, rule, user.FullName, clock.GetUtcNow());
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, "policy rule " + rule.Id,
            $"{(creating ? "created" : "changed")}: {rule.Kind}, {(rule.Enabled ? "on" : "off")}, {rule.Severity}, {rule.AppliesTo}, {rule.ParametersJson}");
        await db.SaveChangesAsync(ct);
        return rule;
    }

    private static async Task<NoContent> Delete(string id, DelegationsDbContext db, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var rule = await db.Set<PolicyRule>().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw AppProblemException.NotFound($"The rule '{id}'");
        db.Set<PolicyRule>().Remove(rule);
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, "policy rule " + id, "removed");
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
