using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Demo;
using Delegations.Web.Jobs;
using Delegations.Web.Mail;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Operations;
using Delegations.Web.Tests.Ui;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmtpSink = Delegations.Web.Tests.Reports.SmtpSink;

namespace Delegations.Web.Tests.Jobs;

/// <summary>
/// Mail as it leaves the app: MailKit to a real SMTP server on loopback (aiosmtpd), the server down and back up,
/// the pickup folder of a full seed 001 run in embedded mode; and the Hangfire dashboard's door.
/// </summary>
public sealed class MailDeliveryTests
{
    private const string Evil = "Đoàn <script>alert('xss')</script> thăm Nhật Bản & Hàn Quốc";

    private static async Task<Guid> SubmitAsync(AppFactory app, string? title = null)
    {
        var flow = new Flow(app);
        var input = DemoSeeds.HueUnionJicaKoica();
        if (title is not null) input = input with { Title = title };
        var id = await flow.CreateAsync("submitter@demo.local", input);
        await flow.SubmitAsync("submitter@demo.local", id);
        return Guid.Parse(id);
    }

    /// <summary>A parsed message keeps Content-* headers on its body entity.</summary>
    private static string? Language(MimeMessage m) => m.Headers["Content-Language"] ?? m.Body?.Headers["Content-Language"];

    private static async Task<IReadOnlyList<MimeMessage>> ReceivedAsync(SmtpSink sink, IReadOnlyCollection<Guid> ids)
    {
        var wanted = ids.Select(id => $"{id:N}@delegations").ToList();
        for (var i = 0; i < 50; i++)
        {
            var received = sink.Received(wanted);
            if (received.Count >= wanted.Count) return received;
            await Task.Delay(100);
        }
        return sink.Received(wanted);
    }

    [Fact]
    public async Task A_reminder_reaches_the_SMTP_server_in_the_recipients_language_with_the_user_text_encoded()
    {
        var sink = await SmtpSink.StartAsync();
        await using var _ = sink;
        var app = new ConfiguredAppFactory(new Dictionary<string, string?>(sink.Settings));
        await app.InitializeAsync();
        try
        {
            await app.Db(db => db.Users.Where(u => u.Email == "head@demo.local").ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, "en")));
            var id = await SubmitAsync(app, Evil);
            app.TravelTo(2024, 3, 21, 9, 30);
            Assert.Equal(1, await app.SendRemindersAsync());
            var queued = Assert.Single(await app.MailAsync(TaskReminders.Template, id));
            var delivered = await app.WithScope(sp => sp.GetRequiredService<MailDelivery>().DeliverAsync(queued.Id));
            Assert.True(delivered, await app.Db(db => db.Outbox.Where(m => m.Id == queued.Id).Select(m => m.LastError).FirstAsync()));

