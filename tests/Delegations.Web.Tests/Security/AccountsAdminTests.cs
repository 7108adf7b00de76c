using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Security;

/// <summary>Admins make and manage accounts and the department tree; each change is audited; a disabled account stops at once.</summary>
public class AccountsAdminTests : AppTests
{
    private async Task<List<AuditEntry>> AuditAsync(string kind) =>
        await App.Db(db => db.Set<AuditEntry>().Where(a => a.Kind == kind).OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task An_admin_makes_an_account_with_roles_in_a_department_and_the_person_signs_in()
    {
        using var admin = await App.As("admin@demo.local");
        var created = (await admin.Post("/api/admin/users", new
        {
            email = "nguyen.van.long@demo.local", fullName = "Nguyễn Văn Long", jobTitle = "Phó Vụ trưởng Vụ Hợp tác quốc tế",
            department = "MOST-HTQT", roles = new[] { "InternationalOffice", "VisaOfficer" }, password = "Hanoi@2026",
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("Nguyễn Văn Long", created.Object["user"]!["fullName"]!.GetValue<string>());
        Assert.Equal(["InternationalOffice", "VisaOfficer"], created.Object["user"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(created.Object["setPasswordUrl"]);

        using var anonymous = App.Anonymous();
        (await anonymous.Post("/api/auth/login", new { email = "nguyen.van.long@demo.local", password = "Hanoi@2026" })).Expect(HttpStatusCode.OK);

        var roleChanges = await AuditAsync(AuditKinds.RoleChange);
        Assert.Contains(roleChanges, a => a.Subject == "nguyen.van.long@demo.local" && a.Detail == "roles: (none) → InternationalOffice, VisaOfficer" && a.ActorName == "Đặng Minh Quân");
        Assert.Contains(await AuditAsync(AuditKinds.UserChange), a => a.Subject == "nguyen.van.long@demo.local" && a.Detail!.StartsWith("account created in MOST-HTQT"));

        // The same e-mail again is a conflict; a weak password and an unknown role are named by their field.
        (await admin.Post("/api/admin/users", new { email = "nguyen.van.long@demo.local", fullName = "X", department = "MOST-VP", roles = new[] { "Submitter" } }))
            .Expect(HttpStatusCode.Conflict);
        var bad = (await admin.Post("/api/admin/users", new { email = "x@demo.local", fullName = "X", department = "NOPE", roles = new[] { "King" }, password = "short" }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Contains("password", bad.Errors.Keys);
        Assert.Contains("roles[0]", bad.Errors.Keys);
        Assert.Contains("department", bad.Errors.Keys);
        Assert.Null(await App.Db(db => db.Users.FirstOrDefaultAsync(u => u.Email == "x@demo.local")));
    }

    [Fact]
    public async Task An_account_made_without_a_password_gets_a_set_password_link_that_works_once()
    {
        using var admin = await App.As("admin@demo.local");
        var created = (await admin.Post("/api/admin/users", new
        {
            email = "tran.thi.mai@demo.local", fullName = "Trần Thị Mai", department = "MOST-CPT", roles = new[] { "Submitter" },
        })).Expect(HttpStatusCode.Created);
        var link = new Uri(created.Object["setPasswordUrl"]!.GetValue<string>());
        Assert.Equal("/account/set-password", link.AbsolutePath);

        using var browser = PageClient.Anonymous(App);
        var set = await browser.SubmitAsync(link.PathAndQuery, "form[data-set-password]", new() { ["Password"] = "Mai@2026!", ["Confirm"] = "Mai@2026!" });
        Assert.Equal(HttpStatusCode.Redirect, set.Status);
        Assert.StartsWith("/account/login", set.Location);
        await PageClient.SignInAsync(App, "tran.thi.mai@demo.local", "Mai@2026!");

        // The token was for that one use.
        var again = await browser.SubmitAsync(link.PathAndQuery, "form[data-set-password]", new() { ["Password"] = "Other@2026!", ["Confirm"] = "Other@2026!" });
        again.Expect(HttpStatusCode.OK);
        Assert.NotNull(again.One("[data-testid=set-password-error]"));
    }

    [Fact]
    public async Task Roles_and_department_changes_are_audited_and_count_on_the_next_request()
    {
        using var admin = await App.As("admin@demo.local");
        var head = (await admin.Get("/api/admin/users?q=tran van binh")).Expect(HttpStatusCode.OK).Array.Single()!;
        Assert.Equal("head@demo.local", head["email"]!.GetValue<string>());
        var id = head["id"]!.GetValue<string>();

        using var asHead = await App.As("head@demo.local");
        (await asHead.Get("/api/reports/compiled?format=json")).Expect(HttpStatusCode.OK); // a department head's own department

        (await admin.Put($"/api/admin/users/{id}", new { roles = new[] { "Submitter" }, department = "MOST-CPT", jobTitle = "Chuyên viên" })).Expect(HttpStatusCode.OK);
        // The same bearer token, the next request: the stored roles count, not the token's.
        (await asHead.Get("/api/reports/compiled?format=json")).Expect(HttpStatusCode.Forbidden);
        var me = (await asHead.Get("/api/deputies")).Expect(HttpStatusCode.OK);
        Assert.NotNull(me.Body);

        Assert.Contains(await AuditAsync(AuditKinds.RoleChange), a => a.Subject == "head@demo.local" && a.Detail == "roles: DepartmentHead → Submitter");
        Assert.Contains(await AuditAsync(AuditKinds.UserChange), a => a.Subject == "head@demo.local" && a.Detail!.Contains("department: MOST-VP → MOST-CPT"));

        // An admin cannot take the Admin role from themselves.
        var self = (await admin.Get("/api/admin/users?q=admin@demo.local")).Array.Single()!["id"]!.GetValue<string>();
        (await admin.Put($"/api/admin/users/{self}", new { roles = new[] { "Submitter" } })).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_disabled_accounts_bearer_token_cookie_and_refresh_token_stop_working_at_once()
    {
        using var anonymous = App.Anonymous();
        var login = (await anonymous.Post("/api/auth/login", new { email = "finance@demo.local", password = DemoData.Password })).Expect(HttpStatusCode.OK);
        using var bearer = App.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["accessToken"]);
        using var cookie = await PageClient.SignInAsync(App, "finance@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/tasks")).StatusCode);
        (await cookie.GetAsync("/inbox")).Expect(HttpStatusCode.OK);

        using var admin = await App.As("admin@demo.local");
        var id = (await admin.Get("/api/admin/users?q=finance@demo.local")).Array.Single()!["id"]!.GetValue<string>();
        var disabled = (await admin.Post($"/api/admin/users/{id}/disable", new { reason = "Nghỉ hưu" })).Expect(HttpStatusCode.OK);
        Assert.True(disabled.Object["disabled"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/tasks")).StatusCode);
        var page = await cookie.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Contains("/account/login", page.Location);
        (await anonymous.Post("/api/auth/refresh", new { refreshToken = login["refreshToken"] })).Expect(HttpStatusCode.Unauthorized);
        (await anonymous.Post("/api/auth/login", new { email = "finance@demo.local", password = DemoData.Password })).Expect(HttpStatusCode.Unauthorized);
        Assert.Contains(await AuditAsync(AuditKinds.UserChange), a => a.Subject == "finance@demo.local" && a.Detail == "disabled: Nghỉ hưu");

        (await admin.Post($"/api/admin/users/{id}/enable")).Expect(HttpStatusCode.OK);
        (await anonymous.Post("/api/auth/login", new { email = "finance@demo.local", password = DemoData.Password })).Expect(HttpStatusCode.OK);
        // An admin does not lock themselves out.
        var self = (await admin.Get("/api/admin/users?q=admin@demo.local")).Array.Single()!["id"]!.GetValue<string>();
        (await admin.Post($"/api/admin/users/{self}/disable")).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_department_tree_is_edited_without_loops_and_the_code_stays()
    {
        using var admin = await App.As("admin@demo.local");
        var created = (await admin.Post("/api/admin/departments", new
        {
            code = "DANANG-USTA-KH", nameVi = "Ban Khoa học – Liên hiệp Hội Đà Nẵng", nameEn = "Science Board, Da Nang union", parent = "DANANG-USTA",
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("DANANG-USTA", created["parentCode"]);
        var tree = (await admin.Get("/api/admin/departments")).Expect(HttpStatusCode.OK).Array.Select(d => d!.AsObject()).ToList();
        var vusta = tree.FindIndex(d => d["code"]!.GetValue<string>() == "VUSTA");
        var board = tree.FindIndex(d => d["code"]!.GetValue<string>() == "DANANG-USTA-KH");
        Assert.True(board > vusta);
        Assert.Equal(2, tree[board]["depth"]!.GetValue<int>());

        var vustaId = tree[vusta]["id"]!.GetValue<string>();
        var loop = (await admin.Put($"/api/admin/departments/{vustaId}", new { parent = "DANANG-USTA-KH" })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("parent", loop.Errors.Keys);
        (await admin.Put($"/api/admin/departments/{vustaId}", new { code = "VUSTA2" })).Expect(HttpStatusCode.BadRequest);
        (await admin.Post("/api/admin/departments", new { code = "VUSTA", nameVi = "x", nameEn = "x" })).Expect(HttpStatusCode.Conflict);
        (await admin.Post("/api/admin/departments", new { code = "bad code!", nameVi = "x", nameEn = "x" })).Expect(HttpStatusCode.BadRequest);
        var renamed = (await admin.Put($"/api/admin/departments/{vustaId}", new { nameVi = "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam (VUSTA)" })).Expect(HttpStatusCode.OK);
        Assert.Equal("VUSTA", renamed["code"]);
        Assert.Equal(2, (await AuditAsync(AuditKinds.DepartmentChange)).Count);

        using var head = await App.As("head@demo.local");
        (await head.Get("/api/admin/departments")).Expect(HttpStatusCode.Forbidden);
        (await head.Post("/api/admin/users", new { email = "y@demo.local" })).Expect(HttpStatusCode.Forbidden);
    }
}

public sealed class AccountsAdminTestsOnPostgres : AccountsAdminTests, IOnPostgres;
