using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Reports;

/// <summary>
/// <c>/api/reports/compiled</c>: the compiled report for any period, as JSON, XLSX or printable HTML; and the
/// archive of those the monthly job compiled and mailed, downloadable again.
/// </summary>
public static class CompiledReportsApi
{
    public sealed record CompiledQuery(string? From, string? To, string? Department, string? Kind, string? Format, string? Lang);

    public sealed record ArchiveFileView(string Format, string Language, string FileName, long Size, string Url);
    public sealed record ArchiveItem(Guid Id, string PeriodKind, DateOnly From, DateOnly To, string Label, DateTimeOffset GeneratedAt, int Delegations, int Recipients,
        IReadOnlyList<ArchiveFileView> Files);

    public static void MapCompiledReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/compiled").WithTags("Reports").RequireAuthorization();
        group.MapGet("/", Compiled)
            .WithSummary("The compiled report: from, to (yyyy-MM-dd; default the current year), department (code, with its sub-departments), kind, "
                         + "format = json | xlsx | html, lang = vi | en (default: yours). Leadership, the international office and admins see all; a department head their department.")
            .Produces<CompiledReport>(contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: CompiledReportXlsx.ContentType)
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/archive", Archive)
            .WithSummary("The compiled reports the monthly job made and mailed (previous month and quarter), newest first.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/archive/{id:guid}/{format}", ArchiveFile)
            .WithSummary("Download an archived compiled report again: format = xlsx | html | json, lang = vi | en.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Compiled([AsParameters] CompiledQuery query, HttpContext http, DelegationsDbContext db, CurrentUser current,
        CompiledReports compiler, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var scope = Access.CompiledReportScopeOf(user)
                    ?? throw AppProblemException.Forbidden("The compiled report is for Leadership, the international office, department heads and admins.");
        var errors = new FieldErrors();
        var today = ReportApi.Today(clock);
        var from = Date(query.From, "from", new DateOnly(today.Year, 1, 1), errors);
        var to = Date(query.To, "to", new DateOnly(today.Year, 12, 31), errors);
        if (from is { } f && to is { } t)
        {
            if (t < f) errors.Add("to", "Must be on or after 'from'.");
            else if (t.DayNumber - f.DayNumber > 366 * 10) errors.Add("to", "A compiled report covers at most ten years.");
        }
        ProposalKind? kind = null;
        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            if (EnumText.TryParse<ProposalKind>(query.Kind, out var k)) kind = k;
            else errors.Add("kind", "Must be outbound, inbound or conference.");
        }
        var format = string.IsNullOrWhiteSpace(query.Format) ? "json" : query.Format.Trim().ToLowerInvariant();
        if (format is not ("json" or "xlsx" or "html")) errors.Add("format", "Must be json, xlsx or html.");
        if (!string.IsNullOrWhiteSpace(query.Lang) && query.Lang.Trim().ToLowerInvariant() is not ("vi" or "en")) errors.Add("lang", "Must be vi or en.");
        Department? department = null;
        if (!string.IsNullOrWhiteSpace(query.Department))
        {
            department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Code == query.Department.Trim(), ct);
            if (department is null) errors.Add("department", $"There is no department with code '{query.Department.Trim()}'.");
        }
        if (errors.Any) return ProblemSetup.Validation(errors);

        var departments = await compiler.DepartmentsAsync(scope, department?.Id, ct)
                          ?? throw AppProblemException.Forbidden("A department head's compiled report covers their own department only.");
        var language = ReportText.NormaliseLanguage(string.IsNullOrWhiteSpace(query.Lang) ? user.Language : query.Lang);
        var period = ReportPeriod.Of(from!.Value, to!.Value);
        var report = await compiler.BuildAsync(new CompiledReportRequest(period, department?.Id, kind, language), departments, ct);
        var fileStem = FileStem(period, department?.Code, kind);
        switch (format)
        {
            case "xlsx":
                return TypedResults.File(CompiledReportXlsx.Write(report), CompiledReportXlsx.ContentType, fileStem + ".xlsx");
            case "html":
                http.Response.Headers.ContentSecurityPolicy = CompiledReportHtml.ContentSecurityPolicy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers.ContentLanguage = language;
                return TypedResults.Content(CompiledReportHtml.Render(report), CompiledReportHtml.ContentType);
            default:
                return TypedResults.Ok(report);
        }
    }

    /// <summary>bao-cao-tong-hop_2025-Q3[_MOST-VP][_outbound]</summary>
    public static string FileStem(ReportPeriod period, string? department, ProposalKind? kind) =>
        "bao-cao-tong-hop_" + period.Key + (department is null ? "" : "_" + department) + (kind is null ? "" : "_" + EnumText.ToText(kind.Value));

    private static DateOnly? Date(string? text, string field, DateOnly fallback, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (ProposalInputMapper.TryDate(text, out var d)) return d;
        errors.Add(field, "Must be a date as yyyy-MM-dd.");
        return null;
    }

    /// <summary>The archive holds organisation-wide reports, so it is for those who see everything.</summary>
    private static async Task RequireWholeScopeAsync(CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        if (Access.CompiledReportScopeOf(user) is not { All: true })
            throw AppProblemException.Forbidden("The archive of compiled reports is for Leadership, the international office and admins.");
    }

    private static async Task<Ok<IReadOnlyList<ArchiveItem>>> Archive(DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        await RequireWholeScopeAsync(current, ct);
        var user = await current.GetAsync(ct);
        var records = await db.Set<CompiledReportRecord>().AsNoTracking().Include(r => r.Files).ToListAsync(ct);
        var items = records.OrderByDescending(r => r.PeriodEnd).ThenBy(r => r.PeriodKind)
            .Select(r => new ArchiveItem(r.Id, r.PeriodKind, r.PeriodStart, r.PeriodEnd, new ReportPeriod(r.PeriodKind, r.PeriodStart, r.PeriodEnd).Label(user.Language),
                r.GeneratedAt, r.Delegations, r.Recipients,
                r.Files.OrderBy(f => f.Format).ThenByDescending(f => f.Language == "vi")
                    .Select(f => new ArchiveFileView(f.Format, f.Language, f.FileName, f.Size, $"/api/reports/compiled/archive/{r.Id}/{f.Format}?lang={f.Language}")).ToList()))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<ArchiveItem>>(items);
    }

    private static async Task<FileContentHttpResult> ArchiveFile(Guid id, string format, string? lang, HttpContext http, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        await RequireWholeScopeAsync(current, ct);
        var user = await current.GetAsync(ct);
        var language = ReportText.NormaliseLanguage(string.IsNullOrWhiteSpace(lang) ? user.Language : lang);
        var normalised = format.Trim().ToLowerInvariant();
        var file = await db.Set<CompiledReportFile>().AsNoTracking()
                       .FirstOrDefaultAsync(f => f.CompiledReportId == id && f.Format == normalised && f.Language == language, ct)
                   ?? throw AppProblemException.NotFound("The compiled report file");
        var content = await db.Set<StoredFile>().AsNoTracking().Where(s => s.Id == file.FileId).Select(s => s.Content).FirstAsync(ct);
        ReportAttachments.NoSniff(http.Response);
        return TypedResults.File(content, file.ContentType, file.FileName);
    }
}