            var message = Assert.Single(await ReceivedAsync(sink, [queued.Id]));
            Assert.Equal("head@demo.local", message.To.Mailboxes.Single().Address);
            Assert.Equal("Trần Văn Bình", message.To.Mailboxes.Single().Name);
            Assert.Equal("en", Language(message));
            Assert.Equal("reminder", message.Headers["X-Delegations-Template"]);
            Assert.Matches(@"^\[DR-2024-\d{4}\] Overdue: Head of department review$", message.Subject);
            Assert.Contains($"\"{Evil}\"", message.TextBody); // the plain part is text: nothing to encode
            Assert.Contains("has been overdue since 2024-03-21 09:00", message.TextBody);
            Assert.Contains("Đoàn &lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; thăm Nhật Bản &amp; Hàn Quốc", message.HtmlBody);
            Assert.DoesNotContain("<script", message.HtmlBody);
            var task = await app.TaskAsync(id, "department-head");
            Assert.Contains($"<a href=\"http://delegations.test/tasks/{task.Id}\">", message.HtmlBody);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public async Task With_the_SMTP_server_down_mail_waits_in_the_outbox_with_its_error_and_is_delivered_once_when_it_is_back()
    {
        var port = SmtpSink.FreePort();
        var app = new ConfiguredAppFactory(new Dictionary<string, string?>
        {
            ["Mail:Mode"] = "Smtp", ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None", ["Mail:Smtp:TimeoutSeconds"] = "5",
        });
        await app.InitializeAsync();
        try
        {
            var id = await SubmitAsync(app);
            var queued = Assert.Single(await app.MailAsync("task-assigned", id));

            Assert.Equal(0, await app.DeliverMailAsync());
            var waiting = await app.Db(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == queued.Id));
            Assert.Equal((OutboxStatuses.Pending, 1), (waiting.Status, waiting.Attempts));
            Assert.StartsWith("SocketException:", waiting.LastError);
            Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1), waiting.NextAttemptAt);
            Assert.Equal(0, await app.DeliverMailAsync()); // not due again yet

            await using var sink = await SmtpSink.StartOwnAsync(port);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, await app.DeliverMailAsync());
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(0, await app.DeliverMailAsync());
            Assert.Equal(0, await app.WithScope(async sp => await sp.GetRequiredService<MailDelivery>().DeliverAsync(queued.Id) ? 1 : 0));

            var message = Assert.Single(await ReceivedAsync(sink, [queued.Id]));
            Assert.Equal("head@demo.local", message.To.Mailboxes.Single().Address);
            Assert.Contains("Việc cần xử lý: Trưởng đơn vị duyệt", message.Subject);
            var sent = await app.Db(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == queued.Id));
            Assert.Equal((OutboxStatuses.Sent, 2, null), (sent.Status, sent.Attempts, sent.LastError));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public async Task In_embedded_mode_a_full_seed_001_run_with_a_reminder_and_an_escalation_leaves_its_mail_as_eml_files_in_the_pickup_folder()
    {
        var app = new AppFactory();
        await app.InitializeAsync();
        try
        {
            var flow = new Flow(app);
            var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
            await flow.SubmitAsync("submitter@demo.local", id);

            // The head of department lets the step run late: reminded the day before, then Leadership has it too.
            app.TravelTo(2024, 3, 20, 9);
            await app.SweepAsync();
            app.TravelTo(2024, 3, 25, 9);
            await app.SweepAsync();
            Assert.True(Assert.Single(await flow.InboxTasksAsync("leader@demo.local", id, "department-head"))["escalated"]!.GetValue<bool>());
            await flow.ApproveAsync("leader@demo.local", id, "department-head", "Đồng ý, trình Bộ trưởng (thay Trưởng đơn vị).");
            await flow.ApproveAsync("intl@demo.local", id, "international-office");
            await flow.ApproveAsync("leader@demo.local", id, "leadership", "Đồng ý cử đoàn.");
            await flow.ApproveAsync("finance@demo.local", id, "budget-check", "Phù hợp định mức.", new JsonObject { ["approvedTotalVnd"] = 498_845_000 });
            await flow.CompleteVisasAsync(id);
            app.TravelTo(2024, 4, 27, 8);
            await app.SweepAsync(); // back from China: the report is due
            (await flow.FileReportAsync("submitter@demo.local", id, DemoSeeds.MinisterBeijingShanghaiReport())).Expect(HttpStatusCode.Created);
            Assert.Equal(5, await flow.ReturnPassportsAsync(id)); // official passports handed back
            Assert.Equal("completed", await flow.StatusAsync(id));

            var delivered = await app.DeliverMailAsync();
            var outbox = await app.Db(db => db.Outbox.AsNoTracking().ToListAsync());
            Assert.Equal(outbox.Count, delivered);
            var files = Directory.GetFiles(app.MailDirectory, "*.eml");
            Assert.Equal(outbox.Count, files.Length);
            Assert.Empty(Directory.GetFiles(app.MailDirectory, "*.tmp"));
            var mails = files.Select(f => MimeMessage.Load(f)).ToList();
            Assert.Equal(outbox.Select(m => $"{m.Id:N}@delegations").Order(), mails.Select(m => m.MessageId).Order());
            var templates = mails.Select(m => m.Headers["X-Delegations-Template"]).ToHashSet();
            Assert.All(new[] { "task-assigned", "reminder", "escalation", "approved", "report-due" }, t => Assert.Contains(t, templates));
            var escalation = Assert.Single(mails, m => m.Headers["X-Delegations-Template"] == "escalation");
            Assert.Equal("leader@demo.local", escalation.To.Mailboxes.Single().Address);
            var reminders = mails.Where(m => m.Headers["X-Delegations-Template"] == "reminder" && m.To.Mailboxes.Single().Address == "head@demo.local")
                .OrderBy(m => m.Date).ToList();
            Assert.Equal(2, reminders.Count); // Wednesday's, and Monday's (the latest of those missed over the weekend)
            Assert.Contains("Nhắc việc: Trưởng đơn vị duyệt", reminders[0].Subject);
            Assert.Contains("Quá hạn: Trưởng đơn vị duyệt", reminders[1].Subject);
            Assert.Equal("vi", Language(reminders[0]));
            Assert.Contains(mails, m => m.Headers["X-Delegations-Template"] == "approved" && m.To.Mailboxes.Single().Address == "submitter@demo.local");
            Assert.All(mails, m => Assert.Equal("delegations@demo.local", m.From.Mailboxes.Single().Address));
            Assert.Equal(0, await app.DeliverMailAsync());
            Assert.Equal(files.Length, Directory.GetFiles(app.MailDirectory, "*.eml").Length);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public async Task The_Hangfire_dashboard_at_jobs_is_for_admins_only_and_lists_the_recurring_jobs()
    {
        var app = new AppFactory();
        await app.InitializeAsync();
        try
        {
            using (var anonymous = PageClient.Anonymous(app))
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/jobs")).StatusCode);
            using (var submitter = await PageClient.SignInAsync(app, "submitter@demo.local"))
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await submitter.Http.GetAsync("/jobs")).StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, (await submitter.Http.GetAsync("/jobs/recurring")).StatusCode);
            }
            using (var bearer = await app.As("leader@demo.local"))
                Assert.Equal(HttpStatusCode.Forbidden, (await bearer.Http.GetAsync("/jobs")).StatusCode);

            using var admin = await PageClient.SignInAsync(app, "admin@demo.local");
            var dashboard = await admin.Http.GetAsync("/jobs");
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
            Assert.Contains("Delegations — jobs", await dashboard.Content.ReadAsStringAsync());
            var recurring = await (await admin.Http.GetAsync("/jobs/recurring")).Content.ReadAsStringAsync();
            Assert.All(new[] { "workflow-sweep", "mail-delivery", "compiled-report", "daily-digest" }, job => Assert.Contains(job, recurring));

            // The role is read from the database: taken away, the same cookie opens nothing.
            await app.WithScope(async sp =>
            {
                var users = sp.GetRequiredService<UserManager<AppUser>>();
                var user = (await users.FindByEmailAsync("admin@demo.local"))!;
                return (await users.RemoveFromRoleAsync(user, Roles.Admin)).Succeeded ? 0 : throw new InvalidOperationException();
            });
            Assert.Equal(HttpStatusCode.Forbidden, (await admin.Http.GetAsync("/jobs")).StatusCode);

            using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
            var jobs = connection.GetRecurringJobs();
            var digest = Assert.Single(jobs, j => j.Id == "daily-digest");
            Assert.Equal(("30 7 * * *", nameof(DailyDigest)), (digest.Cron, digest.Job.Type.Name));
            Assert.Equal(Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime.Id, digest.TimeZoneId);
            Assert.Equal(nameof(Sweeps), Assert.Single(jobs, j => j.Id == "workflow-sweep").Job.Type.Name);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
