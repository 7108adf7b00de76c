using System.Globalization;
using System.Text.RegularExpressions;
using Delegations.Web.Demo;
using Delegations.Web.Proposals;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Delegations.Web.Tests.Ui;

[CollectionDefinition("Browser", DisableParallelization = true)]
public sealed class BrowserCollection;

/// <summary>
/// The main pages in a real browser (Debian's Chromium through Playwright) against the app on a real port: the
/// seed 001 trip typed into the form and approved by each approver from their inbox, a reject that needs a
/// comment, the language switch, another department's proposal, and a title that tries to be a script.
/// Screenshots of the main pages go to the test output.
/// </summary>
[Collection("Browser")]
public sealed class BrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly BrowserApp _app = new();
    private readonly List<string> _problems = [];
    private Flow Flow => new(_app);

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
    }

    private Task<IPage> NewPageAsync(string locale = "vi-VN") => chromium.NewPageAsync(_app, _problems, locale);

    private static ILocator Status(IPage page) => page.Locator(".page-head [data-status]");

    [Fact]
    public async Task The_ministers_trip_is_typed_into_the_form_submitted_and_approved_by_each_approver_from_their_inbox()
    {
        var seed = DemoSeeds.MinisterBeijingShanghai();
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Chromium.ScreenshotAsync(page, "01-sign-in");
        await Chromium.SignInAsync(page, "submitter@demo.local");
        await Assertions.Expect(page.Locator("[data-testid=user-card]")).ToContainTextAsync("Nguyễn Thị Lan");
        await Assertions.Expect(page.Locator("[data-testid=user-card]")).ToContainTextAsync("Văn phòng Bộ");

        await page.GetByRole(AriaRole.Link, new() { Name = "+ Đề xuất mới" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Đề xuất mới");
        await FillProposalAsync(page, seed);
        // The live total, in Vietnamese money: 9,800 + 3,250 + 5,600 USD at 25,300 VND plus 27 million VND.
        await Assertions.Expect(page.Locator("[data-testid=form-budget-total]")).ToHaveTextAsync("498.845.000 ₫");
        await Chromium.ScreenshotAsync(page, "02-new-proposal-seed-001");

        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu và gửi trình duyệt" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/proposals/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Đã gửi đề xuất trình duyệt");
        await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-status", "in_review");
        var reference = (await page.Locator("[data-testid=reference]").TextContentAsync())!.Trim();
        Assert.Matches(@"^DR-2024-\d{4}$", reference);
        await Assertions.Expect(page.Locator("[data-testid=members] tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=budget-total]")).ToHaveTextAsync("498.845.000 ₫");
        await Assertions.Expect(page.Locator("[data-testid=active-steps]")).ToContainTextAsync("Trần Văn Bình");
        await Assertions.Expect(page.Locator(".workflow-diagram [data-step='department-head']")).ToHaveAttributeAsync("data-state", "current");
        await Chromium.ScreenshotAsync(page, "03-proposal-submitted");
        var proposalUrl = page.Url;

        // The submitter signs out; the approvers take it from here, each from their own inbox.
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));

        await ApproveFromInboxAsync("head@demo.local", reference, "Trưởng đơn vị duyệt", "Đồng ý trình Bộ trưởng.", screenshots: true);
        await ApproveFromInboxAsync("intl@demo.local", reference, "Ban Hợp tác quốc tế thẩm định", "Phù hợp Tuyên bố chung 2023.");
        await ApproveFromInboxAsync("leader@demo.local", reference, "Lãnh đạo phê duyệt", "Đồng ý cử đoàn.");
        await ApproveFromInboxAsync("finance@demo.local", reference, "Tài chính kiểm tra dự toán", "Phù hợp định mức.",
            fill: p => p.FillAsync("#data-approvedTotalVnd", "498845000"));

        // Five visa tasks, one per member, in the visa officer's inbox.
        var visa = await NewPageAsync();
        await Chromium.SignInAsync(visa, "visa@demo.local");
        await Assertions.Expect(visa.Locator($"[data-testid=inbox] li.task:has-text('{reference}')")).ToHaveCountAsync(5);
        for (var i = 0; i < 5; i++)
        {
            await visa.Locator($"[data-testid=inbox] li.task:has-text('{reference}') a.task-link").First.ClickAsync();
            await visa.SelectOptionAsync("#data-visaStatus", "granted");
            await visa.SelectOptionAsync("#data-passportType", "official");
            if (i == 0) await Chromium.ScreenshotAsync(visa, "07-visa-task");
            await visa.GetByRole(AriaRole.Button, new() { Name = "Hoàn thành" }).ClickAsync();
            await visa.WaitForURLAsync(new Regex("/inbox$"));
            await Assertions.Expect(visa.Locator("[data-testid=flash]")).ToContainTextAsync("Đã hoàn thành");
        }
        await Assertions.Expect(visa.Locator($"[data-testid=inbox] li.task:has-text('{reference}')")).ToHaveCountAsync(0);

        // Back with the submitter: approved, every review step passed, waiting for the return.
        var submitter = await NewPageAsync();
        await Chromium.SignInAsync(submitter, "submitter@demo.local");
        await submitter.GotoAsync(proposalUrl);
        await Assertions.Expect(Status(submitter)).ToHaveAttributeAsync("data-status", "approved");
        foreach (var step in new[] { "department-head", "international-office", "leadership", "budget-check", "visas" })
            await Assertions.Expect(submitter.Locator($".workflow-diagram [data-step='{step}']")).ToHaveAttributeAsync("data-state", "passed");
        await Assertions.Expect(submitter.Locator(".workflow-diagram [data-step='await-return']")).ToHaveAttributeAsync("data-state", "current");
        await Assertions.Expect(submitter.Locator("[data-testid=journal]")).ToContainTextAsync("Đồng ý cử đoàn.");
        await Chromium.ScreenshotAsync(submitter, "08-proposal-approved");

        await submitter.GotoAsync("/proposals");
        await Assertions.Expect(submitter.Locator($"[data-testid=proposals] tr:has-text('{reference}') [data-status]")).ToHaveAttributeAsync("data-status", "approved");
        await Chromium.ScreenshotAsync(submitter, "09-my-proposals");
        await submitter.GotoAsync("/calendar?month=2024-04");
        await Assertions.Expect(submitter.Locator("[data-testid=calendar-list]")).ToContainTextAsync(seed.Title!);
        await submitter.GetByRole(AriaRole.Button, new() { Name = "Tạo địa chỉ lịch của tôi" }).ClickAsync();
        await Assertions.Expect(submitter.Locator("[data-testid=feed-address]")).ToHaveValueAsync(new Regex(@"/calendar/feed/[A-Za-z0-9_-]{43}\.ics$"));
        await Chromium.ScreenshotAsync(submitter, "10-calendar");

        Assert.Empty(_problems);
    }

    [Fact]
    public async Task A_reject_needs_a_comment_and_then_ends_the_proposal()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);

        var page = await NewPageAsync();
        await Chromium.SignInAsync(page, "head@demo.local");
        await page.Locator("[data-testid=inbox] a.task-link").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Từ chối" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=comment-error]")).ToContainTextAsync("Hãy nêu lý do từ chối");
        await Assertions.Expect(page.Locator("#comment")).ToHaveAttributeAsync("aria-describedby", new Regex("comment-error"));
        await Chromium.ScreenshotAsync(page, "11-reject-needs-a-comment");

        await page.GetByLabel("Ý kiến", new() { Exact = true }).FillAsync("Không phù hợp kế hoạch năm.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Từ chối" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/inbox$"));
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Đã từ chối");
        Assert.Equal("rejected", await Flow.StatusAsync(id));

        await page.GotoAsync($"/proposals/{id}");
        await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-status", "rejected");
        await Assertions.Expect(page.Locator("[data-testid=journal]")).ToContainTextAsync("Không phù hợp kế hoạch năm.");
        Assert.Empty(_problems);
    }

    [Fact]
    public async Task The_language_switches_to_English_and_back_and_is_remembered_for_the_user()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        var page = await NewPageAsync();
        await Chromium.SignInAsync(page, "submitter@demo.local");
        await page.GotoAsync($"/proposals/{id}");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("22/04/2024");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.EndsWith($"/proposals/{id}", page.Url); // back on the same page
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "My proposals" }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("2024-04-22");
        await Assertions.Expect(page.Locator("[data-testid=budget-total]")).ToHaveTextAsync("498,845,000 VND");
        await Assertions.Expect(Status(page)).ToHaveTextAsync("Draft");
        await Chromium.ScreenshotAsync(page, "12-proposal-in-english");

        // Remembered for the account: a new browser (an English one, which the app does not follow) signs in straight into English.
        var other = await NewPageAsync("en-US");
        await other.GotoAsync("/account/login");
        await Assertions.Expect(other.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await other.GetByLabel("Thư điện tử").FillAsync("submitter@demo.local");
        await other.GetByLabel("Mật khẩu").FillAsync(DemoData.Password);
        await other.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(other.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếng Việt" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Assertions.Expect(Status(page)).ToHaveTextAsync("Bản nháp");
        Assert.Empty(_problems);
    }

    [Fact]
    public async Task Someone_from_another_department_gets_the_403_page_for_a_proposal()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        var page = await NewPageAsync();
        await Chromium.SignInAsync(page, "submitter2@demo.local");
        var response = await page.GotoAsync($"/proposals/{id}");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Bạn không có quyền xem trang này");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Huỳnh Thành Đạt");
        await Chromium.ScreenshotAsync(page, "13-forbidden");

        var missing = await page.GotoAsync($"/proposals/{Guid.NewGuid()}");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Không tìm thấy trang");
        Assert.Empty(_problems);
    }

    [Fact]
    public async Task A_title_with_a_script_tag_is_shown_as_text()
    {
        var evil = "<script>alert('xss')</script><img src=x onerror=alert(1)> Đoàn thử";
        var input = DemoSeeds.HueUnionJicaKoica() with { Title = evil };
        var id = await Flow.CreateAsync("submitter@demo.local", input);
        await Flow.SubmitAsync("submitter@demo.local", id);

        var page = await NewPageAsync();
        await Chromium.SignInAsync(page, "submitter@demo.local");
        await page.GotoAsync($"/proposals/{id}");
        await Assertions.Expect(page.Locator("[data-testid=proposal-title]")).ToHaveTextAsync(evil);
        await page.GotoAsync("/proposals");
        await Assertions.Expect(page.Locator("[data-testid=proposals]")).ToContainTextAsync("<script>alert('xss')</script>");

        var head = await NewPageAsync();
        await Chromium.SignInAsync(head, "head@demo.local");
        await Assertions.Expect(head.Locator("[data-testid=inbox]")).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await head.Locator("[data-testid=inbox] a.task-link").First.ClickAsync();
        await Assertions.Expect(head.Locator("#summary-h")).ToContainTextAsync("<script>");
        Assert.Empty(_problems); // no alert() ran: the page would have shown a dialog
    }

    private async Task ApproveFromInboxAsync(string email, string reference, string stepTitle, string comment, bool screenshots = false, Func<IPage, Task>? fill = null)
    {
        var page = await NewPageAsync();
        await Chromium.SignInAsync(page, email);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/inbox$"));
        var item = page.Locator($"[data-testid=inbox] li.task:has-text('{reference}')");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item.Locator("a.task-link")).ToHaveTextAsync(stepTitle);
        await Assertions.Expect(page.Locator("[data-testid=inbox-count]")).ToContainTextAsync("1");
        if (screenshots) await Chromium.ScreenshotAsync(page, "04-inbox");
        await item.Locator("a.task-link").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=task-title]")).ToHaveTextAsync(stepTitle);
        if (fill is not null) await fill(page);
        await page.GetByLabel("Ý kiến", new() { Exact = true }).FillAsync(comment);
        if (screenshots) await Chromium.ScreenshotAsync(page, "05-task");
        await page.GetByRole(AriaRole.Button, new() { Name = "Phê duyệt" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/inbox$"));
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync($"Đã phê duyệt: {stepTitle} — {reference}");
        if (screenshots) await Chromium.ScreenshotAsync(page, "06-inbox-after-approval");
        await page.Context.CloseAsync();
    }

    /// <summary>Types a whole proposal into the form, adding rows as needed, the way a person would.</summary>
    private static async Task FillProposalAsync(IPage page, ProposalInput p)
    {
        if (p.Kind != "outbound") await page.Locator($"label[for='kind-{p.Kind}']").ClickAsync();
        await page.GetByLabel("Tên đoàn, nội dung").FillAsync(p.Title!);
        await page.GetByLabel("Mục đích, nhiệm vụ").FillAsync(p.Purpose!);
        await page.GetByLabel("Từ ngày").FillAsync(p.StartDate!);
        await page.GetByLabel("Đến ngày").FillAsync(p.EndDate!);
        if (p.InAnnualPlan == false) await page.GetByLabel("Nằm trong kế hoạch").UncheckAsync();
        if (p.Invitation is { } invitation)
        {
            await page.FillAsync("#invitation-from", invitation.From!);
            await page.FillAsync("#invitation-date", invitation.Date ?? "");
        }

        async Task Row(string list, int i)
        {
            if (i > 0 || await page.Locator($"[data-rows='{list}'] > [data-row]").CountAsync() == 0)
                await page.Locator($"[data-add-row='{list}']").ClickAsync();
        }

        for (var i = 0; i < (p.Destinations?.Count ?? 0); i++)
        {
            await Row("destinations", i);
            await page.SelectOptionAsync($"#destinations-{i}-country", p.Destinations![i]!.Country!);
            await page.FillAsync($"#destinations-{i}-city", p.Destinations[i]!.City!);
        }
        for (var i = 0; i < (p.Counterparts?.Count ?? 0); i++)
        {
            var c = p.Counterparts![i]!;
            await Row("counterparts", i);
            await page.FillAsync($"#counterparts-{i}-organisation", c.Organisation!);
            await page.SelectOptionAsync($"#counterparts-{i}-country", c.Country!);
            await page.FillAsync($"#counterparts-{i}-contactName", c.ContactName ?? "");
            await page.FillAsync($"#counterparts-{i}-contactTitle", c.ContactTitle ?? "");
        }
        for (var i = 0; i < (p.Members?.Count ?? 0); i++)
        {
            var m = p.Members![i]!;
            await Row("members", i);
            await page.FillAsync($"#members-{i}-fullName", m.FullName!);
            await page.FillAsync($"#members-{i}-title", m.Title!);
            await page.SelectOptionAsync($"#members-{i}-role", m.Role!);
            await page.FillAsync($"#members-{i}-organisation", m.Organisation ?? "");
            if (m.Grade is not null) await page.SelectOptionAsync($"#members-{i}-grade", m.Grade);
            if (m.Nationality is not null) await page.SelectOptionAsync($"#members-{i}-nationality", m.Nationality);
            if (m.PassportType is not null) await page.SelectOptionAsync($"#members-{i}-passportType", m.PassportType);
            await page.FillAsync($"#members-{i}-passportNumber", m.PassportNumber ?? "");
            await page.FillAsync($"#members-{i}-passportExpiry", m.PassportExpiry ?? "");
        }
        for (var i = 0; i < (p.Agenda?.Count ?? 0); i++)
        {
            var a = p.Agenda![i]!;
            await Row("agenda", i);
            await page.FillAsync($"#agenda-{i}-date", a.Date!);
            await page.FillAsync($"#agenda-{i}-activity", a.Activity!);
            await page.FillAsync($"#agenda-{i}-counterpart", a.Counterpart ?? "");
        }
        if (p.Budget?.Source is { } source) await page.SelectOptionAsync("#budget-source", source);
        for (var i = 0; i < (p.Budget?.Lines?.Count ?? 0); i++)
        {
            var l = p.Budget!.Lines![i]!;
            await Row("budget", i);
            await page.SelectOptionAsync($"#budget-lines-{i}-category", l.Category!);
            await page.FillAsync($"#budget-lines-{i}-description", l.Description ?? "");
            await page.FillAsync($"#budget-lines-{i}-amount", l.Amount!.Value.ToString(CultureInfo.InvariantCulture));
            await page.SelectOptionAsync($"#budget-lines-{i}-currency", l.Currency ?? "VND");
            if (l.ExchangeRate is { } rate)
            {
                await page.FillAsync($"#budget-lines-{i}-exchangeRate", rate.ToString(CultureInfo.InvariantCulture));
                await page.FillAsync($"#budget-lines-{i}-rateDate", l.RateDate ?? "");
            }
        }
    }
}
