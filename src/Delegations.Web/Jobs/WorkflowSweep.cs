using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Jobs;

/// <summary>
/// Fires the wait timers that are due (the trip has ended: open the post-trip report). Each instance is its own
/// transaction; running twice, or on two nodes at once, is safe because the instance's version lets one win and
/// the other find nothing left to fire.
/// </summary>
public sealed class WorkflowSweep(DelegationsDbContext db, WorkflowHost host, TimeProvider clock, ILogger<WorkflowSweep> logger)
{
    public async Task<int> FireDueTimersAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var proposals = await db.Timers.AsNoTracking().Where(t => t.DueAt <= now)
            .Select(t => t.ProposalId).Distinct().Take(1000).ToListAsync(ct);
        var fired = 0;
        foreach (var proposalId in proposals)
        {
            try
            {
                var applied = await db.SaveWithRetryAsync(async () =>
                {
                    var proposal = await ProposalsApi.LoadAsync(db, proposalId, ct, tracking: true);
                    if (proposal?.WorkflowInstanceId is null) return false;
                    var result = await host.RunAsync(proposal, l => l.Engine.FireDueTimers(l.Definition, l.Instance, Actor.System), ct);
                    if (result.AlreadyApplied)
                    {
                        // The instance has nothing due: rows left behind (e.g. a step already left) are stale.
                        var stale = await db.Timers.Where(t => t.ProposalId == proposalId && t.DueAt <= now).ToListAsync(ct);
                        db.Timers.RemoveRange(stale.Where(t => result.Instance.Timers.All(live => live.Id != t.Id)));
                    }
                    return !result.AlreadyApplied;
                }, ct);
                if (applied) fired++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Firing the timers of proposal {Proposal} failed; the next sweep tries again", proposalId);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return fired;
    }
}
