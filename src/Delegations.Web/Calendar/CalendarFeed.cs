using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Proposals;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Calendar;

/// <summary>
/// A user's secret calendar address. Calendar programs cannot sign in, so the token in the URL is the key: it is
/// looked up by its SHA-256 hash and kept only protected (so the calendar page can show the address again); the
/// user revokes or replaces it from the calendar page.
/// </summary>
public sealed class CalendarFeed
{
    public required string UserId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHash { get; set; }
    /// <summary>The token, protected with Data Protection.</summary>
    public required string TokenProtected { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> e)
    {
        e.ToTable("CalendarFeeds");
        e.HasKey(f => f.UserId);
        e.Property(f => f.UserId).HasMaxLength(450);
        e.Property(f => f.TokenHash).HasMaxLength(64);
        e.HasIndex(f => f.TokenHash).IsUnique();
        e.HasOne<AppUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Making, revoking and resolving feed addresses, and writing the feed itself (Ical.Net).</summary>
public sealed class CalendarFeeds(
    DelegationsDbContext db,
    IDataProtectionProvider protection,
    AppOptions app,
    TimeProvider clock,
    AccountAudit audit,
    IStringLocalizer<UiText> text)
{
    private readonly IDataProtector _tokens = protection.CreateProtector("Delegations.CalendarFeed.v1");

    public static string PathFor(string token) => $"/calendar/feed/{token}.ics";

    /// <summary>The user's current feed address, or null when they have none.</summary>
    public async Task<string?> AddressAsync(string userId, CancellationToken ct)
    {
        var feed = await db.Set<CalendarFeed>().AsNoTracking().FirstOrDefaultAsync(f => f.UserId == userId, ct);
        if (feed is null) return null;
        try
        {
            return Address(_tokens.Unprotect(feed.TokenProtected));
        }
        catch (CryptographicException)
        {
            return null; // the key is gone: the user makes a new address
        }
    }

    /// <summary>Makes a new secret address; the previous one stops working at once.</summary>
    public async Task<string> RenewAsync(UserContext user, CancellationToken ct)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var feed = await db.Set<CalendarFeed>().FirstOrDefaultAsync(f => f.UserId == user.Id, ct);
        if (feed is null)
        {
            feed = new CalendarFeed { UserId = user.Id, TokenHash = "", TokenProtected = "" };
            db.Add(feed);
        }
        feed.TokenHash = Hash(token);
        feed.TokenProtected = _tokens.Protect(token);
        feed.CreatedAt = clock.GetUtcNow();
        audit.Add(AuditKinds.UserChange, user.Id, user.FullName, user.Email, "calendar feed address renewed");
        await db.SaveChangesAsync(ct);
        return Address(token);
    }

    public async Task RevokeAsync(UserContext user, CancellationToken ct)
    {
        var feed = await db.Set<CalendarFeed>().FirstOrDefaultAsync(f => f.UserId == user.Id, ct);
        if (feed is null) return;
        db.Remove(feed);
        audit.Add(AuditKinds.UserChange, user.Id, user.FullName, user.Email, "calendar feed address revoked");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The user a token belongs to, or null for an unknown or revoked token (or a disabled account).</summary>
    public async Task<UserContext?> UserForTokenAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = Hash(token);
        var userId = await db.Set<CalendarFeed>().AsNoTracking().Where(f => f.TokenHash == hash).Select(f => f.UserId).FirstOrDefaultAsync(ct);
        return userId is null ? null : await CurrentUser.LoadAsync(db, userId, clock, ct);
    }

    /// <summary>
    /// The iCalendar text: the delegations the user may see (all-day events over the trip's dates, drafts,
    /// rejected and cancelled ones left out) and the due times of their open tasks. In the user's language.
    /// </summary>
    public async Task<string> WriteAsync(UserContext user, CancellationToken ct)
    {
        var language = user.Language == "en" ? "en" : "vi";
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        var now = clock.GetUtcNow();
        var calendar = new Ical.Net.Calendar { ProductId = "-//Delegations//Delegations calendar//" + language.ToUpperInvariant() };
        calendar.AddProperty("X-WR-CALNAME", text["Delegations"] + " — " + user.FullName);
        calendar.AddProperty("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh");

        foreach (var d in await DelegationsAsync(db, user, null, null, ct))
        {
            var place = d.Kind == ProposalKind.Outbound
                ? string.Join("; ", d.Destinations.Select(x => $"{x.City} ({Countries.Name(x.Country, language)})"))
                : string.Join(", ", new[] { d.VenuePlace, d.VenueCity }.Where(s => !string.IsNullOrWhiteSpace(s)));
            var description = new StringBuilder()
                .AppendLine($"{text["Reference number"]}: {d.ReferenceNumber}")
                .AppendLine($"{text["Kind"]}: {text["kind:" + EnumText.ToText(d.Kind)]}")
                .AppendLine($"{text["Status"]}: {text["status:" + EnumText.ToText(d.Status)]}");
            if (d.Head is not null) description.AppendLine($"{text["Head of delegation"]}: {d.Head}");
            description.AppendLine($"{text["Department"]}: {d.Department(language)}").Append(Link($"/proposals/{d.Id}"));
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"proposal-{d.Id}@delegations",
                Summary = $"[{text["kind:" + EnumText.ToText(d.Kind)]}] {d.Title}",
                Description = description.ToString(),
                Location = place.Length == 0 ? null : place,
                Start = new CalDateTime(d.StartDate),
                End = new CalDateTime(d.EndDate.AddDays(1)), // DTEND of an all-day event is exclusive
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                Url = new Uri(Link($"/proposals/{d.Id}")),
                Categories = [text["kind:" + EnumText.ToText(d.Kind)]],
            });
        }

