using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Delegations.Web.Demo;
using Delegations.Web.Infrastructure;
using Delegations.Web.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;

namespace Delegations.Web.Tests.Reports;

/// <summary>
/// The demo data (the five seed delegations recorded at their historical dates by <see cref="DemoData"/>) under a
/// fake clock: the app keeps its own <see cref="AppClock"/>, which the demo uses to travel back, over a
/// <c>FakeTimeProvider</c> that says "now" is <see cref="Now"/> (1 September 2025, 09:00 in Hà Nội) unless a test moves it.
/// </summary>
public class ReportsDemoFactory : AppFactory
{
    public static readonly DateTimeOffset Now = Hanoi(2025, 9, 1, 9);

    private readonly PostgresDatabase? _postgres;
    private bool _dropped;

    public ReportsDemoFactory() : this(null)
    {
    }

    /// <param name="postgres">A database of its own on the test PostgreSQL server, or null for SQLite.</param>
    protected ReportsDemoFactory(PostgresDatabase? postgres)
    {
        _postgres = postgres;
        Clock.SetUtcNow(Now);
    }

    public static DateTimeOffset Hanoi(int year, int month, int day, int hour) => new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    protected override IDictionary<string, string?> Settings => _postgres is null
        ? new Dictionary<string, string?> { ["Demo:Enabled"] = "true" }
        : new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "true", ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = _postgres.ConnectionString,
            ["Database:MigrateAtStart"] = "true", ["Jobs:SweepCron"] = Hangfire.Cron.Never(), ["Jobs:MailCron"] = Hangfire.Cron.Never(),
        };

    protected override bool SeedOrganisation => false;
    protected override bool UseFakeClock => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new AppClock(Clock));
        });
    }

    public override async Task InitializeAsync()
    {
        if (_postgres is not null) await _postgres.CreateAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null && !_dropped)
        {
            _dropped = true;
            await _postgres.DropAsync();
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same demo data and clock on PostgreSQL (DELEGATIONS_TEST_POSTGRES, which scripts/test.sh sets).</summary>
public sealed class PostgresReportsDemoFactory() : ReportsDemoFactory(PostgresDatabase.New());

/// <summary>
/// A real SMTP server on loopback receiving MailKit's mail: the aiosmtpd sink scripts/test.sh started
/// (DELEGATIONS_TEST_SMTP_*), or one of our own on a free port, writing each message to a maildir.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process? _process;

    private SmtpSink(string host, int port, string maildir, Process? process)
    {
        Host = host;
        Port = port;
        Maildir = maildir;
        _process = process;
    }

    public string Host { get; }
    public int Port { get; }
    public string Maildir { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        var host = Environment.GetEnvironmentVariable("DELEGATIONS_TEST_SMTP_HOST");
        var port = Environment.GetEnvironmentVariable("DELEGATIONS_TEST_SMTP_PORT");
        var maildir = Environment.GetEnvironmentVariable("DELEGATIONS_TEST_SMTP_MAILDIR");
        if (!string.IsNullOrEmpty(host) && int.TryParse(port, out var p) && !string.IsNullOrEmpty(maildir))
        {
            // A maildir made empty beforehand would refuse every message; make sure its parts are there.
            foreach (var part in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(maildir, part));
            return new SmtpSink(host, p, maildir, null);
        }
        return await StartOwnAsync();
    }

    /// <summary>A loopback port nothing listens on (yet): an SMTP server that is down.</summary>
    public static int FreePort()
    {
        var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        return port;
    }

    /// <summary>An aiosmtpd of this test's own, on <paramref name="port"/> (a free one when null); stopped by DisposeAsync.</summary>
    public static async Task<SmtpSink> StartOwnAsync(int? port = null)
    {
        var ownPort = port ?? FreePort();
        // The Mailbox handler makes the maildir (with tmp/, new/, cur/) only when the folder does not exist yet.
        var dir = Path.Combine(Path.GetTempPath(), "delegations-smtp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{ownPort}", "-c", "aiosmtpd.handlers.Mailbox", dir])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start aiosmtpd (apt-get install python3-aiosmtpd).");
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, ownPort);
                return new SmtpSink("127.0.0.1", ownPort, dir, process);
            }
            catch (SocketException)
            {
                if (process.HasExited) throw new InvalidOperationException("aiosmtpd exited: " + await process.StandardError.ReadToEndAsync());
                await Task.Delay(100);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("aiosmtpd did not start listening.");
    }

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Mode"] = "Smtp", ["Mail:Smtp:Host"] = Host, ["Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
    };

    /// <summary>The messages received with these Message-IDs (the sink may be shared with other tests).</summary>
    public IReadOnlyList<MimeMessage> Received(IEnumerable<string> messageIds)
    {
        var wanted = messageIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var dir = Path.Combine(Maildir, "new");
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir).Select(f => MimeMessage.Load(f)).Where(m => m.MessageId is not null && wanted.Contains(m.MessageId)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(Maildir, recursive: true); } catch (IOException) { } // our own sink's folder only
    }
}

