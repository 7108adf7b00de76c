using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Mail;
using Delegations.Web.Proposals;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Reports;
using Delegations.Web.Tests.Ui;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Delegations.Web.Tests.Security;

/// <summary>
/// IDOR probes on the demo data (the five seed delegations at their historical dates): people of other departments ask
/// for the minister's Beijing trip (Văn phòng Bộ), its tasks, report, attachments, follow-ups, exports and the compiled
/// report by guessing or reusing ids. Nothing is revealed: 404 for records, 403 for the department-bound report.
/// </summary>
public sealed class IdorProbeTests(ReportsDemoFactory app) : IClassFixture<ReportsDemoFactory>
{
    [Fact]
    public async Task Other_departments_learn_nothing_about_the_ministers_trip_by_its_ids()
    {
        var trip = await app.Db(db => db.Proposals.Where(p => p.Title.StartsWith("Đoàn công tác của Bộ KH&CN thăm")).Select(p => p.Id).FirstAsync());
        var tasks = await app.Db(db => db.Tasks.Where(t => t.ProposalId == trip).Select(t => t.Id).ToListAsync());
        var followUp = await app.Db(db => db.FollowUps.Where(f => f.ProposalId == trip).Select(f => f.Id).FirstAsync());
        var instance = await app.Db(db => db.Proposals.Where(p => p.Id == trip).Select(p => p.WorkflowInstanceId!.Value).FirstAsync());

        // The author attaches the signed MoU, so there is a real file id to probe.
        using var author = await app.As("submitter@demo.local");
        var form = new MultipartFormDataContent();
        var pdf = new ByteArrayContent("%PDF-1.4\n% Biên bản ghi nhớ\n%%EOF"u8.ToArray());
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(pdf, "file", "mou.pdf");
        form.Add(new StringContent("agreement"), "kind");
        var uploaded = await author.Http.PostAsync($"/api/proposals/{trip}/report/attachments", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var file = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await author.Http.GetAsync($"/api/proposals/{trip}/report/attachments/{file}")).StatusCode);

