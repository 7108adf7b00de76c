using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Ui;

/// <summary>
/// The Razor pages through the in-memory server, read with AngleSharp: lists, the proposal page, the form's
/// errors, access (403 page where the API says 404), anti-forgery, encoding, the language, the task page's
/// double submit and the report form. Each test has its own app on its own SQLite file.
/// </summary>
public sealed class PageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private Flow Flow => new(_app);

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    private Task<PageClient> As(string email) => PageClient.SignInAsync(_app, email);

    [Fact]
    public async Task The_proposals_page_lists_reference_numbers_and_status_chips_and_finds_names_without_diacritics()
    {
        var beijing = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", beijing);
        await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.CreateAsync("submitter2@demo.local", DemoSeeds.ZhongguancunForumDraft()); // another department

        using var client = await As("submitter@demo.local");
        var page = (await client.GetAsync("/proposals")).Expect(HttpStatusCode.OK);
        var rows = page.All("[data-testid=proposals] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Matches(@"^DR-2024-\d{4}$", r.QuerySelector(".ref")!.TextContent));
        var chips = rows.Select(r => r.QuerySelector("[data-status]")!).ToList();
        Assert.Contains(chips, c => c.GetAttribute("data-status") == "in_review" && c.TextContent == "Đang trình duyệt");
        Assert.Contains(chips, c => c.GetAttribute("data-status") == "draft" && c.TextContent == "Bản nháp");
        Assert.DoesNotContain("Trung Quan Thôn 2027", page.Text);
        Assert.Contains("498.845.000 ₫", page.Text);
        Assert.Contains("22/04/2024 – 26/04/2024", page.Text);

        var found = (await client.GetAsync("/proposals?q=huynh+thanh+dat")).Expect(HttpStatusCode.OK);
        var hit = Assert.Single(found.All("[data-testid=proposals] tbody tr"));
        Assert.Equal(beijing, hit.GetAttribute("data-id"));

        var drafts = await client.GetAsync("/proposals?status=draft&kind=outbound&year=2024");
        Assert.Contains("Làm việc với JICA và KOICA", Assert.Single(drafts.All("[data-testid=proposals] tbody tr")).TextContent);
        Assert.Empty((await client.GetAsync("/proposals?year=2025")).All("[data-testid=proposals] tbody tr"));
        // A hand-edited filter does not end on an error page.
        (await client.GetAsync("/proposals?status=nonsense&year=abc")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_proposal_page_shows_its_data_current_step_journal_and_a_diagram_of_its_workflow()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head", "Đồng ý trình Bộ trưởng.");

        using var submitter = await As("submitter@demo.local");
        var page = (await submitter.GetAsync($"/proposals/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Đoàn công tác của Bộ KH&CN thăm và làm việc tại Trung Quốc", page.One("[data-testid=proposal-title]")!.TextContent);
        Assert.Equal(5, page.All("[data-testid=members] tbody tr").Count);
        Assert.Contains("D1234567", page.One("[data-testid=members]")!.TextContent); // the author sees passports
        Assert.Equal("498.845.000 ₫", page.One("[data-testid=budget-total]")!.TextContent);
        Assert.Contains("Ngày 5", page.Text); // the agenda, day by day
        var step = Assert.Single(page.All("[data-testid=active-steps] [data-step]"));
        Assert.Equal("international-office", step.GetAttribute("data-step"));
        Assert.Contains("Lê Thu Hà", step.TextContent);
        Assert.Contains("Đồng ý trình Bộ trưởng.", page.One("[data-testid=journal]")!.TextContent);

        var svg = page.One("[data-testid=workflow-diagram] svg")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("passed", svg.QuerySelector("[data-step='department-head']")!.GetAttribute("data-state"));
        Assert.Equal("current", svg.QuerySelector("[data-step='international-office']")!.GetAttribute("data-state"));
        Assert.Equal("rest", svg.QuerySelector("[data-step='leadership']")!.GetAttribute("data-state"));
        Assert.Empty(svg.QuerySelectorAll("script, style"));

        // The head of department may read it, but not the passport numbers.
        using var head = await As("head@demo.local");
        var seen = (await head.GetAsync($"/proposals/{id}")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("D1234567", seen.Text);
        Assert.Null(seen.One("[data-testid=members] th:nth-child(5)"));
    }

    [Fact]
    public async Task Another_departments_proposal_is_a_403_page_while_the_API_keeps_saying_404()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());

        using var other = await As("submitter2@demo.local");
        var page = await other.GetAsync($"/proposals/{id}");
        page.Expect(HttpStatusCode.Forbidden);
        Assert.Equal("403", page.One("[data-testid=error-page]")!.GetAttribute("data-status"));
        Assert.Equal("Bạn không có quyền xem trang này", page.One("h1")!.TextContent);
        Assert.DoesNotContain("Huỳnh Thành Đạt", page.Text);
        (await other.GetAsync($"/proposals/{id}/edit")).Expect(HttpStatusCode.Forbidden);
        (await other.GetAsync($"/proposals/{id}/report")).Expect(HttpStatusCode.Forbidden);

        using var api = await _app.As("submitter2@demo.local");
        (await api.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.NotFound);

        var missing = await other.GetAsync($"/proposals/{Guid.NewGuid()}");
        missing.Expect(HttpStatusCode.NotFound);
        Assert.Equal("Không tìm thấy trang", missing.One("h1")!.TextContent);
        (await other.GetAsync("/no/such/page")).Expect(HttpStatusCode.NotFound);

        using var anonymous = PageClient.Anonymous(_app);
        var redirect = await anonymous.GetAsync($"/proposals/{id}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.Status);
        Assert.StartsWith("/account/login?ReturnUrl=", new Uri(new Uri("http://x"), redirect.Location!).PathAndQuery);
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        using var client = await As("submitter@demo.local");
        var fields = new Dictionary<string, string>
        {
            ["kind"] = "inbound", ["title"] = "Không có mã chống giả mạo", ["purpose"] = "Thử", ["startDate"] = "2024-05-01", ["endDate"] = "2024-05-01",
            ["venue.city"] = "Hà Nội", ["members[0].fullName"] = "Khách", ["members[0].title"] = "Khách", ["members[0].role"] = "head",
        };
        var refused = await client.PostAsync("/proposals/new?handler=Save", fields);
        refused.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("400", refused.One("[data-testid=error-page]")!.GetAttribute("data-status"));
        Assert.Equal(0, await _app.Db(db => db.Proposals.CountAsync()));

        var signOut = await client.PostAsync("/account/logout", []);
        signOut.Expect(HttpStatusCode.BadRequest);
        (await client.GetAsync("/proposals")).Expect(HttpStatusCode.OK); // still signed in
    }

    [Fact]
    public async Task A_form_with_errors_keeps_what_was_typed_and_shows_Vietnamese_messages_next_to_the_fields()
    {
        using var client = await As("submitter@demo.local");
        var result = await client.SubmitAsync("/proposals/new", "form[data-proposal-form]", new()
        {
            ["title"] = "Đoàn thử nghiệm",
            ["purpose"] = "",
            ["startDate"] = "2024-05-10",
            ["endDate"] = "2024-05-08",
            ["destinations[0].city"] = "Tokyo",
            ["members[0].fullName"] = "Nguyễn Văn A",
            ["members[0].title"] = "",
            ["agenda[0].date"] = "2024-06-01",
            ["agenda[0].activity"] = "Làm việc",
            ["budget.lines[0].amount"] = "abc",
        }, submitSelector: "button[formaction*='handler=Save']");
        result.Expect(HttpStatusCode.OK);

        string? Error(string id) => result.One($"#{id}-error")?.TextContent;
        Assert.Equal("Bắt buộc.", Error("purpose"));
        Assert.Equal("Phải từ ngày bắt đầu trở đi.", Error("endDate"));
        Assert.Equal("Hãy chọn quốc gia.", Error("destinations-0-country"));
        Assert.Equal("Bắt buộc.", Error("members-0-title"));
        Assert.Equal("Phải là một số.", Error("budget-lines-0-amount"));
        Assert.Equal("true", result.One("#members-0-title")!.GetAttribute("aria-invalid"));
        Assert.Contains("members-0-title-error", result.One("#members-0-title")!.GetAttribute("aria-describedby"));
        // Nothing typed is lost.
        Assert.Equal("Đoàn thử nghiệm", result.One("#title")!.GetAttribute("value"));
        Assert.Equal("Tokyo", result.One("#destinations-0-city")!.GetAttribute("value"));
        Assert.Equal("Nguyễn Văn A", result.One("#members-0-fullName")!.GetAttribute("value"));
        Assert.Equal("abc", result.One("#budget-lines-0-amount")!.GetAttribute("value"));
        Assert.NotNull(result.One("[data-testid=error-summary] a[href='#members-0-title']"));
        Assert.Equal(0, await _app.Db(db => db.Proposals.CountAsync()));

        // The same errors in English after the switch.
        await client.SubmitAsync("/proposals", "form[action='/account/language']", new() { ["lang"] = "en" });
        var english = await client.SubmitAsync("/proposals/new", "form[data-proposal-form]", new() { ["title"] = "Test" }, submitSelector: "button[formaction*='handler=Save']");
        Assert.Equal("Required.", english.One("#purpose-error")!.TextContent);
        Assert.Equal("At least one member is required.", english.One("#members-error")!.TextContent);
    }

    [Fact]
    public async Task The_form_saves_a_draft_then_submits_it_and_a_stale_save_keeps_the_typed_changes()
    {
        using var client = await As("submitter@demo.local");
        var created = await client.SubmitAsync("/proposals/new", "form[data-proposal-form]", new()
        {
            ["kind"] = "inbound",
            ["title"] = "Đón đoàn Viện Hàn lâm Khoa học Trung Quốc",
            ["purpose"] = "Trao đổi hợp tác về trí tuệ nhân tạo.",
            ["startDate"] = "2024-04-01",
            ["endDate"] = "2024-04-01",
            ["venue.city"] = "Hà Nội",
            ["venue.place"] = "113 Trần Duy Hưng",
            ["guestClass"] = "B",
            ["destinations[0].country"] = null,
            ["members[0].fullName"] = "Hà Hồng Bình",
            ["members[0].title"] = "Phó Chủ tịch CAS",
            ["members[0].nationality"] = "CN",
            ["members[0].passportNumber"] = "E12345678",
            ["agenda[0].date"] = "2024-04-01",
            ["agenda[0].activity"] = "Hội đàm",
            ["budget.lines[0].category"] = "reception",
            ["budget.lines[0].amount"] = "6000000",
        }, submitSelector: "button[formaction*='handler=Save']");
        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        var edit = await client.FollowAsync(created);
        Assert.Contains("Đã lưu bản nháp.", edit.One("[data-testid=flash]")!.TextContent);
        var id = edit.Response.RequestMessage!.RequestUri!.AbsolutePath.Split('/')[2];
        var stored = await Flow.GetAsync("submitter@demo.local", id);
        Assert.Equal("inbound", stored["kind"]!.GetValue<string>());
        Assert.Equal("E12345678", stored["members"]![0]!["passportNumber"]!.GetValue<string>());
        Assert.Equal(6_000_000, stored["budget"]!["totalVnd"]!.GetValue<long>());

        // Someone saves meanwhile (through the API); this user's save is refused but keeps what they typed.
        using var api = await _app.As("submitter@demo.local");
        var body = DemoSeeds.CasVicePresidentVisit();
        (await api.Put($"/api/proposals/{id}", body)).Expect(HttpStatusCode.OK);
        var stale = await client.SubmitAsync(edit, "form[data-proposal-form]", new() { ["title"] = "Tên đã sửa" }, "button[formaction*='handler=Save']");
        stale.Expect(HttpStatusCode.OK);
        Assert.Contains("Người khác đã lưu đề xuất này", stale.One("[data-testid=error-summary]")!.TextContent);
        Assert.Equal("Tên đã sửa", stale.One("#title")!.GetAttribute("value"));
        // Saving again, knowingly, goes through; then submit.
        var submitted = await client.SubmitAsync(stale, "form[data-proposal-form]", [], "button[formaction*='handler=Submit']");
        Assert.Equal(HttpStatusCode.Redirect, submitted.Status);
        Assert.Equal($"/proposals/{id}", submitted.Location);
        Assert.Equal("in_review", await Flow.StatusAsync(id));
        Assert.Equal("Tên đã sửa", (await Flow.GetAsync("submitter@demo.local", id))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_title_with_markup_is_encoded_everywhere_it_is_shown()
    {
        const string evil = "<script>alert('xss')</script><b onmouseover=alert(1)>đậm</b>";
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica() with { Title = evil });
        await Flow.SubmitAsync("submitter@demo.local", id);

        using var submitter = await As("submitter@demo.local");
        using var head = await As("head@demo.local");
        var task = (await Flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();
        foreach (var (client, url) in new[] { (submitter, $"/proposals/{id}"), (submitter, "/proposals"), (head, "/inbox"), (head, $"/tasks/{task}") })
        {
            var page = (await client.GetAsync(url)).Expect(HttpStatusCode.OK);
            Assert.Contains(evil, page.Text);
            Assert.DoesNotContain(page.All("script"), s => s.TextContent.Contains("alert", StringComparison.Ordinal));
            Assert.Empty(page.All("b[onmouseover]"));
            Assert.DoesNotContain("<script>alert", await (await client.Http.GetAsync(url)).Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Pages_carry_no_inline_script_style_or_event_handler()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", id);
        var task = (await Flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();
        using var submitter = await As("submitter@demo.local");
        using var head = await As("head@demo.local");
        using var anonymous = PageClient.Anonymous(_app);
        var pages = new[]
        {
            (anonymous, "/account/login"), (submitter, "/proposals"), (submitter, "/proposals/new"), (submitter, $"/proposals/{id}"),
            (submitter, "/calendar?month=2024-04"), (head, "/inbox"), (head, $"/tasks/{task}"), (submitter, "/error/404"),
        };
        foreach (var (client, url) in pages)
        {
            var page = await client.GetAsync(url);
            Assert.All(page.All("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"inline script on {url}"));
            Assert.Empty(page.All("style"));
            Assert.Empty(page.All("[style]"));
            Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            // Accessibility basics: one h1, and every visible input, select and text area has a label.
            Assert.Single(page.All("h1"));
            foreach (var input in page.All("input:not([type=hidden]):not([type=submit]), select, textarea"))
            {
                var inputId = input.GetAttribute("id");
                var labelled = input.HasAttribute("aria-label") || (inputId is not null && page.One($"label[for='{inputId}']") is not null);
                Assert.True(labelled, $"{url}: <{input.LocalName} name={input.GetAttribute("name")}> has no label");
            }
        }
    }

    [Fact]
    public async Task The_language_switch_changes_the_page_and_the_users_language_and_sign_in_starts_in_it()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        using var client = await As("submitter@demo.local");
        var vi = await client.GetAsync($"/proposals/{id}");
        Assert.Equal("vi", vi.Document.DocumentElement.GetAttribute("lang"));

        var switched = await client.SubmitAsync($"/proposals/{id}", "form[action='/account/language']", new() { ["lang"] = "en" });
        Assert.Equal($"/proposals/{id}", switched.Location);
        var en = await client.FollowAsync(switched);
        Assert.Equal("en", en.Document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("2024-04-22", en.Text);
        Assert.Equal("498,845,000 VND", en.One("[data-testid=budget-total]")!.TextContent);
        Assert.Equal("Draft", en.One(".page-head [data-status]")!.TextContent);
        Assert.Equal("en", await _app.Db(db => db.Users.Where(u => u.Email == "submitter@demo.local").Select(u => u.Language).FirstAsync()));

        using var again = await As("submitter@demo.local"); // a new browser: the account's language is taken at sign-in
        Assert.Equal("en", (await again.GetAsync("/proposals")).Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Sign_in_refuses_a_wrong_password_and_a_disabled_account_and_audits_in_and_out()
    {
        using var client = PageClient.Anonymous(_app);
        var wrong = await client.SubmitAsync("/account/login", "form:not([action])", new() { ["Email"] = "head@demo.local", ["Password"] = "nope" });
        wrong.Expect(HttpStatusCode.OK);
        Assert.Equal("Thư điện tử hoặc mật khẩu không đúng.", wrong.One("[data-testid=login-error]")!.TextContent);

        await _app.Db(async db =>
        {
            var user = await db.Users.FirstAsync(u => u.Email == "finance@demo.local");
            user.IsDisabled = true;
            return await db.SaveChangesAsync();
        });
        var disabled = await client.SubmitAsync("/account/login", "form:not([action])", new() { ["Email"] = "finance@demo.local", ["Password"] = DemoData.Password });
        Assert.NotNull(disabled.One("[data-testid=login-error]"));

        using var head = await As("head@demo.local");
        var signedOut = await head.SubmitAsync("/inbox", "form[action='/account/logout']", []);
        Assert.Equal("/account/login", signedOut.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await head.GetAsync("/inbox")).Status);

        var kinds = await _app.Db(db => db.Set<AuditEntry>().OrderBy(a => a.Id).Select(a => new { a.Kind, a.Subject, a.Detail }).ToListAsync());
        Assert.Contains(kinds, k => k.Kind == AuditKinds.SignInFailed && k.Subject == "head@demo.local" && k.Detail == "wrong password");
        Assert.Contains(kinds, k => k.Kind == AuditKinds.SignInFailed && k.Subject == "finance@demo.local" && k.Detail == "disabled account");
        Assert.Contains(kinds, k => k.Kind == AuditKinds.SignIn && k.Subject == "head@demo.local" && k.Detail == "web");
        Assert.Contains(kinds, k => k.Kind == AuditKinds.SignOut && k.Subject == "head@demo.local");
    }

    [Fact]
    public async Task The_task_page_needs_a_comment_to_reject_answers_a_double_submit_and_a_task_someone_else_completed_plainly()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", id);
        var taskId = (await Flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();
        using var head = await As("head@demo.local");

        var noComment = await head.SubmitAsync($"/tasks/{taskId}", "form[data-task-form]", [], "button[value=reject]");
        noComment.Expect(HttpStatusCode.OK);
        Assert.Contains("Hãy nêu lý do từ chối", noComment.One("[data-testid=comment-error]")!.TextContent);
        Assert.Equal("in_review", await Flow.StatusAsync(id));

        // One form, sent twice (the same idempotency key): the second answer says it was already recorded.
        var form = (await head.GetAsync($"/tasks/{taskId}")).Expect(HttpStatusCode.OK);
        var first = await head.SubmitAsync(form, "form[data-task-form]", new() { ["Comment"] = "Đồng ý." }, "button[value=approve]", $"/tasks/{taskId}");
        Assert.Equal("/inbox", first.Location);
        var second = await head.SubmitAsync(form, "form[data-task-form]", new() { ["Comment"] = "Đồng ý." }, "button[value=approve]", $"/tasks/{taskId}");
        Assert.Equal("/inbox", second.Location);
        Assert.Contains("đã được ghi nhận trước đó", (await head.FollowAsync(second)).One("[data-testid=flash]")!.TextContent);
        Assert.Equal(1, await _app.Db(db => db.Journal.CountAsync(j => j.Kind == "task-completed")));

        // An international-office task loaded, then completed by someone else through the API.
        var intlTask = (await Flow.InboxTasksAsync("intl@demo.local", id, "international-office")).Single()["id"]!.GetValue<string>();
        using var intl = await As("intl@demo.local");
        var loaded = (await intl.GetAsync($"/tasks/{intlTask}")).Expect(HttpStatusCode.OK);
        await Flow.ApproveAsync("intl@demo.local", id, "international-office", "Duyệt qua API.");
        var late = await intl.SubmitAsync(loaded, "form[data-task-form]", new() { ["IdempotencyKey"] = Guid.NewGuid().ToString("N") }, "button[value=approve]", $"/tasks/{intlTask}");
        late.Expect(HttpStatusCode.OK);
        Assert.Contains("Việc này đã được Lê Thu Hà xử lý (Phê duyệt)", late.One("[data-testid=cannot-act]")!.TextContent);
    }

    [Fact]
    public async Task The_post_trip_report_is_filed_through_its_form_with_agreements_and_follow_ups()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        await Flow.ApproveAsync("finance@demo.local", id, "budget-check");
        await Flow.CompleteVisasAsync(id, "not-needed");

        using (var early = await As("submitter@demo.local"))
            Assert.NotNull((await early.GetAsync($"/proposals/{id}/report")).One("[data-testid=report-unavailable]"));
        await Flow.TravelToAsync(2024, 4, 24);
        using var client = await As("submitter@demo.local"); // signed in again: the clock has moved a month

        var inbox = await client.GetAsync("/inbox");
        Assert.Equal($"/proposals/{id}/report", inbox.One("[data-testid=inbox] a.task-link")!.GetAttribute("href"));
        var missing = await client.SubmitAsync($"/proposals/{id}/report", "main form[method=post]:not([action])", new() { ["followUps[0].action"] = "Gửi danh mục dự án" });
        missing.Expect(HttpStatusCode.OK);
        Assert.Equal("Bắt buộc.", missing.One("#summary-error")!.TextContent);
        Assert.Equal("Bắt buộc: ai thực hiện.", missing.One("#followUps-0-owner-error")!.TextContent);
        Assert.Equal("Gửi danh mục dự án", missing.One("#followUps-0-action")!.GetAttribute("value"));

        var filed = await client.SubmitAsync(missing, "main form[method=post]:not([action])", new()
        {
            ["summary"] = "JICA và KOICA nhất trí kết nối chuyên gia.",
            ["followUps[0].owner"] = "Liên hiệp Hội tỉnh",
            ["followUps[0].due"] = "2024-09-30",
        }, pageUrl: $"/proposals/{id}/report");
        Assert.Equal($"/proposals/{id}", filed.Location);
        Assert.Equal("completed", await Flow.StatusAsync(id));
        var detail = await client.FollowAsync(filed);
        Assert.Contains("JICA và KOICA nhất trí kết nối chuyên gia.", detail.Text);
        Assert.Contains("Gửi danh mục dự án", detail.Text);
    }
}
