using System.Collections.Concurrent;
using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Workflows.Time;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Mail;

public sealed class MailOptions
{
    public const string Section = "Mail";
    /// <summary>Pickup (write .eml files to <see cref="PickupDirectory"/>) or Smtp (MailKit).</summary>
    public string Mode { get; set; } = "Pickup";
    public string PickupDirectory { get; set; } = "App_Data/mail";
    public string From { get; set; } = "delegations@demo.local";
    public string FromName { get; set; } = "Quản lý đoàn ra, đoàn vào";
    public SmtpOptions Smtp { get; set; } = new();
    /// <summary>Delivery attempts before a message is marked failed (an admin can resend it).</summary>
    public int MaxAttempts { get; set; } = 8;

    public bool UsesSmtp => Mode.Equals("Smtp", StringComparison.OrdinalIgnoreCase);
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    /// <summary>None, StartTls, StartTlsWhenAvailable, SslOnConnect or Auto (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
}

public sealed class AppOptions
{
    public const string Section = "App";
    /// <summary>The public address of the app, used for links in mail and iCal feeds.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";
}

public sealed record Recipient(string UserId, string Email, string Name, string Language);

/// <summary>A file sent with a mail (e.g. the compiled report's workbook), stored with the outbox message.</summary>
public sealed record MailAttachment(string Name, string ContentType, byte[] Content);

/// <summary>
/// Queues mail in the outbox, in the caller's transaction. A dedup key makes every notice idempotent: the same
/// reminder, assignment or decision is never queued twice.
/// </summary>
public sealed class Outbox(DelegationsDbContext db, MailRenderer renderer, MailTemplateStore templates, TimeProvider clock, AppOptions app)
{
    public string Link(string path) => app.BaseUrl.TrimEnd('/') + path;

    public async Task<bool> EnqueueAsync(string template, Recipient to, IDictionary<string, object?> model, string dedupKey,
        Guid? proposalId, Guid? taskId, CancellationToken ct, MailAttachment? attachment = null)
    {
        if (db.Outbox.Local.Any(m => m.DedupKey == dedupKey) || await db.Outbox.AnyAsync(m => m.DedupKey == dedupKey, ct)) return false;
        db.Outbox.Add(await RenderAsync(template, to, model, dedupKey, proposalId, taskId, ct, attachment));
        return true;
    }

    /// <summary>
    /// Renders a message without queueing it. The sweeps render before they open their transaction (so the write
    /// lock is held only for the claim and the insert), then <see cref="Add"/> what they claimed.
    /// </summary>
    public async Task<OutboxMessage> RenderAsync(string template, Recipient to, IDictionary<string, object?> model, string dedupKey,
        Guid? proposalId, Guid? taskId, CancellationToken ct, MailAttachment? attachment = null)
    {
        var text = await templates.GetAsync(template, to.Language, ct);
        var withRecipient = new Dictionary<string, object?>(model)
        {
            ["recipient"] = new Dictionary<string, object?> { ["name"] = to.Name, ["email"] = to.Email },
        };
        var mail = renderer.Render(text, withRecipient);
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            DedupKey = dedupKey,
            Template = template,
            Language = to.Language,
            ToEmail = to.Email,
            ToName = to.Name,
            Subject = mail.Subject,
            TextBody = mail.Text,
            HtmlBody = mail.Html,
            ProposalId = proposalId,
            TaskId = taskId,
            Status = OutboxStatuses.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
            AttachmentName = attachment?.Name,
            AttachmentContentType = attachment?.ContentType,
            AttachmentContent = attachment?.Content,
        };
    }

    /// <summary>Queues a rendered message in the caller's transaction (the unique dedup key still refuses a second copy).</summary>
    public void Add(OutboxMessage message) => db.Outbox.Add(message);

    /// <summary>Which of these dedup keys are queued already (one query; the sweeps' guard beside their claim).</summary>
    public async Task<HashSet<string>> ExistingKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
        keys.Count == 0 ? [] : (await db.Outbox.AsNoTracking().Where(m => keys.Contains(m.DedupKey)).Select(m => m.DedupKey).ToListAsync(ct)).ToHashSet();

    public static string FormatMoment(DateTimeOffset? moment, string language)
    {
        if (moment is null) return "";
        var local = TimeZoneInfo.ConvertTime(moment.Value, WorkingDayCalendar.VietnamTime);
        return language == "en"
            ? local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    }
}

