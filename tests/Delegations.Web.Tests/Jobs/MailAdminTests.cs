using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Jobs;
using Delegations.Web.Mail;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Operations;
using Delegations.Web.Tests.Ui;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Delegations.Web.Tests.Jobs;

/// <summary>
/// Admins edit the mail templates (Liquid checked, previewed against a real proposal, reset) and look after the
/// outbox (failing mail with its error, resend), through the API and the pages; everyone else is refused; every
/// admin action is audited. On a real SQLite file, with mail to a pickup folder.
/// </summary>
public sealed class MailAdminTests : IAsyncLifetime
{
    private const string Evil = "Đoàn <script>alert('xss')</script> & <b onmouseover=alert(1)>Nhật Bản</b>";

    // The pickup folder is a file at first, so delivery fails (an IOException kept as the error) until it is removed.
    private readonly ConfiguredAppFactory _app = new(new Dictionary<string, string?> { ["Mail:MaxAttempts"] = "2" });
    private Flow Flow => new(_app);

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    private async Task<Guid> SubmitAsync(string? title = null)
    {
        var input = DemoSeeds.HueUnionJicaKoica();
        if (title is not null) input = input with { Title = title };
        var id = await Flow.CreateAsync("submitter@demo.local", input);
        await Flow.SubmitAsync("submitter@demo.local", id);
        return Guid.Parse(id);
    }

    [Fact]
    public async Task The_mail_admin_API_is_for_admins_only()
    {
        var id = (await _app.Db(db => db.Outbox.Select(m => m.Id).FirstOrDefaultAsync()));
        using var anonymous = _app.Anonymous();
        (await anonymous.Get("/api/admin/mail/templates")).Expect(HttpStatusCode.Unauthorized);
        foreach (var email in new[] { "submitter@demo.local", "head@demo.local", "leader@demo.local", "intl@demo.local" })
        {
            using var api = await _app.As(email);
            (await api.Get("/api/admin/mail/templates")).Expect(HttpStatusCode.Forbidden);
            (await api.Get("/api/admin/mail/templates/reminder/vi")).Expect(HttpStatusCode.Forbidden);
            (await api.Put("/api/admin/mail/templates/reminder/vi", new { subject = "x", text = "x", html = "x" })).Expect(HttpStatusCode.Forbidden);
            (await api.Post("/api/admin/mail/templates/reminder/vi/preview", new { })).Expect(HttpStatusCode.Forbidden);
            (await api.Get("/api/admin/mail/outbox")).Expect(HttpStatusCode.Forbidden);
            (await api.Post($"/api/admin/mail/outbox/{id}/resend")).Expect(HttpStatusCode.Forbidden);
        }
        Assert.False(await _app.Db(db => db.Set<MailTemplateRecord>().AnyAsync()));
    }