        foreach (var email in new[] { "submitter2@demo.local", "head2@demo.local", "submitter.hue@demo.local", "head.vusta@demo.local" })
        {
            using var api = await app.As(email);
            foreach (var url in new[]
            {
                $"/api/proposals/{trip}", $"/api/proposals/{trip}/report", $"/api/proposals/{trip}/report/draft",
                $"/api/proposals/{trip}/report/attachments", $"/api/proposals/{trip}/report/attachments/{file}",
            })
                (await api.Get(url)).Expect(HttpStatusCode.NotFound);
            foreach (var task in tasks)
            {
                (await api.Get($"/api/tasks/{task}")).Expect(HttpStatusCode.NotFound);
                (await api.Post($"/api/tasks/{task}/complete", new { outcome = "approve" })).Expect(HttpStatusCode.NotFound);
                (await api.Post($"/api/tasks/{task}/reassign", new { email, reason = "x" })).Expect(HttpStatusCode.NotFound);
            }
            (await api.Send(HttpMethod.Delete, $"/api/proposals/{trip}/report/attachments/{file}", null)).Expect(HttpStatusCode.NotFound);
            (await api.Post($"/api/follow-ups/{followUp}/done", new { note = "xong" })).Expect(HttpStatusCode.NotFound);
            (await api.Post($"/api/proposals/{trip}/report/follow-ups", new { action = "x", owner = "y", due = "2026-01-01" })).Expect(HttpStatusCode.NotFound);
            (await api.Put($"/api/proposals/{trip}", DemoSeeds.MinisterBeijingShanghai())).Expect(HttpStatusCode.NotFound);
            (await api.Post($"/api/proposals/{trip}/cancel", new { reason = "x" })).Expect(HttpStatusCode.NotFound);
            (await api.Post($"/api/admin/instances/{instance}/cancel", new { reason = "x" })).Expect(HttpStatusCode.Forbidden);
            // Lists and searches leave it out.
            Assert.Empty((await api.Get($"/api/follow-ups?status=all&proposalId={trip}")).Expect(HttpStatusCode.OK).Object["items"]!.AsArray());
            Assert.Equal(0, (await api.Get("/api/proposals?q=huynh thanh dat")).Expect(HttpStatusCode.OK).Object["total"]!.GetValue<int>());
            // The compiled report of that department, and its exports, are not theirs.
            foreach (var format in new[] { "json", "xlsx", "html" })
                (await api.Get($"/api/reports/compiled?department=MOST-VP&from=2024-01-01&to=2024-12-31&format={format}")).Expect(HttpStatusCode.Forbidden);
            (await api.Get($"/api/admin/workflows/outbound-delegation/versions/1/export")).Expect(HttpStatusCode.Forbidden);
            (await api.Get("/api/reports/compiled/archive")).Expect(HttpStatusCode.Forbidden);

            using var pages = await PageClient.SignInAsync(app, email);
            foreach (var url in new[] { $"/proposals/{trip}", $"/proposals/{trip}/edit", $"/proposals/{trip}/report", $"/tasks/{tasks[0]}", $"/tasks/{tasks[0]}/reassign" })
            {
                var page = await pages.GetAsync(url);
                page.Expect(HttpStatusCode.Forbidden);
                Assert.DoesNotContain("Huỳnh Thành Đạt", page.Text);
            }
            Assert.DoesNotContain("Huỳnh Thành Đạt", (await pages.GetAsync("/calendar?month=2024-04")).Text);
        }
        // The file is still there for those who may read the proposal.
        Assert.Equal(HttpStatusCode.OK, (await author.Http.GetAsync($"/api/proposals/{trip}/report/attachments/{file}")).StatusCode);
    }

    [Fact]
    public async Task A_department_head_gets_their_own_compiled_report_and_not_anothers()
    {
        using var vusta = await app.As("head.vusta@demo.local");
        (await vusta.Get("/api/reports/compiled?department=VUSTA-KHHTQT&from=2025-01-01&to=2025-12-31")).Expect(HttpStatusCode.OK);
        (await vusta.Get("/api/reports/compiled?department=HUE-USTA&from=2024-01-01&to=2024-12-31")).Expect(HttpStatusCode.Forbidden);
        using var submitter = await app.As("submitter.vusta@demo.local");
        (await submitter.Get("/api/reports/compiled?department=VUSTA-KHHTQT&from=2025-01-01&to=2025-12-31")).Expect(HttpStatusCode.Forbidden);
    }
}

/// <summary>Every log message, exception and structured value the app writes, kept for the test to read.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            sink.Lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            sink.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}

/// <summary>The app with every category logged at Trace into <see cref="CapturedLogs"/> (EF Core's SQL included).</summary>
public sealed class LoggedAppFactory : AppFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        });
    }
}

