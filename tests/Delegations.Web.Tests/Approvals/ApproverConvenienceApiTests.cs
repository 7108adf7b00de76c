using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Approvals;

/// <summary>What approvers keep asking for: approve and forward, send back to a step, bulk approve — each journalled.</summary>
public sealed class ApproverConvenienceApiTests(AppFactory app) : ApproverConvenienceApiScenarios<AppFactory>(app);

/// <summary>The same scenarios on PostgreSQL.</summary>
public sealed class ApproverConvenienceApiTestsOnPostgres(PostgresAppFixture app) : ApproverConvenienceApiScenarios<PostgresAppFixture>(app);

public abstract class ApproverConvenienceApiScenarios<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : AppFactory
{
    private Flow Flow => new(app);

    private async Task<string> AtInternationalOfficeAsync()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        return id;
    }

    [Fact]
    public async Task Approve_and_forward_adds_an_ad_hoc_approver_shown_in_the_journal()
    {
        var id = await AtInternationalOfficeAsync();
        var bad = (await Flow.ActAsync("intl@demo.local", id, "international-office", "forward", "Xin ý kiến.", new JsonObject { ["forwardTo"] = new JsonObject { ["role"] = "Chef" } }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Contains("data.forwardTo", bad.Errors.Keys);
        (await Flow.ActAsync("intl@demo.local", id, "international-office", "forward", "Đối tác mới: đề nghị Lãnh đạo cho ý kiến.",
            new JsonObject { ["forwardTo"] = new JsonObject { ["user"] = "leader@demo.local" } })).Expect(HttpStatusCode.OK);
        Assert.Equal("in_review", await Flow.StatusAsync(id));
        var adHoc = Assert.Single(await Flow.InboxTasksAsync("leader@demo.local", id, "international-office"));
        Assert.True(adHoc["adHoc"]!.GetValue<bool>());
        Assert.Empty(await Flow.InboxTasksAsync("intl@demo.local", id, "international-office"));
        var guid = Guid.Parse(id);
        Assert.True(await app.Db(db => db.Outbox.AnyAsync(m => m.ProposalId == guid && m.ToEmail == "leader@demo.local" && m.Template == "task-assigned")));

        await Flow.ApproveAsync("leader@demo.local", id, "international-office", "Đồng ý.");
        var proposal = await Flow.GetAsync("submitter@demo.local", id);
        Assert.Equal("approved", proposal["status"]!.GetValue<string>());
        var journal = proposal["journal"]!.AsArray().Select(j => j!.AsObject()).ToList();
        Assert.Contains(journal, j => j["kind"]!.GetValue<string>() == "forwarded" && j["actor"]!.GetValue<string>() == "Lê Thu Hà"
                                      && j["comment"]!.GetValue<string>() == "Đối tác mới: đề nghị Lãnh đạo cho ý kiến." && j["outcome"]!.GetValue<string>() == "user:leader@demo.local");
        Assert.Contains(journal, j => j["kind"]!.GetValue<string>() == "task-completed" && j["actor"]!.GetValue<string>() == "Phạm Quốc Hưng" && j["fromStep"]!.GetValue<string>() == "international-office");
    }

    [Fact]
    public async Task Send_back_to_an_earlier_step_chosen_from_the_steps_already_passed()
    {
        var id = await AtInternationalOfficeAsync();
        var task = Assert.Single(await Flow.InboxTasksAsync("intl@demo.local", id, "international-office"));
        using var intl = await app.As("intl@demo.local");
        var detail = (await intl.Get($"/api/tasks/{task["id"]}")).Expect(HttpStatusCode.OK).Object;
        var choice = Assert.Single(detail["sendBackSteps"]!.AsArray())!;
        Assert.Equal(("department-head", "Trưởng đơn vị duyệt"), (choice["stepId"]!.GetValue<string>(), choice["title"]!.GetValue<string>()));

        var wrong = (await intl.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "send-back", comment = "Xem lại.", data = new { step = "leadership" } })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("data.step", wrong.Errors.Keys);
        (await intl.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "send-back", comment = "Trưởng đơn vị cần xác nhận lại thành phần đoàn.", data = new { step = "department-head" } }))
            .Expect(HttpStatusCode.OK);
        Assert.Single(await Flow.InboxTasksAsync("head@demo.local", id, "department-head"));
        var journal = (await Flow.GetAsync("submitter@demo.local", id))["journal"]!.AsArray();
        Assert.Contains(journal, j => j!["kind"]!.GetValue<string>() == "sent-back" && j["fromStep"]!.GetValue<string>() == "international-office"
                                      && j["toStep"]!.GetValue<string>() == "department-head" && j["comment"]!.GetValue<string>() == "Trưởng đơn vị cần xác nhận lại thành phần đoàn.");
    }

    [Fact]
    public async Task Bulk_approve_completes_each_task_separately_and_skips_those_with_a_form()
    {
        var first = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        var second = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", first);
        await Flow.SubmitAsync("submitter@demo.local", second);
        var ids = (await Flow.InboxTasksAsync("head@demo.local", first, "department-head")).Concat(await Flow.InboxTasksAsync("head@demo.local", second, "department-head"))
            .Select(t => t["id"]!.GetValue<string>()).ToList();
        using var head = await app.As("head@demo.local");
        var results = (await head.Post("/api/tasks/bulk-complete", new { taskIds = ids.Append(Guid.NewGuid().ToString()), outcome = "approve", comment = "Đồng ý." }))
            .Expect(HttpStatusCode.OK).Array.Select(r => r!.AsObject()).ToList();
        Assert.Equal([200, 200, 404], results.Select(r => r["status"]!.GetValue<int>()));
        foreach (var id in new[] { first, second })
        {
            var guid = Guid.Parse(id);
            Assert.Equal(1, await app.Db(db => db.Journal.CountAsync(j => j.ProposalId == guid && j.Kind == "task-completed")));
        }

        await Flow.ApproveAsync("intl@demo.local", first, "international-office");
        var visas = (await Flow.InboxTasksAsync("visa@demo.local", first, "visas")).Select(t => t["id"]!.GetValue<string>()).ToList();
        using var visa = await app.As("visa@demo.local");
        var refused = (await visa.Post("/api/tasks/bulk-complete", new { taskIds = visas, outcome = "done" })).Expect(HttpStatusCode.OK).Array;
        Assert.All(refused, r => Assert.Equal(400, r!["status"]!.GetValue<int>()));
        Assert.Contains("taskIds", (await head.Post("/api/tasks/bulk-complete", new { taskIds = Array.Empty<string>(), outcome = "approve" })).Expect(HttpStatusCode.BadRequest).Errors.Keys);
    }
}
