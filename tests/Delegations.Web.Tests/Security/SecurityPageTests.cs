using System.Net;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Security;

/// <summary>The admin pages (accounts, departments, audit log), the deputies page and the reassign page, read with AngleSharp.</summary>
public sealed class SecurityPageTests : AppTests
{
    private Task<PageClient> As(string email) => PageClient.SignInAsync(App, email);

    [Fact]
    public async Task An_admin_makes_an_account_on_the_page_gives_it_roles_and_disables_it()
    {
        using var admin = await As("admin@demo.local");
        var list = (await admin.GetAsync("/admin/users?department=MOST-VP")).Expect(HttpStatusCode.OK);
        Assert.Contains(list.All("[data-testid=users] tbody tr"), r => r.GetAttribute("data-email") == "head@demo.local");
        Assert.DoesNotContain(list.All("[data-testid=users] tbody tr"), r => r.GetAttribute("data-email") == "head2@demo.local");

        var invalid = await admin.SubmitAsync("/admin/users", "form[data-new-user]", new() { ["Email"] = "not-an-address", ["FullName"] = "" });
        invalid.Expect(HttpStatusCode.OK);
        Assert.Equal("Phải là một địa chỉ e-mail.", invalid.One("#email-error")!.TextContent);
        Assert.Equal("Bắt buộc.", invalid.One("#fullName-error")!.TextContent);

        var created = await admin.SubmitAsync("/admin/users", "form[data-new-user]", new()
        {
            ["Email"] = "le.van.nam@demo.local", ["FullName"] = "Lê Văn Nam", ["NewDepartment"] = "MOST-KHTC", ["Roles"] = "Finance",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        var page = await admin.FollowAsync(created);
        Assert.Equal("Lê Văn Nam", page.One("[data-testid=user-name]")!.TextContent);
        Assert.Contains("/account/set-password?user=", page.One("[data-testid=set-password-url]")!.GetAttribute("value"));

        var saved = await admin.SubmitAsync(page, "form[data-edit-user]", new() { ["JobTitle"] = "Chuyên viên Vụ Kế hoạch – Tài chính" }, pageUrl: created.Location);
        Assert.Equal(created.Location, saved.Location);
        var edited = await admin.FollowAsync(await admin.PostAsync(created.Location! + "?handler=Save",
            PageClient.Fields((AngleSharp.Html.Dom.IHtmlFormElement)page.One("form[data-edit-user]")!).Append(new("Roles", "Leadership"))));
        Assert.True(edited.One("#role-Leadership")!.HasAttribute("checked"));
        Assert.Contains(await App.Db(db => db.Set<AuditEntry>().Where(a => a.Kind == AuditKinds.RoleChange).Select(a => a.Detail).ToListAsync()),
            d => d == "roles: Finance → Finance, Leadership");

        var disabled = await admin.SubmitAsync(edited, "form[action*='handler=Disable']", new() { ["Reason"] = "Chuyển công tác" }, pageUrl: created.Location);
        Assert.Equal("đã khoá", (await admin.FollowAsync(disabled)).One("[data-testid=user-status]")!.TextContent);
    }

    [Fact]
    public async Task Departments_and_the_audit_log_have_their_pages()
    {
        using var admin = await As("admin@demo.local");
        var added = await admin.SubmitAsync("/admin/departments", "form[data-department-form]", new()
        {
            ["Code"] = "MOST-HTQT-LT", ["NameVi"] = "Phòng Lễ tân", ["NameEn"] = "Protocol Office", ["Parent"] = "MOST-HTQT",
        });
        Assert.Equal("/admin/departments", added.Location);
        var tree = await admin.FollowAsync(added);
        Assert.Equal("dept-depth-2", tree.One("[data-testid=departments] tr[data-code='MOST-HTQT-LT'] td")!.ClassName);
        var loop = await admin.SubmitAsync(tree.One("tr[data-code='MOST'] a")!.GetAttribute("href")!.Split('#')[0], "form[data-department-form]", new() { ["Parent"] = "MOST-HTQT-LT" });
        loop.Expect(HttpStatusCode.OK);
        Assert.Contains("Không thể đặt một đơn vị trực thuộc chính nó", loop.Text);

        var audit = (await admin.GetAsync("/admin/audit?kind=department-change")).Expect(HttpStatusCode.OK);
        Assert.Equal("1 dòng", audit.One("[data-testid=audit-total]")!.TextContent);
        Assert.Contains("MOST-HTQT-LT", audit.One("[data-testid=audit]")!.TextContent);
        Assert.Equal("/api/admin/audit?format=csv&kind=department-change", audit.One("[data-testid=audit-csv]")!.GetAttribute("href"));
        var csv = await admin.Http.GetAsync("/api/admin/audit?format=csv&kind=department-change");
        Assert.Contains("MOST-HTQT-LT", await csv.Content.ReadAsStringAsync());
        (await admin.GetAsync("/admin/audit?from=nonsense")).Expect(HttpStatusCode.OK);

        foreach (var email in new[] { "head@demo.local", "leader@demo.local" })
        {
            using var other = await As(email);
            foreach (var url in new[] { "/admin/users", "/admin/departments", "/admin/audit", "/admin/users/nobody" })
                (await other.GetAsync(url)).Expect(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Approvers_hand_over_their_authority_on_the_deputies_page_and_take_it_back()
    {
        using var head = await As("head@demo.local");
        var created = await head.SubmitAsync("/account/deputies", "form[data-deputy-form]", new()
        {
            ["Deputy"] = "security@demo.local", ["From"] = "2024-03-18", ["To"] = "2024-03-22", ["Reason"] = "Nghỉ phép",
        });
        var page = await head.FollowAsync(created);
        var row = page.One("[data-testid=my-deputies] li")!;
        Assert.Contains("Hoàng Văn An", row.TextContent);
        Assert.Contains("hiệu lực hôm nay", row.TextContent);

        using var deputy = await As("security@demo.local");
        var standing = (await deputy.GetAsync("/account/deputies")).Expect(HttpStatusCode.OK);
        Assert.Contains("Trần Văn Bình", standing.One("[data-testid=standing-in]")!.TextContent);
        Assert.Empty(standing.All("[data-testid=standing-in] form")); // only the principal revokes

        var revoked = await head.SubmitAsync(page, "[data-testid=my-deputies] form", []);
        Assert.Contains("đã thu hồi", (await head.FollowAsync(revoked)).One("[data-testid=my-deputies]")!.TextContent);

        using var submitter = await As("submitter@demo.local");
        Assert.Null((await submitter.GetAsync("/account/deputies")).One("form[data-deputy-form]"));
        // Without the anti-forgery token the form is refused and nothing changes.
        var forged = await head.PostAsync("/account/deputies?handler=Create", [new("Deputy", "security@demo.local"), new("From", "2024-03-18"), new("To", "2024-03-19"), new("Reason", "x")]);
        forged.Expect(HttpStatusCode.BadRequest);
        Assert.Equal(1, await App.Db(db => db.Deputies.CountAsync()));
    }

    [Fact]
    public async Task The_task_page_shows_reassign_to_those_who_may_and_the_reassign_page_hands_the_task_on()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", id);
        var taskId = (await Flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();
        using var submitter = await As("submitter@demo.local");
        Assert.Null((await submitter.GetAsync($"/tasks/{taskId}")).One("[data-testid=reassign]"));
        (await submitter.GetAsync($"/tasks/{taskId}/reassign")).Expect(HttpStatusCode.Forbidden);

        using var admin = await As("admin@demo.local");
        var task = (await admin.GetAsync($"/tasks/{taskId}")).Expect(HttpStatusCode.OK);
        Assert.Equal($"/tasks/{taskId}/reassign", task.One("[data-testid=reassign]")!.GetAttribute("href"));
        var missing = await admin.SubmitAsync($"/tasks/{taskId}/reassign", "form[data-reassign-form]", new() { ["Email"] = "security@demo.local" });
        missing.Expect(HttpStatusCode.OK);
        Assert.Contains("Bắt buộc: nêu lý do giao lại", missing.Text);
        var done = await admin.SubmitAsync(missing, "form[data-reassign-form]", new() { ["Reason"] = "Chánh Văn phòng đi công tác" }, pageUrl: $"/tasks/{taskId}/reassign");
        Assert.Equal($"/tasks/{taskId}", done.Location);
        Assert.Contains("Hoàng Văn An", (await admin.FollowAsync(done)).One("[data-testid=flash]")!.TextContent);
        Assert.Single(await Flow.InboxTasksAsync("security@demo.local", id, "department-head"));
        var history = (await submitter.GetAsync($"/proposals/{id}")).One("[data-testid=journal]")!.TextContent;
        Assert.Contains("Giao lại việc", history);
        Assert.Contains("Chánh Văn phòng đi công tác", history);
    }

    [Fact]
    public async Task The_new_pages_carry_no_inline_script_style_or_event_handler_and_label_their_inputs()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", id);
        var taskId = (await Flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();
        using var admin = await As("admin@demo.local");
        var userId = await App.Db(db => db.Users.Where(u => u.Email == "head@demo.local").Select(u => u.Id).FirstAsync());
        using var anonymous = PageClient.Anonymous(App);
        foreach (var (client, url) in new[]
        {
            (admin, "/admin/users"), (admin, $"/admin/users/{userId}"), (admin, "/admin/departments"), (admin, "/admin/audit"),
            (admin, "/account/deputies"), (admin, $"/tasks/{taskId}/reassign"), (anonymous, "/account/set-password?user=x&token=y"),
        })
        {
            var page = (await client.GetAsync(url)).Expect(HttpStatusCode.OK);
            Assert.All(page.All("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"inline script on {url}"));
            Assert.Empty(page.All("style"));
            Assert.Empty(page.All("[style]"));
            Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            Assert.Single(page.All("h1"));
            foreach (var input in page.All("input:not([type=hidden]):not([type=submit]), select, textarea"))
            {
                var inputId = input.GetAttribute("id");
                Assert.True(input.HasAttribute("aria-label") || (inputId is not null && page.One($"label[for='{inputId}']") is not null),
                    $"{url}: <{input.LocalName} name={input.GetAttribute("name")}> has no label");
            }
        }
    }
}
