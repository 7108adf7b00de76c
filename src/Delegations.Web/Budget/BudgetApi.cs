using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Budget;

/// <summary>
/// The budget estimate from the norms (<c>POST /api/budget/estimate</c> with a proposal body, or
/// <c>POST /api/proposals/{id}/budget/estimate</c> for a saved one), and the admin APIs for the norm tables
/// (<c>/api/admin/norms</c>), the annual delegation plan (<c>/api/admin/plan</c>) and the departments' annual
/// budgets (<c>/api/admin/department-budgets</c>). Every admin change is audited.
/// </summary>
public static class BudgetApi
{
    public sealed record NormView(Guid Id, string Kind, string Circular, string EffectiveFrom, string Group, string Grades, string Category,
        decimal Amount, string Currency, string Unit, bool Example, string? Note, DateTimeOffset UpdatedAt, string? UpdatedBy);
    public sealed record NormInput(string? Kind, string? Circular, string? EffectiveFrom, string? Group, string? Grades, string? Category,
        decimal? Amount, string? Currency, string? Unit, string? Note);
    public sealed record CountryGroupView(string Country, string CountryName, string Group, string EffectiveFrom);
    public sealed record CountryGroupInput(string? Group, string? EffectiveFrom);
    public sealed record LookupView(string Date, string Kind, string Group, string Category, string? Grade, NormView? Norm, string? CountryGroup);

    public sealed record PlanItemView(Guid Id, int Year, string Department, string DepartmentName, ProposalKind Kind, string Country, string CountryName,
        int Quarter, int Size, string Title, string? Note, IReadOnlyList<string> Proposals);
    public sealed record PlanItemInput(int? Year, string? Department, string? Kind, string? Country, int? Quarter, int? Size, string? Title, string? Note);
    public sealed record DepartmentBudgetView(string Department, string DepartmentName, int Year, long AmountVnd, long SpentVnd, long CommittedVnd, decimal Percent, string Level);
    public sealed record DepartmentBudgetInput(long? AmountVnd);

    public static IEndpointRouteBuilder MapBudgetApi(this IEndpointRouteBuilder app)
    {
        var estimate = app.MapGroup("/api").WithTags("Budget").RequireAuthorization();
        estimate.MapPost("/budget/estimate", EstimateBody)
            .WithSummary("Per-diem and accommodation (outbound) or reception and gifts (inbound) from the norm tables, for a proposal body; nothing is saved.")
            .ProducesValidationProblem();
        estimate.MapPost("/proposals/{id:guid}/budget/estimate", EstimateSaved)
            .WithSummary("The estimate for a saved proposal; nothing is saved.").ProducesProblem(404);

        var norms = app.MapGroup("/api/admin/norms").WithTags("Admin: budget norms").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly);
        norms.MapGet("/", ListNorms).WithSummary("The norm rows (every effective date), optionally of one kind, or those in force on a date (on=yyyy-MM-dd).");
        norms.MapGet("/lookup", Lookup).WithSummary("The cap in force on a date for a kind, group (or country), category and grade.").ProducesValidationProblem();
        norms.MapPost("/", CreateNorm).WithSummary("Add a norm row (a new circular is new rows with a later effective date).").ProducesValidationProblem();
        norms.MapPut("/{id:guid}", UpdateNorm).WithSummary("Change a norm row (its amount, note …); it is no longer marked as an example.").ProducesValidationProblem().ProducesProblem(404);
        norms.MapDelete("/{id:guid}", DeleteNorm).WithSummary("Remove a norm row.").ProducesProblem(404);
        norms.MapGet("/country-groups", ListGroups).WithSummary("Which group each country is in for the outbound norms.");
        norms.MapPut("/country-groups/{country}", PutGroup).WithSummary("Put a country in a group from a date.").ProducesValidationProblem();

