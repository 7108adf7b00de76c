using System.Globalization;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Accounts;

/// <summary>
/// Deputies: an approver hands their authority to another account for a date range (Hà Nội calendar days, both
/// included), with a reason. During the range the principal's tasks are in the deputy's inbox and whatever the
/// deputy does is journalled "X on behalf of Y" (see <see cref="CurrentUser"/>: mandates are read per request).
/// Admins may set up a deputy for anyone. Every change is in the audit log (deputy-change).
/// </summary>
public sealed class DeputyCommands(DelegationsDbContext db, AccountAudit audit, TimeProvider clock)
{
    public sealed record DeputyView(Guid Id, PersonRef Principal, PersonRef Deputy, string From, string To, string Reason, bool Revoked, bool ActiveToday, DateTimeOffset CreatedAt);
    public sealed record PersonRef(string Id, string Email, string FullName);
    public sealed record Mine(IReadOnlyList<DeputyView> AsPrincipal, IReadOnlyList<DeputyView> AsDeputy);
    public sealed record CreateRequest(string? Principal, string? Deputy, string? From, string? To, string? Reason);

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime).DateTime);

    public async Task<Mine> MineAsync(UserContext user, CancellationToken ct)
    {
        var rows = await ViewsAsync(db.Deputies.AsNoTracking().Where(d => d.PrincipalId == user.Id || d.DeputyId == user.Id), ct);
        return new Mine(rows.Where(r => r.Principal.Id == user.Id).ToList(), rows.Where(r => r.Deputy.Id == user.Id).ToList());
    }

    /// <summary>Every mandate that has not ended (admins' overview), newest first.</summary>
    public Task<List<DeputyView>> CurrentAsync(CancellationToken ct)
    {
        var today = Today;
        return ViewsAsync(db.Deputies.AsNoTracking().Where(d => !d.Revoked && d.To >= today), ct);
    }

    public async Task<DeputyView> CreateAsync(UserContext user, CreateRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        AppUser? principal;
        if (string.IsNullOrWhiteSpace(request.Principal) || string.Equals(request.Principal.Trim(), user.Email, StringComparison.OrdinalIgnoreCase))
            principal = await db.Users.FirstAsync(u => u.Id == user.Id, ct);
        else if (!user.IsAdmin)
            throw AppProblemException.Forbidden("Only an administrator sets up a deputy for someone else.");
        else
        {
            principal = await FindAsync(request.Principal, ct);
            if (principal is null) errors.Add("principal", $"There is no active account '{request.Principal.Trim()}'.");
        }
        if (principal is not null && !await HoldsApproverRoleAsync(principal.Id, ct))
            errors.Add("principal", "Only an approver (department head, international office, finance, leadership, visa officer, security liaison) hands over authority.");

        AppUser? deputy = null;
        if (string.IsNullOrWhiteSpace(request.Deputy)) errors.Add("deputy", "Required: the deputy's e-mail.");
        else if ((deputy = await FindAsync(request.Deputy, ct)) is null) errors.Add("deputy", $"There is no active account '{request.Deputy.Trim()}'.");
        else if (principal is not null && deputy.Id == principal.Id) errors.Add("deputy", "A deputy is someone else.");

        var from = Date(request.From, "from", errors);
        var to = Date(request.To, "to", errors);
        if (from is { } f && to is { } t)
        {
            if (t < f) errors.Add("to", "Must be on or after 'from'.");
            else if (t < Today) errors.Add("to", "The range has already ended.");
            else if (t.DayNumber - f.DayNumber > 366) errors.Add("to", "A deputy covers at most a year at a time.");
        }
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) errors.Add("reason", "Required: say why (leave, mission abroad, …).");
        else if (reason.Length > 500) errors.Add("reason", "At most 500 characters.");
        errors.ThrowIfAny();

        var mandate = new Deputy
        {
            PrincipalId = principal!.Id, DeputyId = deputy!.Id, From = from!.Value, To = to!.Value, Reason = reason!, CreatedAt = clock.GetUtcNow(),
        };
        db.Deputies.Add(mandate);
        audit.Add(AuditKinds.DeputyChange, user.Id, user.FullName, principal.Email,
            $"deputy {deputy.Email} from {Iso(mandate.From)} to {Iso(mandate.To)}: {reason}");
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db.Deputies.AsNoTracking().Where(d => d.Id == mandate.Id), ct)).Single();
    }

    public async Task<DeputyView> RevokeAsync(UserContext user, Guid id, CancellationToken ct)
    {
        var mandate = await db.Deputies.FirstOrDefaultAsync(d => d.Id == id, ct);
        // Only those it concerns know it exists; only the principal (or an admin) takes it back.
        if (mandate is null || (!user.IsAdmin && mandate.PrincipalId != user.Id && mandate.DeputyId != user.Id)) throw AppProblemException.NotFound("The deputy");
        if (!user.IsAdmin && mandate.PrincipalId != user.Id) throw AppProblemException.Forbidden("Only the person who handed over their authority (or an administrator) revokes it.");
        if (!mandate.Revoked)
        {
            mandate.Revoked = true;
            var names = await db.Users.AsNoTracking().Where(u => u.Id == mandate.PrincipalId || u.Id == mandate.DeputyId).ToDictionaryAsync(u => u.Id, u => u.Email, ct);
            audit.Add(AuditKinds.DeputyChange, user.Id, user.FullName, names.GetValueOrDefault(mandate.PrincipalId),
                $"revoked deputy {names.GetValueOrDefault(mandate.DeputyId)} ({Iso(mandate.From)} – {Iso(mandate.To)})");
            await db.SaveChangesAsync(ct);
        }
        return (await ViewsAsync(db.Deputies.AsNoTracking().Where(d => d.Id == id), ct)).Single();
    }

    public Task<bool> HoldsApproverRoleAsync(string userId, CancellationToken ct) =>
        (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId && Roles.Approvers.Contains(r.Name!) select ur).AnyAsync(ct);

    private Task<AppUser?> FindAsync(string email, CancellationToken ct)
    {
        var e = email.Trim().ToUpperInvariant();
        return db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == e && !u.IsDisabled, ct);
    }

    private async Task<List<DeputyView>> ViewsAsync(IQueryable<Deputy> query, CancellationToken ct)
    {
        var today = Today;
        var rows = await (from d in query
                          join p in db.Users on d.PrincipalId equals p.Id
                          join u in db.Users on d.DeputyId equals u.Id
                          select new { D = d, P = new PersonRef(p.Id, p.Email!, p.FullName), U = new PersonRef(u.Id, u.Email!, u.FullName) }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.D.From).ThenByDescending(r => r.D.CreatedAt)
            .Select(r => new DeputyView(r.D.Id, r.P, r.U, Iso(r.D.From), Iso(r.D.To), r.D.Reason, r.D.Revoked,
                !r.D.Revoked && r.D.From <= today && r.D.To >= today, r.D.CreatedAt)).ToList();
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Date(string? text, string path, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(path, "Required (yyyy-MM-dd).");
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(path, "Must be a date (yyyy-MM-dd).");
        return null;
    }
}

