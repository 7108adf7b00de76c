using System.Globalization;
using Delegations.Web.Infrastructure;

namespace Delegations.Web.Proposals;

/// <summary>Human-readable numbers: DR-2025-0007 (đoàn ra), DV-2025-0003 (đoàn vào), HN-2025-0001 (hội nghị).</summary>
public static class ReferenceNumbers
{
    public static string PrefixFor(ProposalKind kind) => kind switch
    {
        ProposalKind.Outbound => "DR",
        ProposalKind.Inbound => "DV",
        _ => "HN",
    };

    /// <summary>Takes the next number for the kind and year; the counter row's concurrency token makes two takers retry.</summary>
    public static async Task<string> NextAsync(DelegationsDbContext db, ProposalKind kind, int year, CancellationToken ct)
    {
        var prefix = PrefixFor(kind);
        var counter = await db.ReferenceCounters.FindAsync([prefix, year], ct);
        if (counter is null)
        {
            counter = new ReferenceCounter { Prefix = prefix, Year = year, Next = 1 };
            db.ReferenceCounters.Add(counter);
        }
        var number = counter.Next;
        counter.Next = number + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year}-{number:0000}");
    }
}
