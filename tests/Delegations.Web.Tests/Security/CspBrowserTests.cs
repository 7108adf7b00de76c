using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Delegations.Web.Demo;
using Delegations.Web.Security;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Delegations.Web.Tests.Security;

/// <summary>
/// The Content-Security-Policy in a real browser: the main pages (and the new admin pages) load their scripts and
/// styles and work without a single violation; the API reference and the jobs dashboard work under their relaxed policy.
/// </summary>
[Collection("Browser")]
public sealed class CspBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly BrowserApp _app = new();
    private readonly List<string> _problems = [];

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    /// <summary>Violations as the page reports them (securitypolicyviolation events), besides the console errors Chromium logs.</summary>
    private const string RecordViolations =
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await chromium.NewPageAsync(_app, _problems);
        await page.AddInitScriptAsync(RecordViolations);
        await Chromium.SignInAsync(page, email);
        return page;
    }

    private async Task VisitAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.True(response is { Ok: true }, $"{url}: {response?.Status}");
        var violations = await page.EvaluateAsync<string[]>("window.__csp || []");
        Assert.True(violations.Length == 0, $"{url}: CSP violations: {string.Join("; ", violations)}");
        Assert.True(_problems.Count == 0, $"{url}: {string.Join("; ", _problems)}");
    }

    [Fact]
    public async Task The_main_pages_raise_no_content_security_policy_violation()
    {
        var flow = new Flow(_app);
        var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await flow.SubmitAsync("submitter@demo.local", id);
        var task = (await flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();

        var anonymous = await chromium.NewPageAsync(_app, _problems);
        await anonymous.AddInitScriptAsync(RecordViolations);
        await VisitAsync(anonymous, "/account/login");

        var submitter = await SignedInAsync("submitter@demo.local");
        foreach (var url in new[] { "/proposals", $"/proposals/{id}", "/calendar?month=2024-04", "/account/deputies" })
            await VisitAsync(submitter, url);
        // The proposal form's scripts run: a member row is added and the budget total follows the amounts.
        await VisitAsync(submitter, "/proposals/new");
        var members = submitter.Locator("[data-rows='members'] > [data-row]");
        var before = await members.CountAsync();
        await submitter.Locator("button[data-add-row='members']").ClickAsync();
        Assert.Equal(before + 1, await members.CountAsync());
        Assert.Empty(await submitter.EvaluateAsync<string[]>("window.__csp"));

        var head = await SignedInAsync("head@demo.local");
        await VisitAsync(head, "/inbox");
        await VisitAsync(head, $"/tasks/{task}");

        var admin = await SignedInAsync("admin@demo.local");
        foreach (var url in new[] { "/admin/users", "/admin/departments", "/admin/audit", $"/tasks/{task}/reassign" })
            await VisitAsync(admin, url);
        // Bootstrap's script works under the policy: the collapsible menu opens on a narrow screen.
        await admin.SetViewportSizeAsync(500, 800);
        await admin.GotoAsync("/admin/users");
        await admin.Locator("button.navbar-toggler").ClickAsync();
        await admin.Locator("#app-nav.show").WaitForAsync();
        await Chromium.ScreenshotAsync(admin, "admin-users");

        // The relaxed policy, on its two paths only.
        var docs = await admin.GotoAsync("/api/docs/");
        Assert.Equal(SecurityHeaders.RelaxedContentSecurityPolicy, await docs!.HeaderValueAsync("content-security-policy"));
        var jobs = await admin.GotoAsync("/jobs");
        Assert.Equal(SecurityHeaders.RelaxedContentSecurityPolicy, await jobs!.HeaderValueAsync("content-security-policy"));
        await admin.Locator("text=Delegations — jobs").First.WaitForAsync();
    }
}

/// <summary>Kestrel's request size limit on a real port: a body over Security:MaxRequestBodyBytes is refused, the attachment upload keeps its larger limit.</summary>
public sealed class RequestLimitTests : IAsyncLifetime
{
    private readonly BrowserApp _app = new();
    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_a_large_photo_still_uploads()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "submitter@demo.local", password = DemoData.Password });
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var huge = new StringContent("{\"title\":\"" + new string('a', 5 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json");
        // Expect: 100-continue, as a careful client sends a large body: Kestrel answers 413 before the body is sent,
        // rather than resetting a connection still sending it.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/proposals") { Content = huge };
        request.Headers.ExpectContinue = true;
        var refused = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(0, await _app.Db(db => db.Proposals.CountAsync()));

        // A 9 MB photo goes past the 4 MB request limit to the attachment's own check (10 MB), which answers for itself.
        var flow = new Flow(_app);
        var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        var jpeg = new byte[9 * 1024 * 1024];
        jpeg[0] = 0xFF; jpeg[1] = 0xD8; jpeg[2] = 0xFF;
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(jpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "anh-doan.jpg");
        form.Add(new StringContent("photo"), "kind");
        var upload = await http.PostAsync($"/api/proposals/{id}/report/attachments", form);
        // The draft has no report yet: the upload reaches the business rule (409), not the size limit (413).
        Assert.Equal(HttpStatusCode.Conflict, upload.StatusCode);
    }
}