/// <summary>Reads a workbook the way Excel would: sheets by name, cells by reference, shared strings and number formats resolved.</summary>
public sealed class XlsxReader : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly MemoryStream _stream;

    public XlsxReader(byte[] bytes)
    {
        _stream = new MemoryStream(bytes);
        _document = SpreadsheetDocument.Open(_stream, false);
    }

    /// <summary>What the Open XML SDK's schema validator finds wrong (Excel refuses files with such errors).</summary>
    public IReadOnlyList<string> ValidationErrors =>
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2016).Validate(_document)
            .Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

    /// <summary>Keeps a copy for people to look at when the test script collects output (DELEGATIONS_TEST_OUTPUT).</summary>
    public static void Keep(string name, byte[] content)
    {
        if (Environment.GetEnvironmentVariable("DELEGATIONS_TEST_OUTPUT") is not { Length: > 0 } dir) return;
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, name), content);
    }

    public IReadOnlyList<string> SheetNames => _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    public Cell? Cell(string sheet, string reference)
    {
        var part = Part(sheet);
        return part.Worksheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
    }

    public WorksheetPart Part(string sheet)
    {
        var entry = _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet);
        return (WorksheetPart)_document.WorkbookPart.GetPartById(entry.Id!);
    }

    public string? Text(string sheet, string reference)
    {
        var cell = Cell(sheet, reference);
        if (cell?.CellValue is null) return null;
        if (cell.DataType?.Value == CellValues.SharedString)
            return _document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue.Text)).InnerText;
        return cell.CellValue.Text;
    }

    public decimal? Number(string sheet, string reference)
    {
        var cell = Cell(sheet, reference);
        Assert.True(cell?.DataType is null || cell.DataType.Value == CellValues.Number, $"{sheet}!{reference} is not a number cell");
        return cell?.CellValue is null ? null : decimal.Parse(cell.CellValue.Text, System.Globalization.CultureInfo.InvariantCulture);
    }

    public DateOnly? Date(string sheet, string reference)
    {
        var format = NumberFormat(sheet, reference);
        Assert.True(format.Contains("yy", StringComparison.Ordinal) && format.Contains('d'), $"{sheet}!{reference} has no date format: {format}");
        return Number(sheet, reference) is { } serial ? DateOnly.FromDateTime(DateTime.FromOADate((double)serial)) : null;
    }

    public string? Formula(string sheet, string reference) => Cell(sheet, reference)?.CellFormula?.Text;

    /// <summary>The number format code of a cell's style (built-in 3 is "#,##0").</summary>
    public string NumberFormat(string sheet, string reference)
    {
        var cell = Cell(sheet, reference) ?? throw new InvalidOperationException($"No cell {sheet}!{reference}");
        var styles = _document.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
        var format = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));
        var id = format.NumberFormatId?.Value ?? 0;
        if (id == 3) return "#,##0";
        if (id == 0) return "General";
        return styles.NumberingFormats!.Elements<NumberingFormat>().Single(n => n.NumberFormatId!.Value == id).FormatCode!.Value!;
    }

    /// <summary>The row whose first cell reads <paramref name="label"/> (for the summary sheet).</summary>
    public uint RowOf(string sheet, string label) =>
        Part(sheet).Worksheet.Descendants<Row>().First(r => Text(sheet, "A" + r.RowIndex!.Value) == label).RowIndex!.Value;

    public void Dispose()
    {
        _document.Dispose();
        _stream.Dispose();
    }
}
