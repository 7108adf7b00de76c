using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Api;

/// <summary>Approving through the API: reject and changes loops, conflicts, idempotency, who may act.</summary>
public sealed class ApprovalApiTests(AppFactory app) : ApprovalApiScenarios<AppFactory>(app);

/// <summary>The same scenarios on PostgreSQL.</summary>
public sealed class ApprovalApiTestsOnPostgres(PostgresAppFixture app) : ApprovalApiScenarios<PostgresAppFixture>(app);

public abstract class ApprovalApiScenarios<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : AppFactory
{
    private Flow Flow => new(app);

    private async Task<string> SubmittedHueTripAsync()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        return id;
    }

    private async Task<int> JournalCountAsync(string id, string kind)
    {
        var guid = Guid.Parse(id);
        return await app.Db(db => db.Journal.CountAsync(j => j.ProposalId == guid && j.Kind == kind));
    }

    [Fact]
    public async Task A_rejection_needs_a_comment_and_ends_the_proposal_as_rejected()
    {
        var id = await SubmittedHueTripAsync();
        var noComment = (await Flow.ActAsync("head@demo.local", id, "department-head", "reject")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("comment", noComment.Errors.Keys);
        Assert.Equal("in_review", await Flow.StatusAsync(id));

        (await Flow.ActAsync("head@demo.local", id, "department-head", "reject", "Không phù hợp kế hoạch năm.")).Expect(HttpStatusCode.OK);
        var rejected = await Flow.GetAsync("submitter@demo.local", id);
        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        Assert.Contains(rejected["journal"]!.AsArray(), j => j!["comment"]?.GetValue<string>() == "Không phù hợp kế hoạch năm.");
        var guid = Guid.Parse(id);
        Assert.True(await app.Db(db => db.Outbox.AnyAsync(m => m.ProposalId == guid && m.Template == "rejected" && m.ToEmail == "submitter@demo.local")));
        using var api = await app.As("submitter@demo.local");
        (await api.Post($"/api/proposals/{id}/submit")).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Changes_requested_go_back_to_the_submitter_who_edits_and_resubmits_to_the_same_step()
    {
        var id = await SubmittedHueTripAsync();
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        (await Flow.ActAsync("intl@demo.local", id, "international-office", "changes")).Expect(HttpStatusCode.BadRequest);
        (await Flow.ActAsync("intl@demo.local", id, "international-office", "changes", "Bổ sung chương trình làm việc chi tiết.")).Expect(HttpStatusCode.OK);
        Assert.Equal("changes_requested", await Flow.StatusAsync(id));
        Assert.Empty(await Flow.InboxTasksAsync("intl@demo.local", id, "international-office"));

        using var submitter = await app.As("submitter@demo.local");
        var current = (await submitter.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.OK).Object;
        Assert.True(current["can"]!["edit"]!.GetValue<bool>());
        var edited = DemoSeeds.HueUnionJicaKoica() with
        {
            Agenda = [new("2024-04-23", "Làm việc với JICA Việt Nam (9:00–11:00)", "JICA"), new("2024-04-23", "Làm việc với KOICA Việt Nam (14:00–16:00)", "KOICA")],
        };
        (await submitter.Put($"/api/proposals/{id}", edited)).Expect(HttpStatusCode.OK);
        var resubmitted = (await submitter.Post($"/api/proposals/{id}/submit")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("in_review", resubmitted["status"]!.GetValue<string>());
        Assert.Equal("international-office", resubmitted["activeSteps"]![0]!["stepId"]!.GetValue<string>());
        Assert.Equal(2, resubmitted["agenda"]!.AsArray().Count);
        await Flow.ApproveAsync("intl@demo.local", id, "international-office", "Đã bổ sung.");
        Assert.Equal("approved", await Flow.StatusAsync(id));
        Assert.Equal(1, await JournalCountAsync(id, "changes-requested"));
        Assert.Equal(1, await JournalCountAsync(id, "resubmitted"));
    }

    [Fact]
    public async Task A_submitted_proposal_cannot_be_edited_or_submitted_again()
    {
        var id = await SubmittedHueTripAsync();
        using var submitter = await app.As("submitter@demo.local");
        var put = (await submitter.Put($"/api/proposals/{id}", DemoSeeds.HueUnionJicaKoica())).Expect(HttpStatusCode.Conflict);
        Assert.Contains("in_review", put["detail"]);
        (await submitter.Post($"/api/proposals/{id}/submit")).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_second_completion_of_the_same_task_is_a_conflict_that_says_by_whom()
    {
        var id = await SubmittedHueTripAsync();
        var task = Assert.Single(await Flow.InboxTasksAsync("head@demo.local", id, "department-head"));
        using var head = await app.As("head@demo.local");
        (await head.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve", comment = "Đồng ý." })).Expect(HttpStatusCode.OK);
        var again = (await head.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve" })).Expect(HttpStatusCode.Conflict);
        Assert.Contains("Trần Văn Bình", again["detail"]);
        Assert.Equal("application/problem+json", again.Raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, await JournalCountAsync(id, "task-completed"));
    }

    [Fact]
    public async Task Two_approvers_acting_at_once_one_wins_and_the_other_gets_409()
    {
        // Two people hold the InternationalOffice role: both see the task and press approve at the same moment.
        await app.WithScope(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Delegations.Web.Accounts.AppUser>>();
            if (await users.FindByEmailAsync("intl2@demo.local") is null)
            {
                var intl = await users.FindByEmailAsync("intl@demo.local");
                var second = new Delegations.Web.Accounts.AppUser
                {
                    UserName = "intl2@demo.local", Email = "intl2@demo.local", FullName = "Nguyễn Văn Hợp", DepartmentId = intl!.DepartmentId,
                };
                await users.CreateAsync(second, DemoData.Password);
                await users.AddToRoleAsync(second, "InternationalOffice");
            }
            return true;
        });
        for (var round = 0; round < 3; round++)
        {
            var id = await SubmittedHueTripAsync();
            await Flow.ApproveAsync("head@demo.local", id, "department-head");
            var task = Assert.Single(await Flow.InboxTasksAsync("intl@demo.local", id, "international-office"));
            using var a = await app.As("intl@demo.local");
            using var b = await app.As("intl2@demo.local");
            var results = await Task.WhenAll(
                a.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve", comment = "A" }),
                b.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve", comment = "B" }));
            Assert.Single(results, r => r.Status == HttpStatusCode.OK);
            var loser = Assert.Single(results, r => r.Status == HttpStatusCode.Conflict);
            Assert.Contains("already completed", loser["detail"]);
            Assert.Equal(2, await JournalCountAsync(id, "task-completed")); // head + exactly one international office decision
            Assert.Equal("approved", await Flow.StatusAsync(id));
        }
    }

    [Fact]
    public async Task A_retried_request_with_the_same_idempotency_key_changes_nothing_and_answers_the_same()
    {
        var id = await SubmittedHueTripAsync();
        var task = Assert.Single(await Flow.InboxTasksAsync("head@demo.local", id, "department-head"));
        using var head = await app.As("head@demo.local");
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "approve-" + id };
        var first = (await head.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve", comment = "Đồng ý." }, headers)).Expect(HttpStatusCode.OK);
        var second = (await head.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve", comment = "Đồng ý." }, headers)).Expect(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(first.Body, second.Body));
        Assert.Equal("international-office", first.Object["activeSteps"]![0]!.GetValue<string>());
        Assert.Equal(1, await JournalCountAsync(id, "task-completed"));
        // Without the key, the same request is a conflict.
        (await head.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve" })).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Who_may_act_on_a_task_is_decided_on_the_server()
    {
        var id = await SubmittedHueTripAsync();
        var task = Assert.Single(await Flow.InboxTasksAsync("head@demo.local", id, "department-head"));
        using var otherHead = await app.As("head2@demo.local");
        (await otherHead.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve" })).Expect(HttpStatusCode.NotFound);
        using var finance = await app.As("finance@demo.local");
        (await finance.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve" })).Expect(HttpStatusCode.NotFound);
        using var submitter = await app.As("submitter@demo.local");
        (await submitter.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve" })).Expect(HttpStatusCode.Forbidden);
        (await app.Anonymous().Post($"/api/tasks/{task["id"]}/complete", new { outcome = "approve" })).Expect(HttpStatusCode.Unauthorized);
        using var head = await app.As("head@demo.local");
        (await head.Post($"/api/tasks/{Guid.NewGuid()}/complete", new { outcome = "approve" })).Expect(HttpStatusCode.NotFound);
        var badOutcome = (await head.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "maybe" })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("outcome", badOutcome.Errors.Keys);
    }

    [Fact]
    public async Task A_visa_task_needs_its_form_fields()
    {
        var id = await SubmittedHueTripAsync();
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        var visas = await Flow.InboxTasksAsync("visa@demo.local", id, "visas");
        Assert.Equal(2, visas.Count);
        var form = visas[0]["form"]!.AsArray();
        var status = form.Single(f => f!["name"]!.GetValue<string>() == "visaStatus")!;
        Assert.True(status["required"]!.GetValue<bool>());
        Assert.Equal(["not-needed", "applied", "granted", "refused"], status["options"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal("Đặng Thanh Phú", visas[0]["item"]!.GetValue<string>());
        using var visa = await app.As("visa@demo.local");
        var missing = (await visa.Post($"/api/tasks/{visas[0]["id"]}/complete", new { outcome = "done", data = new { } })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("data.visaStatus", missing.Errors.Keys);
    }

    [Fact]
    public async Task The_inbox_lists_overdue_tasks_first_with_working_days_left()
    {
        var early = await SubmittedHueTripAsync();
        app.Clock.Advance(TimeSpan.FromDays(1));
        var late = await SubmittedHueTripAsync();
        using var head = await app.As("head@demo.local");
        var inbox = (await head.Get("/api/tasks")).Expect(HttpStatusCode.OK).Array.Select(t => t!.AsObject()).ToList();
        var mine = inbox.Where(t => t["proposalId"]!.GetValue<string>() is var p && (p == early || p == late)).ToList();
        Assert.Equal([early, late], mine.Select(t => t["proposalId"]!.GetValue<string>()));
        Assert.All(mine, t => Assert.Equal(["approve", "reject", "changes", "forward", "send-back"], t["outcomes"]!.AsArray().Select(o => o!.GetValue<string>())));
        Assert.All(mine, t => Assert.NotNull(t["dueInWorkingDays"]));
    }
}
