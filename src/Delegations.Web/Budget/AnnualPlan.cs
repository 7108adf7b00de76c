using System.ComponentModel.DataAnnotations;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Delegations.Web.Budget;

/// <summary>
/// One planned delegation of the annual delegation plan approved at the start of the year (department, kind,
/// country, quarter, size). A proposal links to the item it carries out; one that links to none is unplanned.
/// </summary>
public sealed class PlanItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public int Year { get; set; }
    public Guid DepartmentId { get; set; }
    public Department? Department { get; set; }
    public ProposalKind Kind { get; set; }
    /// <summary>Outbound: where to; inbound: where the guests come from (ISO 3166 alpha-2).</summary>
    [MaxLength(2)] public required string Country { get; set; }
    public int Quarter { get; set; }
    /// <summary>Planned number of people.</summary>
    public int Size { get; set; }
    [MaxLength(500)] public required string Title { get; set; }
    [MaxLength(1000)] public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    [MaxLength(200)] public string? CreatedBy { get; set; }
}

/// <summary>A department's annual budget for delegations (VND), set by an admin.</summary>
public sealed class DepartmentBudget
{
    public Guid DepartmentId { get; set; }
    public int Year { get; set; }
    public long AmountVnd { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    [MaxLength(200)] public string? UpdatedBy { get; set; }
}

internal sealed class PlanItemConfiguration : IEntityTypeConfiguration<PlanItem>
{
    public void Configure(EntityTypeBuilder<PlanItem> e)
    {
        e.ToTable("PlanItems");
        e.HasOne(i => i.Department).WithMany().HasForeignKey(i => i.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(i => new { i.Year, i.DepartmentId });
    }
}

internal sealed class DepartmentBudgetConfiguration : IEntityTypeConfiguration<DepartmentBudget>
{
    public void Configure(EntityTypeBuilder<DepartmentBudget> e)
    {
        e.ToTable("DepartmentBudgets");
        e.HasKey(b => new { b.DepartmentId, b.Year });
        e.HasOne<Department>().WithMany().HasForeignKey(b => b.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Where a department stands against its annual delegation budget, with this proposal counted in.</summary>
public sealed record DepartmentBudgetStatus(
    string Department, int Year, long AnnualVnd, long SpentVnd, long CommittedVnd, long ThisProposalVnd, decimal Percent, string Level,
    int WarnPercent, int BlockPercent)
{
    public const string Ok = "ok";
    public const string Warn = "warn";
    public const string Block = "block";
}

public static class DepartmentBudgets
{
    private static readonly ProposalStatus[] Counted =
        [ProposalStatus.InReview, ProposalStatus.ChangesRequested, ProposalStatus.Approved, ProposalStatus.ReportDue, ProposalStatus.Completed];

    /// <summary>
    /// Spent: delegations of the department in the proposal's year whose actual cost is reported (or completed);
    /// committed: the others under review or approved (their approved total, else their budget). Null when the
    /// department has no budget for that year.
    /// </summary>
    public static async Task<DepartmentBudgetStatus?> ForAsync(DelegationsDbContext db, Proposal p, BudgetOptions options, CancellationToken ct)
    {
        var year = p.StartDate.Year;
        var budget = await db.Set<DepartmentBudget>().AsNoTracking().FirstOrDefaultAsync(b => b.DepartmentId == p.DepartmentId && b.Year == year, ct);
        if (budget is null) return null;
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var others = await db.Proposals.AsNoTracking()
            .Where(x => x.DepartmentId == p.DepartmentId && x.Id != p.Id && x.StartDate >= from && x.StartDate <= to && Counted.Contains(x.Status))
            .Select(x => new { x.Status, x.TotalVnd, x.ApprovedTotalVnd, x.ActualVnd }).ToListAsync(ct);
        var spent = others.Where(x => x.ActualVnd is not null || x.Status == ProposalStatus.Completed).Sum(x => x.ActualVnd ?? x.ApprovedTotalVnd ?? x.TotalVnd);
        var committed = others.Where(x => x.ActualVnd is null && x.Status != ProposalStatus.Completed).Sum(x => x.ApprovedTotalVnd ?? x.TotalVnd);
        var mine = p.Status is ProposalStatus.Cancelled or ProposalStatus.Rejected ? 0 : p.ActualVnd ?? p.ApprovedTotalVnd ?? p.TotalVnd;
        var percent = budget.AmountVnd <= 0 ? 100m : Math.Round((spent + committed + mine) * 100m / budget.AmountVnd, 1);
        var level = percent > options.BlockPercent ? DepartmentBudgetStatus.Block : percent >= options.WarnPercent ? DepartmentBudgetStatus.Warn : DepartmentBudgetStatus.Ok;
        var code = await db.Departments.AsNoTracking().Where(d => d.Id == p.DepartmentId).Select(d => d.Code).FirstAsync(ct);
        return new DepartmentBudgetStatus(code, year, budget.AmountVnd, spent, committed, mine, percent, level, options.WarnPercent, options.BlockPercent);
    }

    /// <summary>Refuses (400, naming the rule) what would take the department past its block threshold.</summary>
    public static async Task EnsureWithinAsync(DelegationsDbContext db, Proposal p, BudgetOptions options, CancellationToken ct)
    {
        if (await ForAsync(db, p, options, ct) is { Level: DepartmentBudgetStatus.Block } s)
        {
            throw AppProblemException.Invalid("budget.totalVnd",
                $"Rule department-budget: {s.Department}'s delegations in {s.Year} would reach {s.Percent}% of its annual budget of {s.AnnualVnd:N0} VND " +
                $"(spent {s.SpentVnd:N0}, committed {s.CommittedVnd:N0}, this proposal {s.ThisProposalVnd:N0}); more than {s.BlockPercent}% is not allowed.");
        }
    }
}
