using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Budget;

/// <summary>
/// Links a proposal to its annual plan item and derives <c>inAnnualPlan</c> from the link: linked → planned; not
/// linked while the department has a plan for that year → unplanned; no plan recorded for the department and
/// year → the flag as sent (default planned), so organisations that keep no plan in the app are not all "unplanned".
/// </summary>
public static class PlanLink
{
    public static async Task ApplyAsync(DelegationsDbContext db, string? planItemId, bool? flag, Proposal p, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(planItemId))
        {
            if (!Guid.TryParse(planItemId.Trim(), out var id)) throw AppProblemException.Invalid("planItemId", "Must be the id of an annual plan item.");
            var item = await db.Set<PlanItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct)
                       ?? throw AppProblemException.Invalid("planItemId", "There is no such annual plan item.");
            if (item.DepartmentId != p.DepartmentId) throw AppProblemException.Invalid("planItemId", "This plan item belongs to another department.");
            if (item.Kind != p.Kind) throw AppProblemException.Invalid("planItemId", $"This plan item is for an {EnumText.ToText(item.Kind)} delegation.");
            if (item.Year != p.StartDate.Year) throw AppProblemException.Invalid("planItemId", $"This plan item is in the {item.Year} plan; the delegation starts in {p.StartDate.Year}.");
            p.PlanItemId = id;
            p.InAnnualPlan = true;
            return;
        }
        p.PlanItemId = null;
        await DeriveAsync(db, p, flag, ct);
    }

    /// <summary>Re-derives the flag of a proposal without a link (a plan may have been recorded since it was saved).</summary>
    public static async Task DeriveAsync(DelegationsDbContext db, Proposal p, bool? flag, CancellationToken ct)
    {
        if (p.PlanItemId is not null) { p.InAnnualPlan = true; return; }
        var year = p.StartDate.Year;
        var hasPlan = await db.Set<PlanItem>().AnyAsync(i => i.DepartmentId == p.DepartmentId && i.Year == year, ct);
        p.InAnnualPlan = !hasPlan && (flag ?? p.InAnnualPlan);
    }
}
