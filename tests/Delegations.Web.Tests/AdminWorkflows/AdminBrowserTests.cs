using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Delegations.Web.Demo;
using Delegations.Web.Proposals;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.Playwright;

namespace Delegations.Web.Tests.AdminWorkflows;

/// <summary>
/// The admin pages in a real browser (Debian's Chromium through Playwright) against the app on a real port: a due
/// time changed in the simple form and published (a new proposal's task uses it, an older one keeps its version);
/// the JSON editor's schema completion, live diagram and errors that jump to their line; and the issue's "done when" —
/// a security step for some countries added in the UI, published, followed by a new proposal there while an older one
/// finishes on its version. Screenshots of the editor go to the test output.
/// </summary>
[Collection("Browser")]
public sealed class AdminBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly BrowserApp _app = new();
    private readonly List<string> _problems = [];
    private Flow Flow => new(_app);

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        // The first request of a fresh app (EF model, Identity, views) is slow on a loaded machine: take it before the browser.
        using var warm = new HttpClient { BaseAddress = new Uri(_app.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        (await warm.GetAsync("/account/login")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    private Task<IPage> NewPageAsync() => PatientAsync(chromium.NewPageAsync(_app, _problems));

    // These scenarios sign in several people on a machine shared by many builds: a step may take longer than 15 s.
    private static async Task<IPage> PatientAsync(Task<IPage> opening)
    {
        var page = await opening;
        page.Context.SetDefaultTimeout(45_000);
        return page;
    }

    private async Task<IPage> AdminAsync()
    {
        var page = await NewPageAsync();
        await Chromium.SignInAsync(page, "admin@demo.local");
        return page;
    }

    private static DateTimeOffset Due(JsonObject proposal) => proposal["activeSteps"]![0]!["due"]!.GetValue<DateTimeOffset>();

    [Fact]
    public async Task An_admin_changes_a_due_time_in_the_simple_form_publishes_and_a_new_proposal_uses_it_while_an_older_one_keeps_its_version()
    {
        var old = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", old);

        var page = await AdminAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Quản trị", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Quản trị");
        await Chromium.ScreenshotAsync(page, "admin-01-index");
        await page.Locator("[data-testid=admin-links] a[data-path='/admin/workflows']").ClickAsync();
        var row = page.Locator("[data-testid=workflows] tr[data-id='outbound-delegation']");
        await Assertions.Expect(row.Locator("[data-testid=running]")).ToContainTextAsync("v1: 1");
        await Chromium.ScreenshotAsync(page, "admin-02-workflows");
        await row.GetByRole(AriaRole.Link, new() { Name = "Biểu mẫu đơn giản" }).ClickAsync();

        var due = page.GetByLabel("Hạn", new() { Exact = true }).First; // the first step: head of department review
        await Assertions.Expect(due).ToHaveValueAsync("3 working days");
        await due.FillAsync("5 working days");
        await Chromium.ScreenshotAsync(page, "admin-03-simple-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu bản nháp" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/admin/workflows/outbound-delegation$"));
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Đã lưu bản nháp");
        var change = page.Locator("[data-testid=changes] tbody tr");
        await Assertions.Expect(change).ToHaveCountAsync(1);
        await Assertions.Expect(change.Locator("[data-testid=before]")).ToHaveTextAsync("3 working days");
        await Assertions.Expect(change.Locator("[data-testid=after]")).ToHaveTextAsync("5 working days");
        await Assertions.Expect(page.Locator("[data-testid=code-editor]")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "admin-04-editor-with-draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ban hành thành phiên bản 2" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Đã ban hành phiên bản 2");
        await Assertions.Expect(page.Locator("[data-testid=versions] tbody tr")).ToHaveCountAsync(2);

        var fresh = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica() with { Title = "Đoàn mới sau khi ban hành" });
        var submitted = (await Flow.SubmitAsync("submitter@demo.local", fresh)).Object;
        // Submitted Monday 18/3/2024 09:00: 5 working days is Monday 25/3; the older proposal keeps Thursday 21/3.
        Assert.Equal((2, new DateTimeOffset(2024, 3, 25, 9, 0, 0, TimeSpan.FromHours(7))), (submitted["workflow"]!["version"]!.GetValue<int>(), Due(submitted)));
        var older = await Flow.GetAsync("submitter@demo.local", old);
        Assert.Equal((1, new DateTimeOffset(2024, 3, 21, 9, 0, 0, TimeSpan.FromHours(7))), (older["workflow"]!["version"]!.GetValue<int>(), Due(older)));

        // The head of department sees both in the inbox with their own due dates.
        var head = await NewPageAsync();
        await Chromium.SignInAsync(head, "head@demo.local");
        await Assertions.Expect(head.Locator("[data-testid=inbox] li.task:has-text('Đoàn mới sau khi ban hành') [data-testid=due]")).ToContainTextAsync("25/03/2024");
        await Assertions.Expect(head.Locator("[data-testid=inbox] li.task:not(:has-text('Đoàn mới sau khi ban hành')) [data-testid=due]")).ToContainTextAsync("21/03/2024");

        await page.GotoAsync("/admin/workflows");
        await Assertions.Expect(row.Locator("[data-testid=running] [data-version='2']")).ToHaveTextAsync("v2: 1");
        await Assertions.Expect(row.Locator("[data-testid=running] [data-version='1']")).ToHaveTextAsync("v1: 1");
        Assert.Empty(_problems);
    }

    [Fact]
    public async Task The_json_editor_suggests_from_the_schema_redraws_the_diagram_live_and_an_error_jumps_to_its_line()
    {
        var page = await AdminAsync();
        // The editor page under the content security policy the app is getting: a violation would be a console error.
        await page.RouteAsync("**/admin/workflows/outbound-delegation", async route =>
        {
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers)
            {
                ["content-security-policy"] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'",
            };
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
        await page.GotoAsync("/admin/workflows/outbound-delegation");
        await Assertions.Expect(page.Locator("[data-testid=code-editor]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#draft-diagram svg [data-step='department-head']")).ToHaveCountAsync(1);

        // Replace the first step's "3 working days" by typing, as a person would.
        async Task SelectAsync(string text) => await page.EvaluateAsync(@"text => {
            const cm = window.workflowEditor; const at = cm.getValue().indexOf(text);
            cm.focus(); cm.setSelection(cm.posFromIndex(at), cm.posFromIndex(at + text.length)); }", text);
        await SelectAsync("3 working days");
        await page.Keyboard.TypeAsync("3 fortnights");
        var error = page.Locator("[data-testid=definition-errors] li[data-code='bad-duration']");
        await Assertions.Expect(error).ToHaveAttributeAsync("data-step", "department-head");
        await Assertions.Expect(page.Locator("[data-testid=diagram-stale]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".CodeMirror-lint-marker-error").First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "admin-05-editor-error");

        // The error jumps to its line: move the cursor away, click, and the cursor is on the line with the typo.
        await page.EvaluateAsync("() => window.workflowEditor.setCursor(0, 0)");
        await error.Locator("a.error-link").ClickAsync();
        var line = await page.EvaluateAsync<string>("() => window.workflowEditor.getLine(window.workflowEditor.getCursor().line)");
        Assert.Contains("3 fortnights", line);

        await SelectAsync("3 fortnights");
        await page.Keyboard.TypeAsync("4 working days");
        await Assertions.Expect(page.Locator("[data-testid=definition-errors]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid=diagram-stale]")).ToBeHiddenAsync();

        // A new step id shows up in the live diagram, without saving.
        await SelectAsync("Trưởng đơn vị duyệt");
        await page.Keyboard.TypeAsync("Thủ trưởng đơn vị duyệt");
        await Assertions.Expect(page.Locator("#draft-diagram svg [data-step='department-head']")).ToContainTextAsync("Thủ trưởng đơn vị duyệt");

        // Completion: property names after a quote opens one, and step ids for "start" (Ctrl+Space).
        await page.EvaluateAsync(@"() => { const cm = window.workflowEditor; const at = cm.getValue().indexOf('""type"": ""approval"",') + '""type"": ""approval"",'.length;
            cm.focus(); cm.setCursor(cm.posFromIndex(at)); }");
        await page.Keyboard.TypeAsync(" \"");
        var hints = page.Locator(".CodeMirror-hints");
        await Assertions.Expect(hints).ToBeVisibleAsync();
        await Assertions.Expect(hints).ToContainTextAsync("escalate");
        await Assertions.Expect(hints).ToContainTextAsync("remind");
        await Chromium.ScreenshotAsync(page, "admin-06-editor-completion");
        await page.Keyboard.PressAsync("Escape");
        await page.EvaluateAsync("() => { window.workflowEditor.undo(); }");
        await page.EvaluateAsync(@"() => { const cm = window.workflowEditor; const at = cm.getValue().indexOf('""start"": ""') + '""start"": ""'.length;
            cm.focus(); cm.setCursor(cm.posFromIndex(at)); }");
        await page.Keyboard.PressAsync("Control+Space");
        await Assertions.Expect(hints).ToContainTextAsync("international-office");
        await page.Keyboard.PressAsync("Escape");

        // Clicking a step in the diagram goes to its definition; saving keeps the typed change.
        await page.Locator("#draft-diagram svg [data-step='leadership']").ClickAsync();
        Assert.Contains("\"leadership\"", await page.EvaluateAsync<string>("() => window.workflowEditor.getLine(window.workflowEditor.getCursor().line)"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu nháp", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Đã lưu bản nháp");
        await Assertions.Expect(page.Locator("[data-testid=changes]")).ToContainTextAsync("4 working days");
        await Assertions.Expect(page.Locator("[data-testid=changes]")).ToContainTextAsync("Thủ trưởng đơn vị duyệt");
        // The live check of an invalid draft is answered 400 with its errors, on purpose; nothing else may fail.
        Assert.All(_problems, p => Assert.Matches(@"^400 for .*/api/admin/workflows/outbound-delegation/diagram\?lang=vi$", p));
    }

    [Fact]
    public async Task Done_when_an_admin_adds_a_security_step_for_some_countries_publishes_and_new_proposals_there_follow_it_while_an_old_one_finishes_on_its_version()
    {
        var pyongyang = DemoSeeds.HueUnionJicaKoica() with { Destinations = [new DestinationInput("KP", "Bình Nhưỡng")] };
        var old = await Flow.CreateAsync("submitter@demo.local", pyongyang with { Title = "Đoàn cũ đi Bình Nhưỡng" });
        await Flow.SubmitAsync("submitter@demo.local", old);

        var page = await AdminAsync();
        await page.GotoAsync("/admin/workflows/outbound-delegation/form");
        var add = page.Locator("[data-testid=add-step]");
        await add.GetByLabel("Tiêu đề (tiếng Việt)").FillAsync("Ý kiến an ninh");
        await add.GetByLabel("Tiêu đề (tiếng Anh)").FillAsync("Security review");
        await add.GetByLabel("Sau bước duyệt").SelectOptionAsync("international-office");
        await add.GetByLabel("Người xử lý (vai trò)").SelectOptionAsync("SecurityLiaison");
        await add.GetByLabel("Hạn", new() { Exact = true }).FillAsync("3 working days");
        await add.GetByLabel("chỉ khi nước đến thuộc danh sách (mã ISO):").CheckAsync();
        await add.GetByLabel("Mã quốc gia").FillAsync("KP, IR");
        await Chromium.ScreenshotAsync(page, "admin-07-add-security-step");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu bản nháp" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/admin/workflows/outbound-delegation$"));
        await Assertions.Expect(page.Locator("#draft-diagram svg [data-step='security-review']")).ToContainTextAsync("Ý kiến an ninh");
        await Assertions.Expect(page.Locator("#draft-diagram svg [data-step='security-review-needed']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=changes] tr[data-kind='added'][data-step='security-review']")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "admin-08-editor-security-step");

        // Try it first: a trip to Pyongyang passes the security review, a trip to Japan does not.
        await page.GotoAsync("/admin/workflows/outbound-delegation/simulate");
        await page.GetByLabel("… hoặc dữ liệu đề xuất (JSON, như quy trình nhìn thấy)").FillAsync(
            """{ "startDate": "2024-05-10", "endDate": "2024-05-14", "inAnnualPlan": true, "ledByLeader": false, "countries": ["KP"], "members": [ { "fullName": "Phan Văn Tuấn" } ], "budget": { "totalVnd": 90000000 } }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chạy", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=simulation-path] li[data-step='security-review']")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "admin-09-try-it");

        await page.GotoAsync("/admin/workflows/outbound-delegation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ban hành thành phiên bản 2" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Đã ban hành phiên bản 2");

        var fresh = await Flow.CreateAsync("submitter@demo.local", pyongyang with { Title = "Đoàn mới đi Bình Nhưỡng" });
        await Flow.SubmitAsync("submitter@demo.local", fresh);
        foreach (var id in new[] { old, fresh })
        {
            await Flow.ApproveAsync("head@demo.local", id, "department-head");
            await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        }

        // The security liaison approves the new one from the inbox; the old one never reaches them.
        var security = await NewPageAsync();
        await Chromium.SignInAsync(security, "security@demo.local");
        var task = security.Locator("[data-testid=inbox] li.task:has-text('Đoàn mới đi Bình Nhưỡng')");
        await Assertions.Expect(task.Locator("a.task-link")).ToHaveTextAsync("Ý kiến an ninh");
        await Assertions.Expect(security.Locator("[data-testid=inbox] li.task:has-text('Đoàn cũ đi Bình Nhưỡng')")).ToHaveCountAsync(0);
        await task.Locator("a.task-link").ClickAsync();
        await security.GetByLabel("Ý kiến", new() { Exact = true }).FillAsync("Không có vấn đề an ninh.");
        await security.GetByRole(AriaRole.Button, new() { Name = "Phê duyệt" }).ClickAsync();
        await security.WaitForURLAsync(new Regex("/inbox$"));
        Assert.Equal("approved", await Flow.StatusAsync(fresh));

        var older = await Flow.GetAsync("submitter@demo.local", old);
        Assert.Equal((1, "approved"), (older["workflow"]!["version"]!.GetValue<int>(), older["status"]!.GetValue<string>()));
        Assert.DoesNotContain("security-review", older["workflow"]!["visited"]!.AsArray().Select(v => v!.GetValue<string>()));

        // Both delegations finish: the old on version 1, the new on version 2.
        foreach (var id in new[] { old, fresh })
        {
            await Flow.ApproveAsync("finance@demo.local", id, "budget-check");
            await Flow.CompleteVisasAsync(id);
        }
        await Flow.TravelToAsync(2024, 4, 24);
        foreach (var id in new[] { old, fresh })
        {
            (await Flow.FileReportAsync("submitter@demo.local", id, new { summary = "Đoàn đã hoàn thành chương trình.", results = "Trao đổi hợp tác." })).Expect(System.Net.HttpStatusCode.Created);
            await Flow.ReturnPassportsAsync(id, "2024-04-23"); // the official passports handed back (a task of both versions)
        }
        var finished = await Flow.GetAsync("submitter@demo.local", fresh);
        Assert.Equal((2, "completed"), (finished["workflow"]!["version"]!.GetValue<int>(), finished["status"]!.GetValue<string>()));
        Assert.Contains("security-review", finished["workflow"]!["visited"]!.AsArray().Select(v => v!.GetValue<string>()));
        var oldFinished = await Flow.GetAsync("submitter@demo.local", old);
        Assert.Equal((1, "completed"), (oldFinished["workflow"]!["version"]!.GetValue<int>(), oldFinished["status"]!.GetValue<string>()));
        Assert.Empty(_problems);
    }
}