/// <summary>
/// Passport numbers and dates of birth: only the author, visa officers and admins see them; no other role gets them in
/// any response (API, pages, compiled report), and they are in no mail and no log line.
/// </summary>
public sealed class PassportTests : IAsyncLifetime
{
    private readonly LoggedAppFactory _app = new();
    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Passport_numbers_reach_only_the_author_visa_officers_and_admins_and_never_mail_or_logs()
    {
        var flow = new Flow(_app);
        var seed = DemoSeeds.MinisterBeijingShanghai();
        var input = seed with { Members = seed.Members!.Select((m, i) => m! with { DateOfBirth = $"196{i}-0{i + 1}-1{i}" }).ToList<MemberInput?>() };
        var secrets = input.Members!.SelectMany(m => new[] { m!.PassportNumber!, m.DateOfBirth! }).ToList();
        var id = await flow.CreateAsync("submitter@demo.local", input);
        using (var author = await _app.As("submitter@demo.local"))
        {
            // Invalid input carrying a passport number, and a body of the wrong type: refused, and logged without it.
            var tooLong = input with { Members = [input.Members![0]! with { PassportNumber = "D1234567" + new string('9', 30) }] };
            (await author.Put($"/api/proposals/{id}", tooLong)).Expect(HttpStatusCode.BadRequest);
            (await author.Put($"/api/proposals/{id}", """{"members":[{"passportNumber":{"D1234567":true}}]}""")).Expect(HttpStatusCode.BadRequest);
        }
        await flow.SubmitAsync("submitter@demo.local", id);
        await flow.ApproveAsync("head@demo.local", id, "department-head");
        await flow.ApproveAsync("intl@demo.local", id, "international-office");
        await flow.ApproveAsync("leader@demo.local", id, "leadership");
        await flow.ApproveAsync("finance@demo.local", id, "budget-check", data: new JsonObject { ["approvedTotalVnd"] = 498_845_000 });
        var visaTask = (await flow.InboxTasksAsync("visa@demo.local", id, "visas")).First()["id"]!.GetValue<string>();
        await _app.WithScope(sp => sp.GetRequiredService<MailDelivery>().DeliverDueAsync());

        // Those who may see them do.
        foreach (var email in new[] { "submitter@demo.local", "visa@demo.local", "admin@demo.local" })
        {
            using var api = await _app.As(email);
            var text = (await api.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.OK).Text;
            Assert.All(secrets, s => Assert.Contains(s, text));
        }
        using (var visaPages = await PageClient.SignInAsync(_app, "visa@demo.local"))
            Assert.Contains("D1234567", (await visaPages.GetAsync($"/tasks/{visaTask}")).Text);

        // Nobody else, in anything they can ask for.
        foreach (var email in new[] { "head@demo.local", "intl@demo.local", "finance@demo.local", "leader@demo.local", "security@demo.local", "submitter2@demo.local", "head2@demo.local" })
        {
            using var api = await _app.As(email);
            using var pages = await PageClient.SignInAsync(_app, email);
            var bodies = new List<string>();
            foreach (var url in new[]
            {
                $"/api/proposals/{id}", "/api/proposals?q=huynh", "/api/tasks", $"/api/tasks/{visaTask}", $"/api/proposals/{id}/report/draft",
                "/api/reports/compiled?from=2024-01-01&to=2024-12-31", "/api/reports/compiled?from=2024-01-01&to=2024-12-31&format=html", "/api/follow-ups?status=all",
            })
                bodies.Add((await api.Get(url)).Text);
            foreach (var url in new[] { $"/proposals/{id}", "/proposals", "/inbox", $"/tasks/{visaTask}", "/calendar?month=2024-04", $"/proposals/{id}/report" })
                bodies.Add(await (await pages.Http.GetAsync(url)).Content.ReadAsStringAsync());
            foreach (var body in bodies)
                Assert.All(secrets, s => Assert.DoesNotContain(s, body));
        }

        // Not in mail (outbox or the delivered .eml files) and not in any log line.
        var mail = await _app.Db(db => db.Outbox.Select(m => m.Subject + m.TextBody + m.HtmlBody).ToListAsync());
        Assert.NotEmpty(mail);
        mail.AddRange(Directory.GetFiles(_app.MailDirectory, "*.eml").Select(File.ReadAllText));
        Assert.All(mail, m => Assert.All(secrets, s => Assert.DoesNotContain(s, m)));
        var logs = _app.Logs.Lines.ToList();
        Assert.Contains(logs, l => l.Contains("Microsoft.EntityFrameworkCore.Database.Command")); // the SQL was logged, at Trace
        Assert.Contains(logs, l => l.Contains("Refused PUT")); // so were the refusals
        Assert.All(logs, l => Assert.All(secrets, s => Assert.DoesNotContain(s, l)));
    }
}

/// <summary>A script in every text field of a proposal, and in an approver's comment: shown as text on every page and in mail.</summary>
public sealed class XssTests : AppTests
{
    private static string Payload(string field) => $"<script>alert('{field}')</script><img src=x onerror=alert('{field}')>";

