using System.Security.Claims;
using Delegations.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Accounts;

/// <summary>
/// Someone whose authority a request may use: the signed-in user, and the people who made them their deputy
/// for today. Checked against the database on every request, so a disabled account or a changed role counts at once.
/// </summary>
public sealed record Principal(string Id, string Email, string FullName, Guid DepartmentId, IReadOnlySet<string> Roles, bool IsDeputyFor)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>The roles as a list, for queries (translated to SQL IN).</summary>
    public List<string> RoleList { get; } = [.. Roles];

    /// <summary>The principal's department and those above it: a task for a named department reaches its sub-departments.</summary>
    public List<Guid> DepartmentPath { get; init; } = [DepartmentId];
}

public sealed record UserContext(
    string Id,
    string Email,
    string FullName,
    Guid DepartmentId,
    string DepartmentCode,
    string DepartmentName,
    IReadOnlySet<string> Roles,
    string Language,
    IReadOnlyList<Principal> Principals)
{
    public Principal Self => Principals[0];
    public bool IsAdmin => Roles.Contains(Accounts.Roles.Admin);
    public bool IsInRole(string role) => Roles.Contains(role);
}

public sealed class CurrentUser(IHttpContextAccessor http, DelegationsDbContext db, TimeProvider clock)
{
    private UserContext? _user;

    public string? Id => http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<UserContext> GetAsync(CancellationToken ct = default)
    {
        if (_user is not null) return _user;
        var id = Id ?? throw new AppProblemException(StatusCodes.Status401Unauthorized, "Unauthorized", "Sign in first.");
        _user = await LoadAsync(db, id, clock, ct)
                ?? throw new AppProblemException(StatusCodes.Status401Unauthorized, "Unauthorized", "This account is disabled or no longer exists.");
        return _user;
    }

    /// <summary>The signed-in user, or null when nobody is signed in or the account is disabled or gone (checked once per request).</summary>
    public async Task<UserContext?> TryGetAsync(CancellationToken ct = default)
    {
        if (_user is not null) return _user;
        return Id is { } id ? _user = await LoadAsync(db, id, clock, ct) : null;
    }

    /// <summary>Loads a user with their roles, department and today's deputy mandates.</summary>
    public static async Task<UserContext?> LoadAsync(DelegationsDbContext db, string userId, TimeProvider clock, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Department).FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.IsDisabled) return null;
        var roles = await RolesOfAsync(db, [user.Id], ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime).DateTime);
        var principalIds = await db.Deputies.AsNoTracking()
            .Where(d => d.DeputyId == user.Id && !d.Revoked && d.From <= today && d.To >= today)
            .Select(d => d.PrincipalId).Distinct().ToListAsync(ct);
        var deputyFor = principalIds.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => principalIds.Contains(u.Id) && !u.IsDisabled).ToListAsync(ct);
        var deputyRoles = await RolesOfAsync(db, deputyFor.Select(u => u.Id).ToList(), ct);

        var tree = await DepartmentTree.LoadAsync(db, ct);
        var principals = new List<Principal>
        {
            new(user.Id, user.Email!, user.FullName, user.DepartmentId, roles.GetValueOrDefault(user.Id, NoRoles), false) { DepartmentPath = [.. tree.SelfAndAncestors(user.DepartmentId)] },
        };
        principals.AddRange(deputyFor.Select(p => new Principal(p.Id, p.Email!, p.FullName, p.DepartmentId, deputyRoles.GetValueOrDefault(p.Id, NoRoles), true)
        {
            DepartmentPath = [.. tree.SelfAndAncestors(p.DepartmentId)],
        }));
        return new UserContext(user.Id, user.Email!, user.FullName, user.DepartmentId, user.Department!.Code,
            user.Department.Name(user.Language), principals[0].Roles, user.Language, principals);
    }

    private static readonly IReadOnlySet<string> NoRoles = new HashSet<string>();

    private static async Task<Dictionary<string, IReadOnlySet<string>>> RolesOfAsync(DelegationsDbContext db, IReadOnlyList<string> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0) return [];
        var pairs = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where userIds.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).AsNoTracking().ToListAsync(ct);
        return pairs.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(p => p.Name!).ToHashSet(StringComparer.Ordinal));
    }
}
