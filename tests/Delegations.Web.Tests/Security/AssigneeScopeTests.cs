using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Security;

/// <summary>
/// Who a step's assignee resolves to: a role in the submitter's department (or, when that unit has no holder, the
/// nearest one above), anyone holding the role ("any"), or a named department with its sub-departments.
/// </summary>
public class AssigneeScopeTests : AppTests
{
    private static async Task<string> NewAccountAsync(Infrastructure.Api admin, string email, string name, string department, params string[] roles)
    {
        var created = (await admin.Post("/api/admin/users", new { email, fullName = name, department, roles, password = "Demo@2026" })).Expect(HttpStatusCode.Created);
        return created.Object["user"]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_unit_without_a_head_of_its_own_goes_to_the_head_of_the_department_above()
    {
        using var admin = await App.As("admin@demo.local");
        (await admin.Post("/api/admin/departments", new { code = "MOST-VP-TH", nameVi = "Phòng Tổng hợp", nameEn = "General Affairs Division", parent = "MOST-VP" }))
            .Expect(HttpStatusCode.Created);
        await NewAccountAsync(admin, "pham.van.duc@demo.local", "Phạm Văn Đức", "MOST-VP-TH", "Submitter");

        var id = await Flow.CreateAsync("pham.van.duc@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("pham.van.duc@demo.local", id);
        var task = Assert.Single(await Flow.InboxTasksAsync("head@demo.local", id, "department-head"));
        Assert.Empty(await Flow.InboxTasksAsync("head2@demo.local", id, "department-head"));
        Assert.Equal(1, await App.Db(db => db.Outbox.CountAsync(m => m.ToEmail == "head@demo.local" && m.TaskId == Guid.Parse(task["id"]!.GetValue<string>()))));

        // Once the unit has a head, its next proposal stays with them.
        await NewAccountAsync(admin, "vu.thi.hoa@demo.local", "Vũ Thị Hoa", "MOST-VP-TH", "DepartmentHead");
        var next = await Flow.CreateAsync("pham.van.duc@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("pham.van.duc@demo.local", next);
        Assert.Single(await Flow.InboxTasksAsync("vu.thi.hoa@demo.local", next, "department-head"));
        Assert.Empty(await Flow.InboxTasksAsync("head@demo.local", next, "department-head"));
    }

    [Fact]
    public async Task A_named_department_reaches_its_sub_departments_and_no_other()
    {
        using var admin = await App.As("admin@demo.local");
        (await admin.Post("/api/admin/departments", new { code = "MOST-HTQT-LT", nameVi = "Phòng Lễ tân", nameEn = "Protocol Office", parent = "MOST-HTQT" }))
            .Expect(HttpStatusCode.Created);
        await NewAccountAsync(admin, "dao.minh.khoa@demo.local", "Đào Minh Khoa", "MOST-HTQT-LT", "InternationalOffice");
        await NewAccountAsync(admin, "ly.thu.ngan@demo.local", "Lý Thu Ngân", "VUSTA-KHHTQT", "InternationalOffice");

        // The international office review goes to department:MOST-HTQT instead of anyone holding the role.
        var version = (await admin.Get("/api/admin/workflows/outbound-delegation/versions/1")).Expect(HttpStatusCode.OK).Object["definition"]!.AsObject();
        var review = version["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "international-office")!;
        review["assignee"] = new JsonObject { ["role"] = "InternationalOffice", ["scope"] = "department:MOST-HTQT" };
        (await admin.Put("/api/admin/workflows/outbound-delegation", version)).Expect(HttpStatusCode.OK);
        (await admin.Post("/api/admin/workflows/outbound-delegation/publish")).Expect(HttpStatusCode.OK);

        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        Assert.Single(await Flow.InboxTasksAsync("intl@demo.local", id, "international-office"));           // MOST-HTQT
        Assert.Single(await Flow.InboxTasksAsync("dao.minh.khoa@demo.local", id, "international-office"));  // its protocol office
        Assert.Empty(await Flow.InboxTasksAsync("ly.thu.ngan@demo.local", id, "international-office"));     // VUSTA's international board
        var mailed = await App.Db(db => db.Outbox.Where(m => m.Template == "task-assigned" && m.Subject.Contains("Ban Hợp tác quốc tế")).Select(m => m.ToEmail).ToListAsync());
        Assert.Equal(["dao.minh.khoa@demo.local", "intl@demo.local"], mailed.Order());

        // The proposal says who may act: both, by name.
        var step = (await Flow.GetAsync("submitter@demo.local", id))["activeSteps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "international-office")!;
        Assert.Equal(["Đào Minh Khoa", "Lê Thu Hà"], step["assignees"]![0]!["people"]!.AsArray().Select(p => p!.GetValue<string>()).Order());

        // Approved by the protocol office: the journal names who.
        await Flow.ApproveAsync("dao.minh.khoa@demo.local", id, "international-office");
        Assert.Empty(await Flow.InboxTasksAsync("intl@demo.local", id, "international-office"));
    }

    [Fact]
    public async Task Any_reaches_every_holder_of_the_role_whatever_their_department()
    {
        using var admin = await App.As("admin@demo.local");
        await NewAccountAsync(admin, "ly.thu.ngan@demo.local", "Lý Thu Ngân", "VUSTA-KHHTQT", "InternationalOffice");
        var id = await Flow.CreateAsync("submitter2@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter2@demo.local", id);
        await Flow.ApproveAsync("head2@demo.local", id, "department-head");
        Assert.Single(await Flow.InboxTasksAsync("intl@demo.local", id, "international-office"));
        Assert.Single(await Flow.InboxTasksAsync("ly.thu.ngan@demo.local", id, "international-office"));
    }
}

public sealed class AssigneeScopeTestsOnPostgres : AssigneeScopeTests, IOnPostgres;