        var plan = app.MapGroup("/api/admin/plan").WithTags("Admin: annual plan").RequireAuthorization().AddEndpointFilter(PlanEditors);
        plan.MapGet("/", ListPlan).WithSummary("The annual delegation plan of a year, with the proposals linked to each item.");
        plan.MapPost("/", CreatePlanItem).WithSummary("Add a planned delegation.").ProducesValidationProblem();
        plan.MapPut("/{id:guid}", UpdatePlanItem).WithSummary("Change a planned delegation.").ProducesValidationProblem().ProducesProblem(404);
        plan.MapDelete("/{id:guid}", DeletePlanItem).WithSummary("Remove a planned delegation no proposal links to.").ProducesProblem(404).ProducesProblem(409);

        var budgets = app.MapGroup("/api/admin/department-budgets").WithTags("Admin: department budgets").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly);
        budgets.MapGet("/", ListBudgets).WithSummary("Each department's annual delegation budget with what is spent and committed.");
        budgets.MapPut("/{department}/{year:int}", PutBudget).WithSummary("Set a department's annual delegation budget (VND).").ProducesValidationProblem();
        return app;
    }

    /// <summary>The annual plan is kept by admins and the international office.</summary>
    private static async ValueTask<object?> PlanEditors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = await context.HttpContext.RequestServices.GetRequiredService<CurrentUser>().GetAsync(context.HttpContext.RequestAborted);
        if (!user.IsAdmin && !user.IsInRole(Roles.InternationalOffice)) throw AppProblemException.Forbidden("The annual plan is kept by administrators and the international office.");
        return await next(context);
    }

    private static async Task<Ok<BudgetEstimate>> EstimateBody(ProposalInput input, DelegationsDbContext db, CurrentUser current, IDataProtectionProvider protection,
        BudgetOptions options, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        ProposalInputMapper.Validate(input).ThrowIfAny();
        // A transient proposal: the mapper's rules (dates, members, rates) are the ones the saved proposal would follow.
        var p = new Proposal { ReferenceNumber = "", Title = "", Purpose = "", CreatedById = user.Id, DepartmentId = user.DepartmentId };
        ProposalInputMapper.Apply(input, p, protection.CreateProtector(ProposalRules.PassportPurpose));
        return TypedResults.Ok(await BudgetNorms.EstimateAsync(db, p, options, clock, user.Language, ct));
    }

    private static async Task<Ok<BudgetEstimate>> EstimateSaved(Guid id, DelegationsDbContext db, CurrentUser current, BudgetOptions options, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var p = await ProposalsApi.FindVisibleAsync(db, user, id, ct);
        return TypedResults.Ok(await BudgetNorms.EstimateAsync(db, p, options, clock, user.Language, ct));
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static NormView ToView(BudgetNorm n) => new(n.Id, n.Kind, n.Circular, Date(n.EffectiveFrom), n.Group, n.Grades, n.Category, n.Amount, n.Currency, n.Unit, n.Example, n.Note, n.UpdatedAt, n.UpdatedBy);

    private static async Task<Ok<List<NormView>>> ListNorms(string? kind, string? on, DelegationsDbContext db, CancellationToken ct)
    {
        var q = db.Set<BudgetNorm>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(kind)) q = q.Where(n => n.Kind == kind);
        var rows = await q.ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(on))
        {
            if (!ProposalInputMapper.TryDate(on, out var date)) throw AppProblemException.Invalid("on", "Must be a date as yyyy-MM-dd.");
            rows = rows.Where(n => n.EffectiveFrom <= date).GroupBy(n => (n.Kind, n.Group, n.Grades, n.Category)).Select(g => g.OrderByDescending(n => n.EffectiveFrom).First()).ToList();
        }
        return TypedResults.Ok(rows.OrderBy(n => n.Kind).ThenByDescending(n => n.EffectiveFrom).ThenBy(n => n.Group).ThenBy(n => n.Category).ThenBy(n => n.Grades).Select(ToView).ToList());
    }

    private static async Task<Ok<LookupView>> Lookup(string? date, string? kind, string? group, string? country, string? category, string? grade, DelegationsDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!ProposalInputMapper.TryDate(date, out var day)) errors.Add("date", "Required: a date as yyyy-MM-dd.");
        if (kind is null || !NormKinds.All.Contains(kind)) errors.Add("kind", "Must be outbound or reception.");
        if (string.IsNullOrWhiteSpace(category)) errors.Add("category", "Required.");
        if (string.IsNullOrWhiteSpace(group) && string.IsNullOrWhiteSpace(country)) errors.Add("group", "Give a group (or, for outbound, a country).");
        errors.ThrowIfAny();
        var book = await NormBook.LoadAsync(db, day, ct);
        var g = group ?? book.GroupOf(country!.Trim().ToUpperInvariant());
        var norm = g is null ? null : book.Find(kind!, g, category!, grade ?? (kind == NormKinds.Reception ? "member" : null));
        return TypedResults.Ok(new LookupView(Date(day), kind!, g ?? "", category!, grade, norm is null ? null : ToView(norm), country is null ? null : g));
    }

    private static BudgetNorm Validate(NormInput input, BudgetNorm? existing)
    {
        var errors = new FieldErrors();
        string? Text(string field, string? value, int max, bool required)
        {
            var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (v is null && required) errors.Add(field, "Required.");
            else if (v is { } t && t.Length > max) errors.Add(field, $"At most {max} characters.");
            return v;
        }
        var kind = Text("kind", input.Kind, 20, existing is null) ?? existing?.Kind;
        if (kind is not null && !NormKinds.All.Contains(kind)) errors.Add("kind", "Must be outbound or reception.");
        var circular = Text("circular", input.Circular, 50, existing is null) ?? existing?.Circular;
        DateOnly? effective = existing?.EffectiveFrom;
        if (input.EffectiveFrom is not null || existing is null)
        {
            if (ProposalInputMapper.TryDate(input.EffectiveFrom, out var d)) effective = d;
            else errors.Add("effectiveFrom", "Required: a date as yyyy-MM-dd.");
        }
        var group = Text("group", input.Group, 20, existing is null) ?? existing?.Group;
        var grades = Text("grades", input.Grades, 200, false) ?? existing?.Grades ?? "*";
        var category = Text("category", input.Category, 40, existing is null) ?? existing?.Category;
        if (category is not null && kind is not null && !(kind == NormKinds.Outbound ? NormCategories.Outbound : NormCategories.Reception).Contains(category))
            errors.Add("category", "Must be one of: " + string.Join(", ", kind == NormKinds.Outbound ? NormCategories.Outbound : NormCategories.Reception) + ".");
        var amount = input.Amount ?? existing?.Amount;
        if (amount is null) errors.Add("amount", "Required.");
        else if (amount < 0) errors.Add("amount", "Must be 0 or more.");
        var currency = Text("currency", input.Currency, 3, false)?.ToUpperInvariant() ?? existing?.Currency ?? (kind == NormKinds.Outbound ? "USD" : "VND");
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)) errors.Add("currency", "Must be an ISO 4217 code such as USD or VND.");
        var unit = Text("unit", input.Unit, 10, false) ?? existing?.Unit ?? "day";
        if (!NormCategories.Units.Contains(unit)) errors.Add("unit", "Must be one of: " + string.Join(", ", NormCategories.Units) + ".");
        var note = input.Note is null ? existing?.Note : Text("note", input.Note, 1000, false);
        errors.ThrowIfAny();
        var norm = existing ?? new BudgetNorm { Kind = kind!, Circular = circular!, Group = group!, Grades = grades, Category = category!, Currency = currency, Unit = unit };
        norm.Kind = kind!; norm.Circular = circular!; norm.EffectiveFrom = effective!.Value; norm.Group = group!; norm.Grades = grades;
        norm.Category = category!; norm.Amount = amount!.Value; norm.Currency = currency; norm.Unit = unit; norm.Note = note;
        norm.Example = false; // an admin stands behind the figure now
        return norm;
    }

    private static async Task<Created<NormView>> CreateNorm(NormInput input, DelegationsDbContext db, CurrentUser current, AccountAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var view = await CreateNormAsync(input, db, await current.GetAsync(ct), audit, clock, ct);
        return TypedResults.Created($"/api/admin/norms/{view.Id}", view);
    }

    /// <summary>Adds a norm row (the API and the admin page): validated, audited, saved.</summary>
    public static async Task<NormView> CreateNormAsync(NormInput input, DelegationsDbContext db, UserContext user, AccountAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var norm = Validate(input, null);
        norm.UpdatedAt = clock.GetUtcNow();
        norm.UpdatedBy = user.FullName;
        db.Set<BudgetNorm>().Add(norm);
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"norm {norm.Kind}/{norm.Group}/{norm.Category}/{norm.Grades}", $"added {norm.Amount} {norm.Currency} per {norm.Unit} from {Date(norm.EffectiveFrom)} ({norm.Circular})");
        await db.SaveChangesAsync(ct);
        return ToView(norm);
    }

    private static async Task<Ok<NormView>> UpdateNorm(Guid id, NormInput input, DelegationsDbContext db, CurrentUser current, AccountAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var norm = await db.Set<BudgetNorm>().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw AppProblemException.NotFound("The norm");
        var before = $"{norm.Amount} {norm.Currency}";
        Validate(input, norm);
        norm.UpdatedAt = clock.GetUtcNow();
        norm.UpdatedBy = user.FullName;
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"norm {norm.Kind}/{norm.Group}/{norm.Category}/{norm.Grades} {Date(norm.EffectiveFrom)}", $"{before} → {norm.Amount} {norm.Currency}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToView(norm));
    }

    private static async Task<NoContent> DeleteNorm(Guid id, DelegationsDbContext db, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var norm = await db.Set<BudgetNorm>().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw AppProblemException.NotFound("The norm");
        db.Set<BudgetNorm>().Remove(norm);
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"norm {norm.Kind}/{norm.Group}/{norm.Category}/{norm.Grades} {Date(norm.EffectiveFrom)}", $"removed ({norm.Amount} {norm.Currency})");
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<CountryGroupView>>> ListGroups(DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var rows = await db.Set<CountryGroup>().AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(rows.OrderBy(c => c.Group).ThenBy(c => c.Country).ThenBy(c => c.EffectiveFrom)
            .Select(c => new CountryGroupView(c.Country, Countries.Name(c.Country, user.Language), c.Group, Date(c.EffectiveFrom))).ToList());
    }

    private static async Task<Ok<CountryGroupView>> PutGroup(string country, CountryGroupInput input, DelegationsDbContext db, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var code = country.Trim().ToUpperInvariant();
        var errors = new FieldErrors();
        if (!Countries.IsKnown(code)) errors.Add("country", "Must be an ISO 3166 alpha-2 code.");
        if (string.IsNullOrWhiteSpace(input.Group) || input.Group.Trim().Length > 20) errors.Add("group", "Required (at most 20 characters).");
        var effective = new DateOnly(2012, 8, 6);
        if (input.EffectiveFrom is not null && !ProposalInputMapper.TryDate(input.EffectiveFrom, out effective)) errors.Add("effectiveFrom", "Must be a date as yyyy-MM-dd.");
        errors.ThrowIfAny();
        var row = await db.Set<CountryGroup>().FirstOrDefaultAsync(c => c.Country == code && c.EffectiveFrom == effective, ct);
        if (row is null) db.Set<CountryGroup>().Add(row = new CountryGroup { Country = code, Group = "", EffectiveFrom = effective });
        row.Group = input.Group!.Trim();
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"country group {code}", $"group {row.Group} from {Date(effective)}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CountryGroupView(code, Countries.Name(code, user.Language), row.Group, Date(effective)));
    }

    public static async Task<List<PlanItemView>> PlanAsync(DelegationsDbContext db, int year, string language, CancellationToken ct)
    {
        var items = await db.Set<PlanItem>().AsNoTracking().Include(i => i.Department).Where(i => i.Year == year).ToListAsync(ct);
        var ids = items.Select(i => (Guid?)i.Id).ToList();
        var linked = await db.Proposals.AsNoTracking().Where(p => ids.Contains(p.PlanItemId)).Select(p => new { p.PlanItemId, p.ReferenceNumber }).ToListAsync(ct);
        return items.OrderBy(i => i.Quarter).ThenBy(i => i.Department!.Code).ThenBy(i => i.Title).Select(i => new PlanItemView(
            i.Id, i.Year, i.Department!.Code, i.Department.Name(language), i.Kind, i.Country, Countries.Name(i.Country, language), i.Quarter, i.Size, i.Title, i.Note,
            linked.Where(l => l.PlanItemId == i.Id).Select(l => l.ReferenceNumber).Order().ToList())).ToList();
    }

    private static async Task<Ok<List<PlanItemView>>> ListPlan(int? year, DelegationsDbContext db, CurrentUser current, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        return TypedResults.Ok(await PlanAsync(db, year ?? clock.GetUtcNow().Year, user.Language, ct));
    }

    public static async Task<PlanItem> ApplyAsync(PlanItemInput input, PlanItem? item, DelegationsDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (input.Year is not (>= 2000 and <= 2100)) errors.Add("year", "Required: the plan's year.");
        var department = string.IsNullOrWhiteSpace(input.Department) ? null : await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Code == input.Department.Trim(), ct);
        if (department is null) errors.Add("department", "Required: a department code (e.g. MOST-VP).");
        ProposalKind kind = default;
        if (!EnumText.TryParse(input.Kind, out kind)) errors.Add("kind", "Must be outbound, inbound or conference.");
        var country = input.Country?.Trim().ToUpperInvariant();
        if (!Countries.IsKnown(country)) errors.Add("country", "Required: an ISO 3166 alpha-2 code (outbound: where to; inbound: where the guests come from).");
        if (input.Quarter is not (>= 1 and <= 4)) errors.Add("quarter", "Must be 1, 2, 3 or 4.");
        if (input.Size is not (>= 1 and <= 500)) errors.Add("size", "Required: the planned number of people (1–500).");
        if (string.IsNullOrWhiteSpace(input.Title)) errors.Add("title", "Required.");
        else if (input.Title.Trim().Length > 500) errors.Add("title", "At most 500 characters.");
        if (input.Note is { Length: > 1000 }) errors.Add("note", "At most 1000 characters.");
        errors.ThrowIfAny();
        item ??= new PlanItem { Country = "", Title = "" };
        item.Year = input.Year!.Value; item.DepartmentId = department!.Id; item.Kind = kind; item.Country = country!;
        item.Quarter = input.Quarter!.Value; item.Size = input.Size!.Value; item.Title = input.Title!.Trim();
        item.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        return item;
    }

    private static async Task<Created<PlanItemView>> CreatePlanItem(PlanItemInput input, DelegationsDbContext db, CurrentUser current, AccountAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var item = await ApplyAsync(input, null, db, ct);
        item.CreatedAt = clock.GetUtcNow();
        item.CreatedBy = user.FullName;
        db.Set<PlanItem>().Add(item);
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"plan {item.Year}", $"added: {item.Title} ({input.Department}, Q{item.Quarter}, {item.Size})");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/plan/{item.Id}", (await PlanAsync(db, item.Year, user.Language, ct)).First(i => i.Id == item.Id));
    }

    private static async Task<Ok<PlanItemView>> UpdatePlanItem(Guid id, PlanItemInput input, DelegationsDbContext db, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var item = await db.Set<PlanItem>().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw AppProblemException.NotFound("The plan item");
        if (await db.Proposals.AnyAsync(p => p.PlanItemId == id, ct) && (input.Year != item.Year || !string.Equals(input.Kind, EnumText.ToText(item.Kind), StringComparison.OrdinalIgnoreCase)))
            throw AppProblemException.Conflict("Proposals carry out this plan item: its year and kind cannot change.");
        await ApplyAsync(input, item, db, ct);
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"plan {item.Year}", $"changed: {item.Title} ({input.Department}, Q{item.Quarter}, {item.Size})");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await PlanAsync(db, item.Year, user.Language, ct)).First(i => i.Id == item.Id));
    }

    private static async Task<NoContent> DeletePlanItem(Guid id, DelegationsDbContext db, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var item = await db.Set<PlanItem>().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw AppProblemException.NotFound("The plan item");
        var linked = await db.Proposals.Where(p => p.PlanItemId == id).Select(p => p.ReferenceNumber).ToListAsync(ct);
        if (linked.Count > 0) throw AppProblemException.Conflict($"Proposals carry out this plan item ({string.Join(", ", linked)}); it cannot be removed.");
        db.Set<PlanItem>().Remove(item);
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"plan {item.Year}", $"removed: {item.Title}");
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<List<DepartmentBudgetView>> BudgetsAsync(DelegationsDbContext db, int year, string language, BudgetOptions options, CancellationToken ct)
    {
        var budgets = await db.Set<DepartmentBudget>().AsNoTracking().Where(b => b.Year == year).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().ToListAsync(ct);
        var result = new List<DepartmentBudgetView>();
        foreach (var b in budgets)
        {
            var d = departments.First(x => x.Id == b.DepartmentId);
            // The status of an empty proposal of that department and year: what is spent and committed so far.
            var probe = new Proposal { ReferenceNumber = "", Title = "", Purpose = "", CreatedById = "", DepartmentId = d.Id, StartDate = new DateOnly(year, 1, 1), Status = ProposalStatus.Cancelled };
            var s = await DepartmentBudgets.ForAsync(db, probe, options, ct);
            result.Add(new DepartmentBudgetView(d.Code, d.Name(language), year, b.AmountVnd, s!.SpentVnd, s.CommittedVnd, s.Percent, s.Level));
        }
        return result.OrderBy(r => r.Department).ToList();
    }

    private static async Task<Ok<List<DepartmentBudgetView>>> ListBudgets(int? year, DelegationsDbContext db, CurrentUser current, BudgetOptions options, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        return TypedResults.Ok(await BudgetsAsync(db, year ?? clock.GetUtcNow().Year, user.Language, options, ct));
    }

    public static async Task PutBudgetAsync(string department, int year, long? amount, DelegationsDbContext db, UserContext user, AccountAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var d = await db.Departments.AsNoTracking().FirstOrDefaultAsync(x => x.Code == department, ct);
        if (d is null) errors.Add("department", "No department has this code.");
        if (year is < 2000 or > 2100) errors.Add("year", "Must be a year.");
        if (amount is null or < 0) errors.Add("amountVnd", "Required: the annual budget in VND (0 or more).");
        errors.ThrowIfAny();
        var row = await db.Set<DepartmentBudget>().FirstOrDefaultAsync(b => b.DepartmentId == d!.Id && b.Year == year, ct);
        if (row is null) db.Set<DepartmentBudget>().Add(row = new DepartmentBudget { DepartmentId = d!.Id, Year = year });
        var before = row.AmountVnd;
        row.AmountVnd = amount!.Value;
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = user.FullName;
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, $"department budget {department} {year}", $"{before:N0} → {row.AmountVnd:N0} VND");
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Ok<DepartmentBudgetView>> PutBudget(string department, int year, DepartmentBudgetInput input, DelegationsDbContext db, CurrentUser current,
        AccountAudit audit, BudgetOptions options, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await PutBudgetAsync(department, year, input.AmountVnd, db, user, audit, clock, ct);
        return TypedResults.Ok((await BudgetsAsync(db, year, user.Language, options, ct)).First(b => b.Department == department));
    }
}

