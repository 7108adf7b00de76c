using System.Text;
using System.Text.Json;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Reports;

/// <summary>A compiled report the job made for a period and mailed: kept so that it is sent once and can be downloaded again.</summary>
public sealed class CompiledReportRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>month or quarter.</summary>
    public required string PeriodKind { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
    public int Delegations { get; set; }
    public int Recipients { get; set; }
    public List<CompiledReportFile> Files { get; set; } = [];
}

/// <summary>One rendering of an archived compiled report (xlsx, html or json; vi or en); the bytes are a <see cref="StoredFile"/>.</summary>
public sealed class CompiledReportFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CompiledReportId { get; set; }
    public required string Format { get; set; }
    public required string Language { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public Guid FileId { get; set; }
}

/// <summary>
/// The recurring job: compiles the report for the previous month and the previous quarter (Hà Nội calendar) and
/// mails it to Leadership and the international office — the XLSX attached, a summary with one line per delegation
/// as the HTML body. Each period is archived once (a unique index on the period), in the same transaction as its
/// mail, so running twice — or on two nodes — sends it once. It runs daily by default, so a day the server was down
/// only delays the mail.
/// </summary>
public sealed class CompiledReportJob(
    DelegationsDbContext db, CompiledReports compiler, Outbox outbox, RecipientDirectory recipients, TimeProvider clock, ILogger<CompiledReportJob> logger)
{
    public const string Template = "compiled-report";
    public static readonly IReadOnlyList<string> RecipientRoles = [Roles.Leadership, Roles.InternationalOffice];
    public static readonly IReadOnlyList<string> Languages = ["vi", "en"];

    /// <summary>The recurring entry point. Returns how many periods were compiled and mailed now.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = ReportApi.Today(clock);
        var done = 0;
        foreach (var period in new[] { ReportPeriod.PreviousMonth(today), ReportPeriod.PreviousQuarter(today) })
        {
            if (await CompileAndMailAsync(period, ct)) done++;
        }
        return done;
    }

    /// <summary>Compiles, archives and mails one period unless it already was. True when it did it now.</summary>
    public async Task<bool> CompileAndMailAsync(ReportPeriod period, CancellationToken ct)
    {
        var sent = await db.SaveWithRetryAsync(async () =>
        {
            if (await db.Set<CompiledReportRecord>().AnyAsync(r => r.PeriodKind == period.Kind && r.PeriodStart == period.From && r.PeriodEnd == period.To, ct))
                return false;
            var now = clock.GetUtcNow();
            var record = new CompiledReportRecord { PeriodKind = period.Kind, PeriodStart = period.From, PeriodEnd = period.To, GeneratedAt = now };
            var stem = CompiledReportsApi.FileStem(period, null, null);
            var rendered = new Dictionary<string, (CompiledReport Report, byte[] Xlsx)>();
            foreach (var language in Languages)
            {
                var report = await compiler.BuildAsync(new CompiledReportRequest(period, null, null, language), [], ct);
                var xlsx = CompiledReportXlsx.Write(report);
                rendered[language] = (report, xlsx);
                record.Delegations = report.Totals.Delegations;
                AddFile(record, "xlsx", language, $"{stem}_{language}.xlsx", CompiledReportXlsx.ContentType, xlsx, now);
                AddFile(record, "html", language, $"{stem}_{language}.html", CompiledReportHtml.ContentType, Encoding.UTF8.GetBytes(CompiledReportHtml.Render(report)), now);
                AddFile(record, "json", language, $"{stem}_{language}.json", "application/json", JsonSerializer.SerializeToUtf8Bytes(report, ApiJson.Options), now);
            }
            db.Set<CompiledReportRecord>().Add(record);

            var people = new List<Recipient>();
            foreach (var role in RecipientRoles) people.AddRange(await recipients.ForAsync(role, null, null, ct));
            foreach (var to in people.DistinctBy(p => p.UserId))
            {
                var language = ReportText.NormaliseLanguage(to.Language);
                var (report, xlsx) = rendered[language];
                var attachment = new MailAttachment($"{stem}_{language}.xlsx", CompiledReportXlsx.ContentType, xlsx);
                if (await outbox.EnqueueAsync(Template, to, MailModel(report, record.Id), $"{Template}:{period.Kind}:{period.Key}:{to.UserId}", null, null, ct, attachment))
                    record.Recipients++;
            }
            return true;
        }, ct);
        if (sent) logger.LogInformation("Compiled report {Period} ({Kind}) archived and mailed", period.Key, period.Kind);
        return sent;
    }

    private void AddFile(CompiledReportRecord record, string format, string language, string name, string contentType, byte[] content, DateTimeOffset now)
    {
        var stored = new StoredFile { Content = content, CreatedAt = now };
        db.Set<StoredFile>().Add(stored);
        record.Files.Add(new CompiledReportFile
        {
            CompiledReportId = record.Id, Format = format, Language = language, FileName = name, ContentType = contentType, Size = content.Length, FileId = stored.Id,
        });
    }

    /// <summary>The mail's model: figures pre-formatted in the reader's language, one line per delegation (the template encodes every string).</summary>
    private Dictionary<string, object?> MailModel(CompiledReport r, Guid recordId)
    {
        var t = ReportText.For(r.Language);
        var totals = r.Totals;
        return new Dictionary<string, object?>
        {
            ["period"] = new Dictionary<string, object?> { ["label"] = r.Period.Label, ["from"] = t.DateText(r.Period.From), ["to"] = t.DateText(r.Period.To) },
            ["figures"] = t.Figures(totals).Select(f => new Dictionary<string, object?> { ["label"] = f.Label, ["value"] = f.Value is { } v ? t.Number(v) : "" }).ToList(),
            ["totals"] = new Dictionary<string, object?>
            {
                ["delegations"] = totals.Delegations, ["outbound"] = totals.Outbound, ["inbound"] = totals.Inbound,
                ["reportsMissing"] = totals.ReportsMissing, ["followUpsOverdue"] = totals.FollowUpsOverdue,
            },
            ["delegations"] = r.Delegations.Select(d => new Dictionary<string, object?>
            {
                ["referenceNumber"] = d.ReferenceNumber,
                ["kind"] = t.Kinds[d.Kind],
                ["title"] = d.Title,
                ["dates"] = d.StartDate == d.EndDate ? t.DateText(d.StartDate) : $"{t.DateText(d.StartDate)} – {t.DateText(d.EndDate)}",
                ["places"] = d.Places,
                ["people"] = d.People,
                ["report"] = t.States[d.Report],
                ["summary"] = d.Summary ?? "",
            }).ToList(),
            ["links"] = new Dictionary<string, object?>
            {
                ["html"] = outbox.Link($"/api/reports/compiled/archive/{recordId}/html?lang={r.Language}"),
                ["xlsx"] = outbox.Link($"/api/reports/compiled/archive/{recordId}/xlsx?lang={r.Language}"),
            },
        };
    }
}