    [Fact]
    public async Task An_admin_edits_a_template_the_Liquid_is_checked_the_next_reminder_uses_it_and_reset_brings_the_default_back()
    {
        using var admin = await _app.As("admin@demo.local");
        var list = (await admin.Get("/api/admin/mail/templates")).Expect(HttpStatusCode.OK).Array.Select(t => t!.AsObject()).ToList();
        var expected = new[] { "approved", "changes-requested", "daily-digest", "escalation", "follow-up-due", "rejected", "reminder", "report-due", "report-overdue", "task-assigned" };
        Assert.All(expected, name => Assert.Equal(2, list.Count(t => t["name"]!.GetValue<string>() == name)));
        Assert.All(list, t => Assert.False(t["edited"]!.GetValue<bool>()));
        (await admin.Get("/api/admin/mail/templates/reminder/fr")).Expect(HttpStatusCode.NotFound);
        (await admin.Get("/api/admin/mail/templates/no-such-mail/vi")).Expect(HttpStatusCode.NotFound);

        // Broken Liquid: each part named, nothing saved.
        var bad = (await admin.Put("/api/admin/mail/templates/reminder/vi", new
        {
            subject = "  ",
            text = "Kính gửi {{ recipient.name }} {% if reminder.overdue %}quá hạn",
            html = "<p>{{ task.title | no_such_filter }}</p>",
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["html", "subject", "text"], bad.Errors.Keys.Order());
        Assert.Contains("Not valid Liquid", bad.Errors["text"][0]);
        Assert.Equal("Not valid Liquid: there is no filter 'no_such_filter'.", bad.Errors["html"][0]);
        Assert.False((await admin.Get("/api/admin/mail/templates/reminder/vi")).Object["edited"]!.GetValue<bool>());

        var saved = (await admin.Put("/api/admin/mail/templates/reminder/vi", new
        {
            subject = "[{{ proposal.referenceNumber }}] Xin nhắc Anh/Chị: {{ task.title }}",
            text = "Kính gửi {{ recipient.name }},\n\nViệc {{ task.title }} hạn {{ task.due }}.\n{{ task.link }}",
            html = "<p>Kính gửi {{ recipient.name }},</p><p><a href=\"{{ task.link }}\">{{ task.title }}</a> hạn {{ task.due }}.</p>",
        })).Expect(HttpStatusCode.OK);
        Assert.True(saved.Object["edited"]!.GetValue<bool>());
        Assert.Equal("Đặng Minh Quân", saved["updatedBy"]);
        Assert.Contains("Nhắc việc", saved.Object["default"]!["subject"]!.GetValue<string>());

        var id = await SubmitAsync();
        _app.TravelTo(2024, 3, 20);
        Assert.Equal(1, await _app.SendRemindersAsync());
        var mail = Assert.Single(await _app.MailAsync(TaskReminders.Template, id));
        Assert.Matches(@"^\[DR-2024-\d{4}\] Xin nhắc Anh/Chị: Trưởng đơn vị duyệt$", mail.Subject);
        Assert.Contains("hạn 21/03/2024 09:00", mail.TextBody);

        using (var later = await _app.As("admin@demo.local")) // two days on: a fresh token
            (await later.Send(HttpMethod.Delete, "/api/admin/mail/templates/reminder/vi", null)).Expect(HttpStatusCode.OK);
        _app.TravelTo(2024, 3, 21);
        Assert.Equal(1, await _app.SendRemindersAsync());
        Assert.Contains("Quá hạn: Trưởng đơn vị duyệt", (await _app.MailAsync(TaskReminders.Template, id)).Last().Subject);

        var audit = await _app.Db(db => db.Set<AuditEntry>().Where(a => a.Kind == AuditKinds.AdminAction).OrderBy(a => a.Id).Select(a => new { a.ActorName, a.Subject, a.Detail }).ToListAsync());
        Assert.Equal([("Đặng Minh Quân", "mail template reminder.vi", "saved"), ("Đặng Minh Quân", "mail template reminder.vi", "reset to the default")],
            audit.Select(a => (a.ActorName, a.Subject, a.Detail)));
    }

    [Fact]
    public async Task The_preview_renders_what_is_typed_against_a_real_proposal_with_its_user_text_encoded()
    {
        var id = await SubmitAsync(Evil);
        using var admin = await _app.As("admin@demo.local");
        var preview = (await admin.Post("/api/admin/mail/templates/escalation/en/preview", new { proposalId = id })).Expect(HttpStatusCode.OK);
        Assert.Equal($"[{preview["referenceNumber"]}] Overdue task escalated to you: Head of department review", preview["subject"]);
        Assert.Contains(Evil, preview["text"]); // plain text stays text
        Assert.Contains("Dear Đặng Minh Quân,", preview["text"]);
        Assert.Contains("http://delegations.test/tasks/", preview["text"]);
        var html = preview["html"];
        Assert.Contains("Đoàn &lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; &amp; &lt;b onmouseover=alert(1)&gt;Nhật Bản&lt;/b&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b ", html);

        var typed = (await admin.Post("/api/admin/mail/templates/reminder/vi/preview", new { proposalId = id, subject = "{{ proposal.title }}", html = "<h1>{{ proposal.title }}</h1>" })).Expect(HttpStatusCode.OK);
        Assert.Equal(Evil, typed["subject"]);
        Assert.StartsWith("<h1>Đoàn &lt;script&gt;", typed["html"]);
        var broken = (await admin.Post("/api/admin/mail/templates/reminder/vi/preview", new { proposalId = id, html = "{% for t in digest.tasks %}" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["html"], broken.Errors.Keys);
        (await admin.Post("/api/admin/mail/templates/reminder/vi/preview", new { proposalId = Guid.NewGuid() })).Expect(HttpStatusCode.BadRequest);

        // The page: the preview with the picked proposal, the HTML part in a sandboxed frame, no inline script or style.
        using var client = await PageClient.SignInAsync(_app, "admin@demo.local");
        var page = (await client.GetAsync($"/admin/mail/templates/reminder/vi?proposalId={id}")).Expect(HttpStatusCode.OK);
        Assert.Equal($"[{preview["referenceNumber"]}] Nhắc việc: Trưởng đơn vị duyệt", page.One("[data-testid=preview-subject]")!.TextContent);
        Assert.Contains(Evil, page.One("[data-testid=preview-text]")!.TextContent);
        var frame = page.One("iframe[data-testid=preview-html]")!;
        Assert.Equal("", frame.GetAttribute("sandbox"));
        Assert.Contains("&lt;script&gt;", frame.GetAttribute("srcdoc"));
        Assert.DoesNotContain("<script", frame.GetAttribute("srcdoc"));
        Assert.Equal(id.ToString(), page.One("#proposal option[selected]")!.GetAttribute("value"));
        Assert.Empty(page.All("[style]"));
        Assert.All(page.All("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src"))));
        Assert.Single(page.All("h1"));

        // Preview what is typed (nothing saved), then a broken save, then a good one.
        var previewed = await client.SubmitAsync(page, "[data-testid=template-form]", new() { ["Subject"] = "Thử: {{ task.title }}" }, "[data-testid=preview]");
        Assert.Equal("Thử: Trưởng đơn vị duyệt", previewed.Expect(HttpStatusCode.OK).One("[data-testid=preview-subject]")!.TextContent);
        Assert.False(await _app.Db(db => db.Set<MailTemplateRecord>().AnyAsync()));
        var refused = await client.SubmitAsync(page, "[data-testid=template-form]", new() { ["Html"] = "<p>{% if task.title %}</p>" }, "[data-testid=save]");
        refused.Expect(HttpStatusCode.OK);
        Assert.Contains("Không đúng cú pháp Liquid", refused.One("#html-error")!.TextContent);
        Assert.Contains("is-invalid", refused.One("#html")!.ClassName);
        Assert.Equal("<p>{% if task.title %}</p>", refused.One("#html")!.TextContent); // what was typed is kept
        Assert.False(await _app.Db(db => db.Set<MailTemplateRecord>().AnyAsync()));
        var ok = await client.SubmitAsync(page, "[data-testid=template-form]", new() { ["Subject"] = "Nhắc: {{ task.title }}" }, "[data-testid=save]");
        Assert.Equal(HttpStatusCode.Redirect, ok.Status);
        var after = await client.FollowAsync(ok);
        Assert.Contains("Đã lưu mẫu", after.One("[data-testid=flash]")!.TextContent);
        Assert.Contains("Đã sửa bởi Đặng Minh Quân", after.One("[data-testid=state]")!.TextContent);
        var list = (await client.GetAsync("/admin/mail/templates")).Expect(HttpStatusCode.OK);
        Assert.NotNull(list.One("tr[data-template=reminder] td[data-language=vi] [data-testid=edited]"));
        Assert.Null(list.One("tr[data-template=reminder] td[data-language=en] [data-testid=edited]"));
        Assert.Equal("Nhắc việc", list.One("tr[data-template=reminder] .fw-semibold")!.TextContent);
        var reset = await client.SubmitAsync(after, "[data-testid=reset-form]", new());
        Assert.Equal(HttpStatusCode.Redirect, reset.Status);
        Assert.False(await _app.Db(db => db.Set<MailTemplateRecord>().AnyAsync()));

        // Without the anti-forgery token: refused, nothing saved.
        var forged = await client.PostAsync("/admin/mail/templates/reminder/vi?handler=Save", [new("Subject", "x"), new("Text", "x"), new("Html", "x")]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.False(await _app.Db(db => db.Set<MailTemplateRecord>().AnyAsync()));
    }

    [Fact]
    public async Task Every_shipped_template_is_valid_Liquid_and_renders_in_both_languages_with_a_link_back()
    {
        var id = await SubmitAsync();
        using var admin = await _app.As("admin@demo.local");
        foreach (var name in MailTemplateStore.Names)
        {
            foreach (var language in MailTemplateStore.Languages)
            {
                var stored = (await admin.Get($"/api/admin/mail/templates/{name}/{language}")).Expect(HttpStatusCode.OK);
                var preview = (await admin.Post($"/api/admin/mail/templates/{name}/{language}/preview", new { proposalId = id })).Expect(HttpStatusCode.OK);
                Assert.False(string.IsNullOrWhiteSpace(preview["subject"]), $"{name}.{language}");
                Assert.Contains("http://delegations.test/", preview["text"]);
                Assert.Contains("<a href=\"http://delegations.test/", preview["html"]);
                Assert.Contains(language == "en" ? "Dear Đặng Minh Quân" : "Kính gửi Đặng Minh Quân", preview["text"]);
                var errors = await _app.WithScope(sp => Task.FromResult(sp.GetRequiredService<MailAdmin>()
                    .Validate(new MailAdmin.TemplateInput(stored["subject"], stored["text"], stored["html"])).ToDictionary()));
                Assert.True(errors.Count == 0, $"{name}.{language}: {string.Join("; ", errors.SelectMany(e => e.Value))}");
            }
        }
    }

    [Fact]
    public async Task The_mail_pages_are_refused_to_everyone_but_admins()
    {
        using var head = await PageClient.SignInAsync(_app, "head@demo.local");
        foreach (var url in new[] { "/admin/mail/templates", "/admin/mail/templates/reminder/vi", "/admin/mail/outbox" })
        {
            var page = await head.GetAsync(url);
            Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        }
        using var anonymous = PageClient.Anonymous(_app);
        var login = await anonymous.GetAsync("/admin/mail/outbox");
        Assert.Equal(HttpStatusCode.Redirect, login.Status);
        Assert.StartsWith("/account/login", new Uri(new Uri("http://localhost"), login.Location).PathAndQuery);
        using var admin = await PageClient.SignInAsync(_app, "admin@demo.local");
        (await admin.GetAsync("/admin/mail/templates/no-such-mail/vi")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Failing_mail_stays_in_the_outbox_with_its_error_and_the_admins_resend_delivers_it_once()
    {
        // The pickup folder cannot be made while a file sits where it should be: every delivery fails with an IOException.
        await File.WriteAllTextAsync(_app.MailDirectory, "not a folder");
        var id = await SubmitAsync();
        var queued = Assert.Single(await _app.MailAsync("task-assigned", id));
        Assert.Equal(0, await _app.DeliverMailAsync());
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await _app.DeliverMailAsync()); // the second and last attempt (Mail:MaxAttempts = 2)
        var failed = await _app.Db(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == queued.Id));
        Assert.Equal((OutboxStatuses.Failed, 2), (failed.Status, failed.Attempts));
        Assert.StartsWith("IOException:", failed.LastError);
        _app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _app.DeliverMailAsync()); // failed mail is not retried on its own

        using var api = await _app.As("admin@demo.local");
        var problems = (await api.Get("/api/admin/mail/outbox")).Expect(HttpStatusCode.OK).Object;
        var item = Assert.Single(problems["items"]!.AsArray())!;
        Assert.Equal((queued.Id.ToString(), "failed", "head@demo.local"), (item["id"]!.GetValue<string>(), item["status"]!.GetValue<string>(), item["toEmail"]!.GetValue<string>()));
        Assert.StartsWith("IOException:", item["lastError"]!.GetValue<string>());
        Assert.Equal(1, problems["counts"]!["failed"]!.GetValue<int>());
        (await api.Get("/api/admin/mail/outbox?status=bogus")).Expect(HttpStatusCode.BadRequest);
        var detail = (await api.Get($"/api/admin/mail/outbox/{queued.Id}")).Expect(HttpStatusCode.OK);
        Assert.Contains("Trưởng đơn vị duyệt", detail["textBody"]);

        // The page lists it with its error; resending while the folder is still blocked keeps it, with the error.
        using var client = await PageClient.SignInAsync(_app, "admin@demo.local");
        var page = (await client.GetAsync("/admin/mail/outbox")).Expect(HttpStatusCode.OK);
        Assert.Empty(page.All("[style], style"));
        Assert.All(page.All("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src"))));
        Assert.Single(page.All("h1"));
        var row = page.One($"tr[data-id='{queued.Id}']")!;
        Assert.Equal("failed", row.GetAttribute("data-status"));
        Assert.StartsWith("IOException:", row.QuerySelector("[data-testid=error]")!.TextContent);
        var again = await client.FollowAsync(await client.SubmitAsync(page, $"tr[data-id='{queued.Id}'] form", new()));
        Assert.Contains("Chưa gửi được tới head@demo.local", again.One("[data-testid=flash]")!.TextContent);
        Assert.Equal((OutboxStatuses.Pending, 1), await _app.Db(db => db.Outbox.Where(m => m.Id == queued.Id).Select(m => ValueTuple.Create(m.Status, m.Attempts)).SingleAsync()));

        // Unblocked: the resend delivers it, once; resending a delivered message is refused.
        File.Delete(_app.MailDirectory);
        var sent = await client.FollowAsync(await client.SubmitAsync(again, $"tr[data-id='{queued.Id}'] form", new()));
        Assert.Contains("Đã gửi tới head@demo.local", sent.One("[data-testid=flash]")!.TextContent);
        Assert.Equal([$"{queued.Id:N}.eml"], Directory.GetFiles(_app.MailDirectory).Select(Path.GetFileName));
        Assert.Equal(OutboxStatuses.Sent, await _app.Db(db => db.Outbox.Where(m => m.Id == queued.Id).Select(m => m.Status).SingleAsync()));
        (await api.Post($"/api/admin/mail/outbox/{queued.Id}/resend")).Expect(HttpStatusCode.Conflict);
        (await api.Post($"/api/admin/mail/outbox/{Guid.NewGuid()}/resend")).Expect(HttpStatusCode.NotFound);
        Assert.Equal(0, await _app.DeliverMailAsync());
        Assert.Single(Directory.GetFiles(_app.MailDirectory));

        var audit = await _app.Db(db => db.Set<AuditEntry>().Where(a => a.Kind == AuditKinds.AdminAction).OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.StartsWith("resent to head@demo.local: IOException", audit[0]);
        Assert.Equal("resent to head@demo.local: delivered", audit[1]);
    }
}
