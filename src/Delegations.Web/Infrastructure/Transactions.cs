using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Infrastructure;

/// <summary>
/// Runs an operation that stages changes and commits them with one SaveChanges (one transaction). When another
/// request changed the same rows first, the tracked state is thrown away and the operation runs again on fresh
/// data, so its checks (e.g. "already completed by …") see what the winner did.
/// </summary>
public static class Transactions
{
    public const int Attempts = 4;

    public static async Task<T> SaveWithRetryAsync<T>(this DelegationsDbContext db, Func<Task<T>> operation, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await operation();
                await db.SaveChangesAsync(ct);
                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException ex) when (attempt < Attempts && IsUniqueViolation(ex))
            {
                // Two requests took the same reference number or idempotency key: run again on fresh data.
                db.ChangeTracker.Clear();
            }
        }
    }

    public static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException?.Message is { } m && (m.Contains("UNIQUE constraint failed", StringComparison.Ordinal) || m.Contains("23505", StringComparison.Ordinal) || m.Contains("duplicate key", StringComparison.Ordinal));
}