    [Fact]
    public async Task Markup_in_every_text_field_is_encoded_on_the_pages_and_in_the_mail()
    {
        var fields = new[] { "title", "purpose", "city", "organisation", "contact", "contactTitle", "member", "memberTitle", "memberOrg", "activity", "agendaCounterpart", "line", "invitation" };
        var input = DemoSeeds.MinisterBeijingShanghai() with
        {
            Title = "Đoàn " + Payload("title"),
            Purpose = Payload("purpose"),
            Destinations = [new("CN", Payload("city"))],
            Counterparts = [new(Payload("organisation"), "CN", Payload("contact"), Payload("contactTitle"))],
            Members = [new MemberInput { FullName = Payload("member"), Title = Payload("memberTitle"), Organisation = Payload("memberOrg"), Role = "head", Grade = "officer", Nationality = "VN" }],
            Agenda = [new("2024-04-22", Payload("activity"), Payload("agendaCounterpart"))],
            Budget = new("state-budget", [new BudgetLineInput { Category = "other", Description = Payload("line"), Amount = 1_000_000 }]),
            Invitation = new(Payload("invitation"), "2024-03-01"),
        };
        var id = await Flow.CreateAsync("submitter@demo.local", input);
        await Flow.SubmitAsync("submitter@demo.local", id);
        (await Flow.ActAsync("head@demo.local", id, "department-head", "changes", "Sửa lại: " + Payload("comment"))).Expect(HttpStatusCode.OK);
        using (var author = await PageClient.SignInAsync(App, "submitter@demo.local"))
        {
            // Sent back for changes: the edit form carries every field back as a value, never as markup.
            var edit = (await author.GetAsync($"/proposals/{id}/edit")).Expect(HttpStatusCode.OK);
            Assert.DoesNotContain("<script>alert", await (await author.Http.GetAsync($"/proposals/{id}/edit")).Content.ReadAsStringAsync());
            Assert.Equal("Đoàn " + Payload("title"), edit.One("#title")!.GetAttribute("value"));
            Assert.Equal(Payload("member"), edit.One("#members-0-fullName")!.GetAttribute("value"));
            Assert.Equal(Payload("purpose"), edit.One("#purpose")!.TextContent);
        }
        await Flow.SubmitAsync("submitter@demo.local", id);
        var task = (await Flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();

        using var submitter = await PageClient.SignInAsync(App, "submitter@demo.local");
        using var head = await PageClient.SignInAsync(App, "head@demo.local");
        foreach (var (client, url, expected) in new[]
        {
            (submitter, $"/proposals/{id}", fields.Append("comment").ToArray()), (submitter, "/proposals", ["title"]),
            (head, "/inbox", ["title"]), (head, $"/tasks/{task}", ["title", "purpose", "member", "memberTitle", "comment"]), (submitter, "/calendar?month=2024-04", ["title"]),
        })
        {
            var page = (await client.GetAsync(url)).Expect(HttpStatusCode.OK);
            var raw = await (await client.Http.GetAsync(url)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>alert", raw);
            Assert.DoesNotContain(page.All("script"), s => s.TextContent.Contains("alert", StringComparison.Ordinal));
            Assert.Empty(page.All("img[onerror]"));
            foreach (var field in expected) Assert.Contains(Payload(field), page.Text + string.Join("", page.All("input, textarea").Select(i => i.GetAttribute("value") ?? i.TextContent)));
        }
        // Mail: the task-assigned mail (the title) and the changes-requested mail (the comment), as delivered.
        var delivered = await App.WithScope(sp => sp.GetRequiredService<MailDelivery>().DeliverDueAsync());
        Assert.True(delivered >= 3);
        var messages = Directory.GetFiles(App.MailDirectory, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        var changes = messages.Single(m => (m.HtmlBody ?? "").Contains("Sửa lại"));
        // Encoded, whichever encoder writes it: the markup characters are entities, and decoding gives the payload back.
        Assert.Contains("&lt;script&gt;alert(", changes.HtmlBody);
        Assert.Contains(Payload("comment"), System.Net.WebUtility.HtmlDecode(changes.HtmlBody));
        Assert.Contains(Payload("comment"), changes.TextBody);
        foreach (var message in messages)
        {
            Assert.DoesNotContain("<script", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\n", message.Subject);
        }
        Assert.Contains(messages, m => (m.HtmlBody ?? "").Contains("&lt;script&gt;alert(") && System.Net.WebUtility.HtmlDecode(m.HtmlBody!).Contains(Payload("title")));
    }
}
