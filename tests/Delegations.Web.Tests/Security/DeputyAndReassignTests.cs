using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Security;

/// <summary>
/// Deputies and reassignment on the seed 001 trip: the head of the Ministry Office hands his authority to a colleague
/// while abroad; tasks show in the deputy's inbox only within the dates; the journal says "on behalf of"; an admin
/// and a department head hand a task to someone with a reason, and the new assignee is mailed.
/// </summary>
public class DeputyAndReassignTests : AppTests
{
    private async Task<string> SubmittedTripAsync()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", id);
        return id;
    }

    private static JsonObject Mandate(string deputy, string from, string to, string? principal = null) =>
        new() { ["principal"] = principal, ["deputy"] = deputy, ["from"] = from, ["to"] = to, ["reason"] = "Đi công tác Bắc Kinh cùng đoàn Bộ trưởng" };

    [Fact]
    public async Task A_deputy_sees_and_acts_on_the_principals_tasks_only_within_the_dates_and_the_journal_says_on_behalf_of()
    {
        var id = await SubmittedTripAsync(); // Monday 18 March 2024
        using (var head = await App.As("head@demo.local"))
        {
            var created = (await head.Post("/api/deputies", Mandate("security@demo.local", "2024-03-20", "2024-03-22"))).Expect(HttpStatusCode.Created);
            Assert.Equal("Hoàng Văn An", created.Object["deputy"]!["fullName"]!.GetValue<string>());
            Assert.False(created.Object["activeToday"]!.GetValue<bool>());
            var mine = (await head.Get("/api/deputies")).Expect(HttpStatusCode.OK).Object;
            Assert.Single(mine["asPrincipal"]!.AsArray());
        }
        var taskId = (await Flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();

        // Before the range: not in the deputy's inbox, and not theirs to complete.
        Assert.Empty(await Flow.InboxTasksAsync("security@demo.local", id, "department-head"));
        using (var deputy = await App.As("security@demo.local"))
            (await deputy.Post($"/api/tasks/{taskId}/complete", new { outcome = "approve", comment = "Đồng ý." })).Expect(HttpStatusCode.Forbidden);

        // Within it: in the inbox, marked as deputy, and the approval is journalled on behalf of the principal.
        await Flow.TravelToAsync(2024, 3, 21, 9);
        var held = Assert.Single(await Flow.InboxTasksAsync("security@demo.local", id, "department-head"));
        Assert.Equal("Trần Văn Bình", held["onBehalfOf"]!.GetValue<string>());
        using (var deputy = await App.As("security@demo.local"))
        {
            var deputyView = (await deputy.Get("/api/deputies")).Expect(HttpStatusCode.OK).Object;
            Assert.True(Assert.Single(deputyView["asDeputy"]!.AsArray())!["activeToday"]!.GetValue<bool>());
        }
        await Flow.ApproveAsync("security@demo.local", id, "department-head", "Đồng ý, thay mặt Chánh Văn phòng.");
        var entry = (await Flow.GetAsync("submitter@demo.local", id))["journal"]!.AsArray().Last(j => j!["kind"]!.GetValue<string>() == "task-completed")!;
        Assert.Equal("Hoàng Văn An", entry["actor"]!.GetValue<string>());
        Assert.Equal("Trần Văn Bình", entry["onBehalfOf"]!.GetValue<string>());

        // After the range: another proposal's task is the principal's alone again.
        var later = await SubmittedTripAsync();
        await Flow.TravelToAsync(2024, 3, 23, 9);
        Assert.Empty(await Flow.InboxTasksAsync("security@demo.local", later, "department-head"));
        var laterTask = (await Flow.InboxTasksAsync("head@demo.local", later, "department-head")).Single()["id"]!.GetValue<string>();
        using (var deputy = await App.As("security@demo.local"))
            (await deputy.Post($"/api/tasks/{laterTask}/complete", new { outcome = "approve", comment = "Đồng ý." })).Expect(HttpStatusCode.Forbidden);

        var audit = await App.Db(db => db.Set<AuditEntry>().Where(a => a.Kind == AuditKinds.DeputyChange || a.Kind == AuditKinds.TaskAction).ToListAsync());
        Assert.Contains(audit, a => a.Kind == AuditKinds.DeputyChange && a.Subject == "head@demo.local" && a.Detail!.Contains("security@demo.local from 2024-03-20 to 2024-03-22"));
        Assert.Contains(audit, a => a.Kind == AuditKinds.TaskAction && a.Detail == "approve on behalf of Trần Văn Bình");
    }

    [Fact]
    public async Task Deputies_are_set_up_by_approvers_for_themselves_admins_for_anyone_and_revoked_by_the_principal()
    {
        var id = await SubmittedTripAsync();
        using var submitter = await App.As("submitter@demo.local");
        var notApprover = (await submitter.Post("/api/deputies", Mandate("head@demo.local", "2024-03-18", "2024-03-20"))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("principal", notApprover.Errors.Keys);
        (await submitter.Post("/api/deputies", Mandate("security@demo.local", "2024-03-18", "2024-03-20", principal: "head@demo.local"))).Expect(HttpStatusCode.Forbidden);

        using var head = await App.As("head@demo.local");
        var bad = (await head.Post("/api/deputies", new { deputy = "head@demo.local", from = "2024-03-20", to = "2024-03-19" })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("deputy", bad.Errors.Keys);
        Assert.Contains("to", bad.Errors.Keys);
        Assert.Contains("reason", bad.Errors.Keys);

        using var admin = await App.As("admin@demo.local");
        var mandate = (await admin.Post("/api/deputies", Mandate("security@demo.local", "2024-03-18", "2024-03-29", principal: "head@demo.local"))).Expect(HttpStatusCode.Created);
        Assert.Single(await Flow.InboxTasksAsync("security@demo.local", id, "department-head"));
        Assert.Single((await admin.Get("/api/deputies?all=true")).Expect(HttpStatusCode.OK).Array);
        (await head.Get("/api/deputies?all=true")).Expect(HttpStatusCode.Forbidden);

        var mandateId = mandate["id"];
        using (var deputy = await App.As("security@demo.local"))
            (await deputy.Post($"/api/deputies/{mandateId}/revoke")).Expect(HttpStatusCode.Forbidden);
        using (var stranger = await App.As("head2@demo.local"))
            (await stranger.Post($"/api/deputies/{mandateId}/revoke")).Expect(HttpStatusCode.NotFound);
        var revoked = (await head.Post($"/api/deputies/{mandateId}/revoke")).Expect(HttpStatusCode.OK);
        Assert.True(revoked.Object["revoked"]!.GetValue<bool>());
        Assert.Empty(await Flow.InboxTasksAsync("security@demo.local", id, "department-head"));
        Assert.Equal(2, await App.Db(db => db.Set<AuditEntry>().CountAsync(a => a.Kind == AuditKinds.DeputyChange)));
    }

    [Fact]
    public async Task An_admin_reassigns_a_task_with_a_reason_the_new_assignee_is_mailed_and_only_they_may_act()
    {
        var id = await SubmittedTripAsync();
        var taskId = (await Flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();
        using var admin = await App.As("admin@demo.local");
        var missing = (await admin.Post($"/api/tasks/{taskId}/reassign", new { email = "security@demo.local" })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("reason", missing.Errors.Keys);
        var self = (await admin.Post($"/api/tasks/{taskId}/reassign", new { email = "submitter@demo.local", reason = "Thử" })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("email", self.Errors.Keys); // the submitter does not approve their own proposal

        var done = (await admin.Post($"/api/tasks/{taskId}/reassign", new { email = "security@demo.local", reason = "Chánh Văn phòng nghỉ ốm; giao đồng chí An xử lý." }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Hoàng Văn An", done.Object["assignedTo"]!["name"]!.GetValue<string>());
        Assert.Empty(await Flow.InboxTasksAsync("head@demo.local", id, "department-head"));
        Assert.Single(await Flow.InboxTasksAsync("security@demo.local", id, "department-head"));
        using (var head = await App.As("head@demo.local"))
            (await head.Post($"/api/tasks/{taskId}/complete", new { outcome = "approve", comment = "Đồng ý." })).Expect(HttpStatusCode.Forbidden);

        var journal = (await Flow.GetAsync("submitter@demo.local", id))["journal"]!.AsArray().Single(j => j!["kind"]!.GetValue<string>() == "task-reassigned")!;
        Assert.Equal("Đặng Minh Quân", journal["actor"]!.GetValue<string>());
        Assert.Equal("Hoàng Văn An", journal["outcome"]!.GetValue<string>());
        Assert.Equal("Chánh Văn phòng nghỉ ốm; giao đồng chí An xử lý.", journal["comment"]!.GetValue<string>());
        var mail = await App.Db(db => db.Outbox.Where(m => m.ToEmail == "security@demo.local" && m.Template == "task-assigned").ToListAsync());
        Assert.Contains("Trưởng đơn vị duyệt", Assert.Single(mail).Subject);
        Assert.Contains(await App.Db(db => db.Set<AuditEntry>().Where(a => a.Kind == AuditKinds.TaskAction).Select(a => a.Detail).ToListAsync()),
            d => d!.StartsWith("reassigned to security@demo.local"));

        await Flow.ApproveAsync("security@demo.local", id, "department-head");
        (await admin.Post($"/api/tasks/{taskId}/reassign", new { email = "head@demo.local", reason = "Trả lại" })).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Department_heads_reassign_within_their_department_and_nobody_else_may()
    {
        var id = await SubmittedTripAsync();
        var taskId = (await Flow.InboxTasksAsync("head@demo.local", id, "department-head")).Single()["id"]!.GetValue<string>();
        var body = new { email = "security@demo.local", reason = "Đi công tác" };
        using (var submitter = await App.As("submitter@demo.local"))
            (await submitter.Post($"/api/tasks/{taskId}/reassign", body)).Expect(HttpStatusCode.Forbidden); // sees it, may not hand it on
        using (var otherHead = await App.As("head2@demo.local"))
            (await otherHead.Post($"/api/tasks/{taskId}/reassign", body)).Expect(HttpStatusCode.NotFound); // another department's: not known to exist
        using (var intl = await App.As("intl@demo.local"))
            (await intl.Post($"/api/tasks/{taskId}/reassign", body)).Expect(HttpStatusCode.NotFound);
        using (var head = await App.As("head@demo.local"))
            (await head.Post($"/api/tasks/{taskId}/reassign", body)).Expect(HttpStatusCode.OK);
        Assert.Single(await Flow.InboxTasksAsync("security@demo.local", id, "department-head"));
    }
}

public sealed class DeputyAndReassignTestsOnPostgres : DeputyAndReassignTests, IOnPostgres;
