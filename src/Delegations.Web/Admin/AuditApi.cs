using System.Globalization;
using CsvHelper;
using Delegations.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Delegations.Web.Admin;

/// <summary>
/// <c>GET /api/admin/audit</c>: the security audit log, searched by kind, actor, subject and date range, paged;
/// <c>format=csv</c> exports every matching entry. There is no endpoint that changes an entry, and
/// <see cref="AuditLogIsAppendOnly"/> refuses any update or delete of one that reaches the database.
/// </summary>
public static class AuditApi
{
    public sealed record AuditQuery(string? Kind, string? Actor, string? Subject, string? From, string? To, int? Page, int? PageSize, string? Format);
    public sealed record AuditView(long Id, DateTimeOffset At, string Kind, string? ActorId, string? Actor, string? Subject, string? Detail, string? IpAddress);
    public sealed record AuditPage(IReadOnlyList<AuditView> Items, int Page, int PageSize, int Total);
    public sealed record Filter(IQueryable<AuditEntry> Query, int Page, int PageSize, bool Csv);

    public const int MaxCsvRows = 100_000;

    public static void MapAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/admin/audit", Search).WithTags("Admin: audit").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly)
            .WithSummary("The audit log: kind, actor (name or e-mail), subject, from, to (yyyy-MM-dd, Hà Nội days), page, pageSize; format=csv for a CSV file of every match.")
            .Produces<AuditPage>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();

    private static async Task<IResult> Search([AsParameters] AuditQuery query, DelegationsDbContext db, CancellationToken ct)
    {
        var filter = Parse(db, query, out var errors);
        if (filter is null) return ProblemSetup.Validation(errors);
        if (filter.Csv)
        {
            var rows = await filter.Query.OrderBy(a => a.Id).Take(MaxCsvRows).ToListAsync(ct);
            return Results.File(Csv(rows), "text/csv; charset=utf-8", "audit-log.csv");
        }
        return TypedResults.Ok(await PageAsync(filter, ct));
    }

    public static async Task<AuditPage> PageAsync(Filter filter, CancellationToken ct)
    {
        var total = await filter.Query.CountAsync(ct);
        var items = await filter.Query.OrderByDescending(a => a.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(a => new AuditView(a.Id, a.At, a.Kind, a.ActorId, a.ActorName, a.Subject, a.Detail, a.IpAddress)).ToListAsync(ct);
        return new AuditPage(items, filter.Page, filter.PageSize, total);
    }

    /// <summary>The query a search means, or null with the field errors.</summary>
    public static Filter? Parse(DelegationsDbContext db, AuditQuery query, out FieldErrors fieldErrors)
    {
        var errors = fieldErrors = new FieldErrors();
        IQueryable<AuditEntry> q = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            var kind = query.Kind.Trim();
            if (!AuditKinds.All.Contains(kind)) errors.Add("kind", "Must be one of: " + string.Join(", ", AuditKinds.All) + ".");
            q = q.Where(a => a.Kind == kind);
        }
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            var ids = db.Users.Where(u => u.Email == actor || u.NormalizedEmail == actor.ToUpperInvariant()).Select(u => u.Id);
            q = q.Where(a => a.ActorName!.Contains(actor) || ids.Contains(a.ActorId!));
        }
        if (!string.IsNullOrWhiteSpace(query.Subject))
        {
            var subject = query.Subject.Trim();
            q = q.Where(a => a.Subject!.Contains(subject));
        }
        var vn = Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime;
        DateTimeOffset? Moment(string? text, string path, bool end)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                errors.Add(path, "Must be a date (yyyy-MM-dd).");
                return null;
            }
            var local = (end ? d.AddDays(1) : d).ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, vn.GetUtcOffset(local)).ToUniversalTime();
        }
        if (Moment(query.From, "from", false) is { } from) q = q.Where(a => a.At >= from);
        if (Moment(query.To, "to", true) is { } to) q = q.Where(a => a.At < to);
        var page = query.Page ?? 1;
        var size = query.PageSize ?? 50;
        if (page < 1) errors.Add("page", "From 1.");
        if (size is < 1 or > 500) errors.Add("pageSize", "From 1 to 500.");
        var format = query.Format?.Trim().ToLowerInvariant();
        if (format is not (null or "" or "json" or "csv")) errors.Add("format", "Must be json or csv.");
        return errors.Any ? null : new Filter(q, page, size, format == "csv");
    }

    /// <summary>
    /// CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read Vietnamese right), written with
    /// CsvHelper, whose injection escaping keeps a subject such as <c>=HYPERLINK(…)</c> from running as a formula.
    /// </summary>
    public static byte[] Csv(IEnumerable<AuditEntry> rows)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true, NewLine = "\r\n" }, true))
        {
            csv.WriteRecord(["id", "at", "kind", "actorId", "actor", "subject", "detail", "ipAddress"]);
            foreach (var a in rows)
            {
                csv.WriteRecord([a.Id.ToString(CultureInfo.InvariantCulture), a.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    a.Kind, a.ActorId ?? "", a.ActorName ?? "", a.Subject ?? "", a.Detail ?? "", a.IpAddress ?? ""]);
            }
        }
        return stream.ToArray();
    }
}

/// <summary>The audit log is append-only: a SaveChanges that would change or delete an entry fails and saves nothing.</summary>
public sealed class AuditLogIsAppendOnly : SaveChangesInterceptor
{
    public static readonly AuditLogIsAppendOnly Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context?.ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted) == true)
            throw new InvalidOperationException("The audit log is append-only: entries are never changed or deleted.");
    }
}
