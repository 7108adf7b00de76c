using Delegations.Web.Accounts;
using Delegations.Web.Mail;
using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Delegations.Web.Infrastructure;

/// <summary>
/// The application's database: Identity, proposals, the workflow host's tables, journal, outbox and reports.
/// The model is provider-neutral; <see cref="SqliteDelegationsDbContext"/> and <see cref="PostgresDelegationsDbContext"/>
/// only exist so each provider has its own migrations (in migrations/Sqlite and migrations/Postgres).
/// Features add their tables with an <see cref="IEntityTypeConfiguration{T}"/> in their own folder.
/// </summary>
public abstract class DelegationsDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Proposal> Proposals => Set<Proposal>();
    public DbSet<DelegationMember> Members => Set<DelegationMember>();
    public DbSet<ReferenceCounter> ReferenceCounters => Set<ReferenceCounter>();
    public DbSet<WorkflowDefinitionRecord> WorkflowDefinitions => Set<WorkflowDefinitionRecord>();
    public DbSet<WorkflowVersionRecord> WorkflowVersions => Set<WorkflowVersionRecord>();
    public DbSet<WorkflowInstanceRecord> WorkflowInstances => Set<WorkflowInstanceRecord>();
    public DbSet<WorkflowTask> Tasks => Set<WorkflowTask>();
    public DbSet<WorkflowTimer> Timers => Set<WorkflowTimer>();
    public DbSet<JournalRecord> Journal => Set<JournalRecord>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Deputy> Deputies => Set<Deputy>();
    public DbSet<HolidayRecord> Holidays => Set<HolidayRecord>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<PostTripReport> Reports => Set<PostTripReport>();
    public DbSet<FollowUpAction> FollowUps => Set<FollowUpAction>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // The audit log is append-only, whichever code path tries otherwise.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(Admin.AuditLogIsAppendOnly.Instance);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as the same snake_case strings the API speaks ("in_review").
        configurationBuilder.Properties<ProposalKind>().HaveConversion<SnakeCaseEnumConverter<ProposalKind>>().HaveMaxLength(20);
        configurationBuilder.Properties<ProposalStatus>().HaveConversion<SnakeCaseEnumConverter<ProposalStatus>>().HaveMaxLength(20);
        configurationBuilder.Properties<MemberRole>().HaveConversion<SnakeCaseEnumConverter<MemberRole>>().HaveMaxLength(20);
        configurationBuilder.Properties<BudgetCategory>().HaveConversion<SnakeCaseEnumConverter<BudgetCategory>>().HaveMaxLength(20);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DelegationsDbContext).Assembly);

        builder.Entity<AppUser>(e =>
        {
            e.Property(u => u.FullName).HasMaxLength(200);
            e.Property(u => u.JobTitle).HasMaxLength(300);
            e.Property(u => u.Language).HasMaxLength(5);
            e.HasOne(u => u.Department).WithMany().HasForeignKey(u => u.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Department>(e =>
        {
            e.HasIndex(d => d.Code).IsUnique();
            e.Property(d => d.Code).HasMaxLength(50);
            e.Property(d => d.NameVi).HasMaxLength(300);
            e.Property(d => d.NameEn).HasMaxLength(300);
            e.HasOne(d => d.Parent).WithMany().HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Proposal>(e =>
        {
            e.HasIndex(p => p.ReferenceNumber).IsUnique();
            e.HasIndex(p => new { p.DepartmentId, p.Status });
            e.HasIndex(p => new { p.Status, p.StartDate });
            e.HasIndex(p => p.CreatedById);
            e.Property(p => p.ReferenceNumber).HasMaxLength(20);
            e.Property(p => p.Title).HasMaxLength(500);
            e.Property(p => p.Purpose).HasMaxLength(4000);
            e.Property(p => p.VenueCity).HasMaxLength(200);
            e.Property(p => p.VenuePlace).HasMaxLength(300);
            e.Property(p => p.InvitationFrom).HasMaxLength(300);
            e.Property(p => p.BudgetSource).HasMaxLength(100);
            e.Property(p => p.GuestClass).HasMaxLength(20);
            e.Property(p => p.Revision).IsConcurrencyToken();
            e.HasOne(p => p.Department).WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(p => p.CreatedBy).WithMany().HasForeignKey(p => p.CreatedById).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(p => p.Members).WithOne().HasForeignKey(m => m.ProposalId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.Destinations).WithOne().HasForeignKey(m => m.ProposalId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.Counterparts).WithOne().HasForeignKey(m => m.ProposalId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.Agenda).WithOne().HasForeignKey(m => m.ProposalId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.BudgetLines).WithOne().HasForeignKey(m => m.ProposalId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.Participants).WithOne().HasForeignKey(m => m.ProposalId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => p.ConferenceId);
            e.Property(p => p.HostName).HasMaxLength(200);
            e.Property(p => p.HostTitle).HasMaxLength(300);
            e.Property(p => p.ConferenceTopic).HasMaxLength(1000);
            e.Property(p => p.ConferenceOrganisers).HasMaxLength(1000);
            e.Property(p => p.SensitiveTopics).HasMaxLength(200);
            e.Ignore(p => p.UnderPrimeMinister);
            e.Ignore(p => p.Head);
            e.Ignore(p => p.Days);
        });
        builder.Entity<DelegationMember>(e =>
        {
            e.Property(m => m.FullName).HasMaxLength(200);
            e.Property(m => m.Title).HasMaxLength(300);
            e.Property(m => m.Organisation).HasMaxLength(300);
            e.Property(m => m.Grade).HasMaxLength(40);
            e.Property(m => m.PassportType).HasMaxLength(20);
            e.Property(m => m.Nationality).HasMaxLength(2);
            e.HasIndex(m => m.FullName);
        });
        builder.Entity<Destination>(e => { e.Property(d => d.Country).HasMaxLength(2); e.Property(d => d.City).HasMaxLength(200); });
        builder.Entity<Counterpart>(e =>
        {
            e.Property(c => c.Organisation).HasMaxLength(300);
            e.Property(c => c.Country).HasMaxLength(2);
            e.Property(c => c.ContactName).HasMaxLength(200);
            e.Property(c => c.ContactTitle).HasMaxLength(300);
        });
        builder.Entity<AgendaItem>(e => { e.Property(a => a.Activity).HasMaxLength(1000); e.Property(a => a.Counterpart).HasMaxLength(300); });
        builder.Entity<BudgetLine>(e =>
        {
            e.Property(b => b.Description).HasMaxLength(500);
            e.Property(b => b.Currency).HasMaxLength(3);
            e.Property(b => b.Amount).HasPrecision(18, 2);
            e.Property(b => b.ExchangeRate).HasPrecision(18, 4);
        });
        builder.Entity<ConferenceParticipant>(e => { e.Property(c => c.Country).HasMaxLength(2); e.Property(c => c.Level).HasMaxLength(20); });
        builder.Entity<ReferenceCounter>(e =>
        {
            e.HasKey(c => new { c.Prefix, c.Year });
            e.Property(c => c.Prefix).HasMaxLength(5);
            e.Property(c => c.Next).IsConcurrencyToken();
        });

        builder.Entity<WorkflowDefinitionRecord>(e =>
        {
            e.Property(d => d.Id).HasMaxLength(64);
            e.Property(d => d.NameVi).HasMaxLength(200);
            e.Property(d => d.NameEn).HasMaxLength(200);
        });
        builder.Entity<WorkflowVersionRecord>(e =>
        {
            e.HasKey(v => new { v.DefinitionId, v.Version });
            e.Property(v => v.DefinitionId).HasMaxLength(64);
            e.Property(v => v.AppliesToKind).HasMaxLength(20);
        });
        builder.Entity<WorkflowInstanceRecord>(e =>
        {
            e.Property(i => i.Version).IsConcurrencyToken();
            e.Property(i => i.DefinitionId).HasMaxLength(64);
            e.Property(i => i.Status).HasMaxLength(20);
            e.HasIndex(i => i.ProposalId);
            e.HasIndex(i => new { i.DefinitionId, i.DefinitionVersion, i.Status });
        });
        builder.Entity<WorkflowTask>(e =>
        {
            e.Property(t => t.StepId).HasMaxLength(64);
            e.Property(t => t.TokenId).HasMaxLength(20);
            e.Property(t => t.Kind).HasMaxLength(20);
            e.Property(t => t.TaskKind).HasMaxLength(40);
            e.Property(t => t.Stage).HasMaxLength(20);
            e.Property(t => t.AssigneeRole).HasMaxLength(40);
            e.Property(t => t.AssigneeScope).HasMaxLength(80);
            e.Property(t => t.AssigneeUser).HasMaxLength(256);
            e.Property(t => t.Status).HasMaxLength(20);
            e.Property(t => t.Outcome).HasMaxLength(20);
            e.Property(t => t.EscalationRole).HasMaxLength(40);
            // The inbox: open tasks by role (and department), by due time.
            e.HasIndex(t => new { t.Status, t.AssigneeRole, t.AssigneeDepartmentId, t.Due });
            e.HasIndex(t => new { t.Status, t.AssigneeUser });
            e.HasIndex(t => new { t.Status, t.ReassignedToUserId });
            e.HasIndex(t => new { t.ProposalId, t.Status });
            e.HasIndex(t => t.InstanceId);
            // The reminder and escalation sweeps.
            e.HasIndex(t => new { t.Status, t.NextReminderAt });
            e.HasIndex(t => new { t.Status, t.EscalateAt });
            e.HasIndex(t => t.CompletedById);
        });
        builder.Entity<WorkflowTimer>(e =>
        {
            e.Property(t => t.Id).HasMaxLength(120);
            e.HasIndex(t => t.DueAt);
            e.HasIndex(t => t.InstanceId);
        });
        builder.Entity<JournalRecord>(e =>
        {
            e.HasIndex(j => new { j.ProposalId, j.Id });
            e.HasIndex(j => j.ActorId);
            e.Property(j => j.Kind).HasMaxLength(40);
            e.Property(j => j.FromStep).HasMaxLength(64);
            e.Property(j => j.ToStep).HasMaxLength(64);
            e.Property(j => j.Outcome).HasMaxLength(300);
        });
        builder.Entity<IdempotencyRecord>(e =>
        {
            e.HasKey(r => new { r.Key, r.UserId });
            e.Property(r => r.Key).HasMaxLength(200);
        });
        builder.Entity<Deputy>(e => e.HasIndex(d => new { d.DeputyId, d.From, d.To }));
        builder.Entity<HolidayRecord>(e => { e.HasKey(h => h.Date); e.Property(h => h.NameVi).HasMaxLength(200); });
        builder.Entity<OutboxMessage>(e =>
        {
            e.HasIndex(m => m.DedupKey).IsUnique();
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.Property(m => m.DedupKey).HasMaxLength(200);
            e.Property(m => m.Template).HasMaxLength(60);
            e.Property(m => m.Status).HasMaxLength(20);
        });
        builder.Entity<PostTripReport>(e =>
        {
            e.HasIndex(r => r.ProposalId).IsUnique();
            e.HasMany(r => r.Agreements).WithOne().HasForeignKey(a => a.ReportId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(r => r.FollowUps).WithOne().HasForeignKey(a => a.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<FollowUpAction>(e => e.HasIndex(f => new { f.DoneAt, f.Due }));
        builder.Entity<Agreement>(e => e.HasIndex(a => a.ProposalId));

        // Our Guid keys are made in code (Guid.CreateVersion7), never by the database. Saying so lets EF see a new
        // child added to a tracked proposal as an insert rather than an update of a row that does not exist.
        foreach (var key in builder.Model.GetEntityTypes().Select(t => t.FindPrimaryKey()).Where(k => k is { Properties.Count: 1 }))
        {
            var property = key!.Properties[0];
            if (property.ClrType == typeof(Guid) && !property.DeclaringType.ClrType.Namespace!.StartsWith("Microsoft", StringComparison.Ordinal))
                property.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
        }
    }
}

/// <summary>The SQLite flavour (embedded default). Times are stored as sortable integers, so ordering and range queries run in SQL.</summary>
public sealed class SqliteDelegationsDbContext(DbContextOptions<SqliteDelegationsDbContext> options) : DelegationsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>
/// The PostgreSQL flavour (production, many nodes). Times are timestamptz, which Npgsql only writes with offset 0:
/// every DateTimeOffset is normalised to UTC on the way in (values computed in Hà Nội time, e.g. due dates, included).
/// </summary>
public sealed class PostgresDelegationsDbContext(DbContextOptions<PostgresDelegationsDbContext> options) : DelegationsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }
}

public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v.ToUniversalTime());

public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => EnumText.ToText(v),
    v => EnumText.Parse<TEnum>(v))
    where TEnum : struct, Enum;

/// <summary>Enum ↔ snake_case text, the same mapping the JSON API uses.</summary>
public static class EnumText
{
    public static string ToText<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}.");

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(ToText(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    public static IEnumerable<string> All<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(ToText);
}