        var tasks = await (from t in db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Open && t.Due != null).Where(Access.AssignedTo(user))
                           join p in db.Proposals.AsNoTracking() on t.ProposalId equals p.Id
                           select new { t.Id, t.TitleVi, t.TitleEn, t.Due, t.ProposalId, p.ReferenceNumber, p.Title }).ToListAsync(ct);
        foreach (var t in tasks.OrderBy(t => t.Due))
        {
            var due = t.Due!.Value.UtcDateTime;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"task-{t.Id}@delegations",
                Summary = $"{text["Due"]}: {(language == "en" ? t.TitleEn : t.TitleVi)} — {t.ReferenceNumber}",
                Description = $"{t.Title}\n{Link($"/tasks/{t.Id}")}",
                Start = new CalDateTime(due, "UTC"),
                End = new CalDateTime(due.AddMinutes(30), "UTC"),
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                Url = new Uri(Link($"/tasks/{t.Id}")),
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    public sealed record Delegation(
        Guid Id, string ReferenceNumber, ProposalKind Kind, ProposalStatus Status, string Title, DateOnly StartDate, DateOnly EndDate,
        string? VenueCity, string? VenuePlace, string DepartmentVi, string DepartmentEn, string? Head, IReadOnlyList<Destination> Destinations)
    {
        public string Department(string language) => language == "en" ? DepartmentEn : DepartmentVi;
    }

    /// <summary>Statuses that put a delegation on the calendar: submitted and not refused or cancelled.</summary>
    public static readonly IReadOnlyList<ProposalStatus> OnCalendar =
        [ProposalStatus.InReview, ProposalStatus.ChangesRequested, ProposalStatus.Approved, ProposalStatus.ReportDue, ProposalStatus.Completed, ProposalStatus.Faulted];

    /// <summary>The delegations a user may see that overlap [from, to] (either end open), by start date.</summary>
    public static async Task<IReadOnlyList<Delegation>> DelegationsAsync(DelegationsDbContext db, UserContext user, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var statuses = OnCalendar.ToList();
        var q = db.Proposals.AsNoTracking().VisibleTo(db, user).Where(p => statuses.Contains(p.Status));
        if (from is { } f) q = q.Where(p => p.EndDate >= f);
        if (to is { } t) q = q.Where(p => p.StartDate <= t);
        var rows = await q.OrderBy(p => p.StartDate).ThenBy(p => p.ReferenceNumber).Take(2000)
            .Select(p => new
            {
                p.Id, p.ReferenceNumber, p.Kind, p.Status, p.Title, p.StartDate, p.EndDate, p.VenueCity, p.VenuePlace,
                DepartmentVi = p.Department!.NameVi, DepartmentEn = p.Department.NameEn,
                Head = p.Members.Where(m => m.Role == MemberRole.Head && !m.Removed).Select(m => m.FullName).FirstOrDefault(),
                Destinations = p.Destinations.OrderBy(d => d.Position).ToList(),
            }).ToListAsync(ct);
        return rows.Select(r => new Delegation(r.Id, r.ReferenceNumber, r.Kind, r.Status, r.Title, r.StartDate, r.EndDate, r.VenueCity, r.VenuePlace,
            r.DepartmentVi, r.DepartmentEn, r.Head, r.Destinations)).ToList();
    }

    private string Address(string token) => Link(PathFor(token));

    private string Link(string path) => app.BaseUrl.TrimEnd('/') + path;

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

public static class CalendarFeedEndpoint
{
    /// <summary><c>GET /calendar/feed/{token}.ics</c>: anonymous (calendar programs cannot sign in); the secret token is the key.</summary>
    public static IEndpointConventionBuilder MapCalendarFeed(this IEndpointRouteBuilder app) =>
        app.MapGet("/calendar/feed/{token}.ics", async (string token, CalendarFeeds feeds, HttpResponse response, CancellationToken ct) =>
        {
            var user = await feeds.UserForTokenAsync(token, ct);
            if (user is null) return Results.NotFound();
            response.Headers.CacheControl = "private, max-age=300";
            return Results.Text(await feeds.WriteAsync(user, ct), "text/calendar; charset=utf-8");
        })
        .AllowAnonymous()
        .ExcludeFromDescription();
}
