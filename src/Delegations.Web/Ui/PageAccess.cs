using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Ui;

/// <summary>
/// Whether a page may show a proposal. The pages say 403 ("not yours") where the API says 404: a signed-in
/// colleague who follows a link gets an explanation, while the API still reveals nothing to a script.
/// </summary>
public static class PageAccess
{
    /// <returns>null when the user may see the proposal, else the status to answer (404 or 403).</returns>
    public static async Task<int?> RefusalAsync(DelegationsDbContext db, UserContext user, Guid proposalId, CancellationToken ct)
    {
        if (await db.Proposals.AsNoTracking().VisibleTo(db, user).AnyAsync(p => p.Id == proposalId, ct)) return null;
        return await db.Proposals.AsNoTracking().AnyAsync(p => p.Id == proposalId, ct) ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
    }
}
