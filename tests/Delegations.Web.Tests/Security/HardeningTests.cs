using System.Net;
using System.Net.Http.Json;
using System.Text;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Security;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Security;

/// <summary>Headers, lockout, no registration, the audit log's search, export and append-only rule.</summary>
public sealed class HardeningTests : AppTests
{
    [Fact]
    public async Task Every_response_carries_the_security_headers_and_only_the_docs_and_jobs_get_the_relaxed_policy()
    {
        using var page = await PageClient.SignInAsync(App, "submitter@demo.local");
        using var api = await App.As("submitter@demo.local");
        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("page", (await page.GetAsync("/proposals")).Response),
            ("sign-in page", await App.CreateClient().GetAsync("/account/login")),
            ("error page", (await page.GetAsync("/no/such/page")).Response),
            ("api", (await api.Get("/api/tasks")).Raw),
            ("problem", (await api.Get($"/api/proposals/{Guid.NewGuid()}")).Raw),
            ("static file", await App.CreateClient().GetAsync("/css/site.css")),
        };
        foreach (var (what, response) in responses)
        {
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no CSP");
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(csp));
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
        }
        foreach (var path in new[] { "/api/docs", "/jobs" })
        {
            var response = await App.CreateClient().GetAsync(path);
            Assert.Equal(SecurityHeaders.RelaxedContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        }
        // A response with a policy of its own keeps it: the compiled report's printable HTML.
        using var leader = await App.As("leader@demo.local");
        var html = await leader.Http.GetAsync("/api/reports/compiled?format=html&from=2024-01-01&to=2024-12-31");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("default-src 'none'", html.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_an_account_for_fifteen_minutes_through_the_API_and_the_sign_in_page()
    {
        using var anonymous = App.Anonymous();
        for (var i = 0; i < 5; i++)
            (await anonymous.Post("/api/auth/login", new { email = "intl@demo.local", password = "Sai@mat-khau" })).Expect(HttpStatusCode.Unauthorized);
        var locked = (await anonymous.Post("/api/auth/login", new { email = "intl@demo.local", password = DemoData.Password })).Expect(HttpStatusCode.Unauthorized);
        Assert.Contains("locked", locked["detail"]);
        // Identity's lockout runs on the system clock: the end is 15 minutes from now.
        var end = await App.Db(db => db.Users.Where(u => u.Email == "intl@demo.local").Select(u => u.LockoutEnd).FirstAsync());
        Assert.InRange(end!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));
        using var client = PageClient.Anonymous(App);
        var page = await client.SubmitAsync("/account/login", "form:not([action])", new() { ["Email"] = "intl@demo.local", ["Password"] = DemoData.Password });
        Assert.Equal("Đăng nhập sai quá nhiều lần: tài khoản bị khoá 15 phút.", page.One("[data-testid=login-error]")!.TextContent);
        Assert.Contains(await App.Db(db => db.Set<AuditEntry>().Where(a => a.Kind == AuditKinds.SignInFailed).Select(a => a.Detail).ToListAsync()), d => d == "locked out");

        // The cookie path counts failures too.
        for (var i = 0; i < 5; i++)
            await client.SubmitAsync("/account/login", "form:not([action])", new() { ["Email"] = "leader@demo.local", ["Password"] = "Sai@mat-khau" });
        (await anonymous.Post("/api/auth/login", new { email = "leader@demo.local", password = DemoData.Password })).Expect(HttpStatusCode.Unauthorized);

        // Fifteen minutes later (the lockout end moved into the past) the right password works again.
        await App.Db(async db =>
        {
            var user = await db.Users.FirstAsync(u => u.Email == "intl@demo.local");
            user.LockoutEnd = DateTimeOffset.UtcNow.AddSeconds(-1);
            return await db.SaveChangesAsync();
        });
        (await anonymous.Post("/api/auth/login", new { email = "intl@demo.local", password = DemoData.Password })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Registration_does_not_exist_for_anyone()
    {
        using var signedIn = await App.As("admin@demo.local");
        foreach (var client in new[] { App.Anonymous(), signedIn })
        {
            foreach (var path in new[] { "/api/auth/register", "/register", "/account/register", "/Identity/Account/Register" })
            {
                (await client.Post(path, new { email = "new@demo.local", password = "Demo@2026x" })).Expect(HttpStatusCode.NotFound);
                (await client.Get(path)).Expect(HttpStatusCode.NotFound);
            }
        }
        Assert.Null(await App.Db(db => db.Users.FirstOrDefaultAsync(u => u.Email == "new@demo.local")));
    }

    [Fact]
    public async Task The_audit_log_is_searched_paged_exported_as_csv_and_never_changed()
    {
        using var anonymous = App.Anonymous();
        await anonymous.Post("/api/auth/login", new { email = "head@demo.local", password = "=HYPERLINK(\"http://evil\")" });
        using var admin = await App.As("admin@demo.local");
        await App.As("head@demo.local");
        await App.As("leader@demo.local");

        var signIns = (await admin.Get("/api/admin/audit?kind=sign-in")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(3, signIns["total"]!.GetValue<int>());
        var byActor = (await admin.Get("/api/admin/audit?actor=Trần Văn Bình")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("head@demo.local", Assert.Single(byActor["items"]!.AsArray())!["subject"]!.GetValue<string>());
        var paged = (await admin.Get("/api/admin/audit?pageSize=2&page=2")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(4, paged["total"]!.GetValue<int>());
        Assert.Equal(2, paged["items"]!.AsArray().Count);
        Assert.Equal(0, (await admin.Get("/api/admin/audit?from=2024-03-19")).Object["total"]!.GetValue<int>());
        Assert.Equal(4, (await admin.Get("/api/admin/audit?from=2024-03-18&to=2024-03-18")).Object["total"]!.GetValue<int>());
        var bad = (await admin.Get("/api/admin/audit?kind=nonsense&from=18/03/2024&pageSize=9999")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["from", "kind", "pageSize"], bad.Errors.Keys.Order());

        var csv = await admin.Http.GetAsync("/api/admin/audit?format=csv&subject=head@demo.local");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,at,kind,actorId,actor,subject,detail,ipAddress", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains(",sign-in,") && l.Contains("Trần Văn Bình") && l.Contains("head@demo.local"));

        using (var head = await App.As("head@demo.local"))
        {
            (await head.Get("/api/admin/audit")).Expect(HttpStatusCode.Forbidden);
            (await head.Get("/api/admin/audit?format=csv")).Expect(HttpStatusCode.Forbidden);
        }
        // No endpoint changes an entry, and the database context refuses to.
        var entry = await App.Db(db => db.Set<AuditEntry>().FirstAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.Http.DeleteAsync($"/api/admin/audit")).StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => App.Db(async db =>
        {
            var stored = await db.Set<AuditEntry>().FirstAsync(a => a.Id == entry.Id);
            stored.Detail = "rewritten";
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => App.Db(async db =>
        {
            db.Set<AuditEntry>().Remove(await db.Set<AuditEntry>().FirstAsync(a => a.Id == entry.Id));
            return await db.SaveChangesAsync();
        }));
        Assert.Equal(entry.Detail, (await App.Db(db => db.Set<AuditEntry>().FirstAsync(a => a.Id == entry.Id))).Detail);
    }

    [Fact]
    public async Task An_audit_field_that_looks_like_a_formula_is_escaped_in_the_csv()
    {
        var bytes = AuditApi.Csv([new AuditEntry { Id = 1, At = AppFactory.DefaultStart, Kind = "sign-in-failed", Subject = "=HYPERLINK(\"http://evil\")", Detail = "wrong password" }]);
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        Assert.DoesNotContain(",=HYPERLINK", text);
        Assert.DoesNotContain(",\"=HYPERLINK", text);
        Assert.Contains("HYPERLINK", text);
    }
}
