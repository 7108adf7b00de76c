using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Delegations.Web.Admin;

/// <summary>
/// The security audit log (append-only): sign-ins, failed sign-ins, role and deputy changes, definition publishes,
/// task actions. The workflow journal stays the business trail; this one answers "who did what to the system".
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Kind { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? Subject { get; set; }
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditLog");
        e.Property(a => a.Kind).HasMaxLength(60);
        e.Property(a => a.Subject).HasMaxLength(300);
        e.Property(a => a.IpAddress).HasMaxLength(64);
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.Kind, a.At });
    }
}

public static class AuditKinds
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string TaskAction = "task-action";
    public const string RoleChange = "role-change";
    public const string UserChange = "user-change";
    public const string DeputyChange = "deputy-change";
    public const string DefinitionPublished = "definition-published";
    public const string DefinitionSaved = "definition-saved";
    public const string AdminAction = "admin-action";
    public const string DepartmentChange = "department-change";

    /// <summary>Every kind, for the audit page's filter.</summary>
    public static readonly IReadOnlyList<string> All =
        [SignIn, SignInFailed, SignOut, TaskAction, RoleChange, UserChange, DeputyChange, DepartmentChange, DefinitionPublished, DefinitionSaved, AdminAction];
}

/// <summary>Writes audit entries. <see cref="Add"/> stages one in the caller's transaction; the *Async helpers save at once.</summary>
public sealed class AccountAudit(DelegationsDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public void Add(string kind, string? actorId, string? actorName, string? subject, string? detail = null) =>
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Kind = kind,
            ActorId = actorId,
            ActorName = actorName,
            Subject = subject,
            Detail = detail,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });

    public Task SignedInAsync(AppUser user, string channel) => SaveAsync(AuditKinds.SignIn, user.Id, user.FullName, user.Email, channel);

    public Task SignInFailedAsync(string email, string reason) => SaveAsync(AuditKinds.SignInFailed, null, null, email, reason);

    private async Task SaveAsync(string kind, string? actorId, string? actorName, string? subject, string? detail)
    {
        // Written in its own short context so a failed sign-in is logged even though nothing else is saved.
        Add(kind, actorId, actorName, subject, detail);
        await db.SaveChangesAsync();
    }
}