/// <summary><c>/api/deputies</c>: mine (as principal and as deputy), hand over authority for a date range, revoke.</summary>
public static class DeputiesApi
{
    public static void MapDeputiesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/deputies").WithTags("Deputies").RequireAuthorization();
        group.MapGet("/", Mine).WithSummary("My deputies (asPrincipal) and those I stand in for (asDeputy); admins add ?all=true for every current mandate.");
        group.MapPost("/", Create).WithSummary("Hand my authority (an admin: anyone's, with principal) to a deputy from a date to a date, with a reason.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/{id:guid}/revoke", Revoke).WithSummary("Take a deputy's authority back (the principal or an admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Mine(bool? all, CurrentUser current, DeputyCommands deputies, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        if (all == true)
        {
            if (!user.IsAdmin) throw AppProblemException.Forbidden("Every deputy is for administrators to see.");
            return TypedResults.Ok(await deputies.CurrentAsync(ct));
        }
        return TypedResults.Ok(await deputies.MineAsync(user, ct));
    }

    private static async Task<Created<DeputyCommands.DeputyView>> Create(DeputyCommands.CreateRequest request, CurrentUser current, DeputyCommands deputies, CancellationToken ct)
    {
        var created = await deputies.CreateAsync(await current.GetAsync(ct), request, ct);
        return TypedResults.Created($"/api/deputies/{created.Id}", created);
    }

    private static async Task<Ok<DeputyCommands.DeputyView>> Revoke(Guid id, CurrentUser current, DeputyCommands deputies, CancellationToken ct) =>
        TypedResults.Ok(await deputies.RevokeAsync(await current.GetAsync(ct), id, ct));
}
