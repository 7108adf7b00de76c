using System.Net;
using Delegations.Web.Mail;
using Delegations.Web.Reports;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Delegations.Web.Tests.Reports;

/// <summary>
/// The recurring job that compiles the previous month and quarter and mails them to Leadership and the
/// international office, over the seed delegations, with a fake clock, through a real SMTP server.
/// </summary>
public sealed class CompiledReportJobTests : IAsyncLifetime
{
    private SmtpSink _smtp = null!;
    private JobFactory _app = null!;

    private sealed class JobFactory(SmtpSink smtp) : ReportsDemoFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(smtp.Settings)
        {
            ["Demo:Enabled"] = "true",
            ["Jobs:CompiledReportCron"] = "0 6 2 * *",
        };
    }

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        _app = new JobFactory(_smtp);
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private Task<int> RunJobAsync() => _app.WithScope(sp => sp.GetRequiredService<CompiledReportJob>().RunAsync(CancellationToken.None));

    private Task<List<OutboxMessage>> MailsAsync() =>
        _app.Db(db => db.Outbox.AsNoTracking().Where(m => m.Template == CompiledReportJob.Template).OrderBy(m => m.CreatedAt).ThenBy(m => m.ToEmail).ToListAsync());

    [Fact]
    public void The_job_is_registered_with_its_configured_schedule()
    {
        var storage = _app.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == "compiled-report");
        Assert.Equal("0 6 2 * *", job.Cron);
        Assert.Equal(nameof(CompiledReportJob), job.Job.Type.Name);
    }

    [Fact]
    public async Task Each_period_is_compiled_archived_and_mailed_once()
    {
        // The international office reads English; Leadership Vietnamese.
        await _app.Db(db => db.Users.Where(u => u.Email == "intl@demo.local").ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, "en")));

        // 1 September 2025: August (BAST, report missing) and the second quarter (the CAS visit).
        Assert.Equal(2, await RunJobAsync());
        Assert.Equal(0, await RunJobAsync());
        var mails = await MailsAsync();
        Assert.Equal(4, mails.Count);
        Assert.Equal(["intl@demo.local", "intl@demo.local", "leader@demo.local", "leader@demo.local"], mails.Select(m => m.ToEmail).Order());
        var august = Assert.Single(mails, m => m.ToEmail == "leader@demo.local" && m.Subject.Contains("Tháng 8/2025"));
        var augustHtml = WebUtility.HtmlDecode(august.HtmlBody);
        Assert.Contains("Làm việc với Đoàn công tác Hiệp hội Khoa học và Công nghệ Bắc Kinh (BAST)", augustHtml);
        Assert.Contains("Quá hạn, chưa nộp", augustHtml);
        Assert.Equal("bao-cao-tong-hop_2025-08_vi.xlsx", august.AttachmentName);
        var quarter = Assert.Single(mails, m => m.ToEmail == "intl@demo.local" && m.Subject.Contains("Q2 2025"));
        Assert.Contains("Đón tiếp Phó Chủ tịch Viện Hàn lâm Khoa học Trung Quốc", WebUtility.HtmlDecode(quarter.HtmlBody));
        Assert.Contains("Filed", quarter.HtmlBody);
        Assert.Equal("bao-cao-tong-hop_2025-Q2_en.xlsx", quarter.AttachmentName);

        // Delivered by MailKit to the SMTP sink, workbook attached.
        await _app.WithScope(async sp =>
        {
            var delivery = sp.GetRequiredService<MailDelivery>();
            var db = sp.GetRequiredService<Delegations.Web.Infrastructure.DelegationsDbContext>();
            foreach (var m in mails)
                Assert.True(await delivery.DeliverAsync(m.Id), await db.Outbox.Where(o => o.Id == m.Id).Select(o => o.LastError).FirstAsync());
            return 0;
        });
        var received = await WaitForAsync(mails.Select(m => $"{m.Id:N}@delegations").ToList());
        Assert.Equal(4, received.Count);
        var leaderAugust = Assert.Single(received, m => m.To.Mailboxes.Single().Address == "leader@demo.local" && m.Subject?.Contains("Tháng 8/2025") == true);
        Assert.Contains("BAST", leaderAugust.HtmlBody);
        var attachment = Assert.Single(leaderAugust.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("bao-cao-tong-hop_2025-08_vi.xlsx", attachment.FileName);
        using (var content = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(content);
            using var book = new XlsxReader(content.ToArray());
            Assert.Equal("HN-2025-0001", book.Text("Danh sách đoàn", "B2")); // the AFEO conference, 6–8 August
            Assert.Equal("DV-2025-0002", book.Text("Danh sách đoàn", "B3"));
            Assert.Equal("Quá hạn, chưa nộp", book.Text("Danh sách đoàn", "U3"));
            Assert.Equal(new DateOnly(2025, 8, 1), book.Date("Tổng hợp", "B3"));
        }

        // A month later: September (nothing) and the third quarter (AFEO and BAST); August and the second quarter are not sent again.
        _app.Clock.SetUtcNow(ReportsDemoFactory.Hanoi(2025, 10, 1, 7));
        Assert.Equal(2, await RunJobAsync());
        Assert.Equal(0, await RunJobAsync());
        _app.Clock.SetUtcNow(ReportsDemoFactory.Hanoi(2025, 10, 2, 7));
        Assert.Equal(0, await RunJobAsync());
        mails = await MailsAsync();
        Assert.Equal(8, mails.Count);
        Assert.Equal(8, mails.Select(m => m.DedupKey).Distinct().Count());
        Assert.Single(mails, m => m.ToEmail == "leader@demo.local" && m.Subject.Contains("Tháng 9/2025") && m.TextBody.Contains("Không có đoàn nào trong kỳ."));

        // The archive lists each period once, and its files download again.
        using var leader = await _app.As("leader@demo.local");
        var archive = (await leader.Get("/api/reports/compiled/archive")).Expect(HttpStatusCode.OK).Array;
        Assert.Equal(["2025-09-01", "2025-07-01", "2025-08-01", "2025-04-01"], archive.Select(a => a!["from"]!.GetValue<string>()));
        Assert.Equal(["month", "quarter", "month", "quarter"], archive.Select(a => a!["periodKind"]!.GetValue<string>()));
        var q3 = archive[1]!;
        Assert.Equal(("Quý III/2025", 2, 2), (q3["label"]!.GetValue<string>(), q3["delegations"]!.GetValue<int>(), q3["recipients"]!.GetValue<int>()));
        Assert.Equal(6, q3["files"]!.AsArray().Count); // xlsx, html, json × vi, en
        var xlsxUrl = q3["files"]!.AsArray().First(f => f!["format"]!.GetValue<string>() == "xlsx" && f["language"]!.GetValue<string>() == "vi")!["url"]!.GetValue<string>();
        var download = await leader.Http.GetAsync(xlsxUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        using (var again = new XlsxReader(await download.Content.ReadAsByteArrayAsync()))
            Assert.Equal("DV-2025-0002", again.Text("Danh sách đoàn", "B3"));
        var html = await leader.Http.GetAsync($"/api/reports/compiled/archive/{q3["id"]}/html?lang=en");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("Q3 2025", await html.Content.ReadAsStringAsync());
        (await leader.Get($"/api/reports/compiled/archive/{q3["id"]}/pdf")).Expect(HttpStatusCode.NotFound);
        using var head = await _app.As("head@demo.local");
        (await head.Get(xlsxUrl)).Expect(HttpStatusCode.Forbidden);
    }

    private async Task<IReadOnlyList<MimeKit.MimeMessage>> WaitForAsync(IReadOnlyList<string> messageIds)
    {
        // The sink writes each message when the SMTP transaction ends; give the file system a moment.
        for (var i = 0; i < 50; i++)
        {
            var received = _smtp.Received(messageIds);
            if (received.Count >= messageIds.Count) return received;
            await Task.Delay(100);
        }
        return _smtp.Received(messageIds);
    }
}
