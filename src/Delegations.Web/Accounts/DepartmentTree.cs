using Delegations.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Accounts;

/// <summary>The department tree read whole (an organisation has tens of departments, not thousands).</summary>
public sealed class DepartmentTree(IReadOnlyDictionary<Guid, Guid?> parents)
{
    public static async Task<DepartmentTree> LoadAsync(DelegationsDbContext db, CancellationToken ct) =>
        new(await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ParentId, ct));

    /// <summary>The department and those above it, nearest first.</summary>
    public IEnumerable<Guid> SelfAndAncestors(Guid id)
    {
        var seen = new HashSet<Guid>();
        for (Guid? at = id; at is { } a && seen.Add(a); at = parents.GetValueOrDefault(a)) yield return a;
    }

    /// <summary>Whether <paramref name="id"/> is <paramref name="root"/> or lies under it.</summary>
    public bool IsWithin(Guid id, Guid root) => SelfAndAncestors(id).Contains(root);

    /// <summary>The department and every department under it.</summary>
    public List<Guid> SelfAndDescendants(Guid root) => parents.Keys.Where(id => IsWithin(id, root)).ToList();
}