/// <summary>Who a task or notice goes to: the users holding a role (in a department), or a named user.</summary>
public sealed class RecipientDirectory(DelegationsDbContext db)
{
    public async Task<IReadOnlyList<Recipient>> ForAsync(string? role, Guid? departmentId, string? userEmail, CancellationToken ct, bool includeSubDepartments = false)
    {
        if (includeSubDepartments && departmentId is { } root && role is not null && userEmail is null)
        {
            // A task for a named department: its holders of the role and those of its sub-departments.
            var departments = (await Accounts.DepartmentTree.LoadAsync(db, ct)).SelfAndDescendants(root);
            return await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where r.Name == role && !u.IsDisabled && departments.Contains(u.DepartmentId)
                          orderby u.FullName
                          select new Recipient(u.Id, u.Email!, u.FullName, u.Language)).AsNoTracking().ToListAsync(ct);
        }
        if (userEmail is not null)
        {
            return await db.Users.AsNoTracking()
                .Where(u => u.Email == userEmail && !u.IsDisabled)
                .Select(u => new Recipient(u.Id, u.Email!, u.FullName, u.Language)).ToListAsync(ct);
        }
        if (role is null) return [];
        return await (from u in db.Users
                      join ur in db.UserRoles on u.Id equals ur.UserId
                      join r in db.Roles on ur.RoleId equals r.Id
                      where r.Name == role && !u.IsDisabled && (departmentId == null || u.DepartmentId == departmentId)
                      orderby u.FullName
                      select new Recipient(u.Id, u.Email!, u.FullName, u.Language)).AsNoTracking().ToListAsync(ct);
    }

    public async Task<Recipient?> UserAsync(string userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId && !u.IsDisabled)
            .Select(u => new Recipient(u.Id, u.Email!, u.FullName, u.Language)).FirstOrDefaultAsync(ct);
}

/// <summary>
/// Mail templates: an admin's edited copy from the database when there is one, else the default file. Read once per
/// scope (a request or one job run), so an edit counts from the next one.
/// </summary>
public sealed class MailTemplateStore(DelegationsDbContext db)
{
    private static readonly ConcurrentDictionary<(string, string), MailTemplateText> Defaults = new();
    private static readonly Lazy<IReadOnlyList<string>> DefaultNames = new(() =>
        Directory.Exists(DefaultsDirectory)
            ? Directory.GetFiles(DefaultsDirectory, "*.liquid").Select(f => Path.GetFileName(f).Split('.')[0]).Distinct().Order(StringComparer.Ordinal).ToList()
            : []);

    private readonly Dictionary<(string, string), MailTemplateText> _read = new();

    public static string DefaultsDirectory => Path.Combine(AppContext.BaseDirectory, "Mail", "Templates");

    public static IReadOnlyList<string> Languages { get; } = ["vi", "en"];

    /// <summary>The templates there are: one default file per name and language (the files ship with the app).</summary>
    public static IReadOnlyList<string> Names => DefaultNames.Value;

    public async Task<MailTemplateText> GetAsync(string name, string language, CancellationToken ct)
    {
        var lang = language == "en" ? "en" : "vi";
        if (_read.TryGetValue((name, lang), out var known)) return known;
        var edited = await db.Set<MailTemplateRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Name == name && t.Language == lang, ct);
        var text = edited is not null ? new MailTemplateText(edited.Subject, edited.TextBody, edited.HtmlBody) : Default(name, lang);
        _read[(name, lang)] = text;
        return text;
    }

    /// <summary>Forgets what this scope has read (after an admin saved or reset a template).</summary>
    public void Forget() => _read.Clear();

    public static MailTemplateText Default(string name, string language) => Defaults.GetOrAdd((name, language), key =>
    {
        var path = Path.Combine(DefaultsDirectory, $"{key.Item1}.{key.Item2}.liquid");
        if (!File.Exists(path)) throw new InvalidOperationException($"There is no mail template '{key.Item1}' in '{key.Item2}'.");
        return MailTemplateText.Parse(File.ReadAllText(path));
    });
}

/// <summary>An admin's edit of a mail template (the files hold the defaults).</summary>
public sealed class MailTemplateRecord
{
    public required string Name { get; set; }
    public required string Language { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class MailTemplateRecordConfiguration : IEntityTypeConfiguration<MailTemplateRecord>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<MailTemplateRecord> e)
    {
        e.ToTable("MailTemplates");
        e.HasKey(t => new { t.Name, t.Language });
        e.Property(t => t.Name).HasMaxLength(60);
        e.Property(t => t.Language).HasMaxLength(5);
    }
}
