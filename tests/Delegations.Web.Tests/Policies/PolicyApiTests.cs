using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Policies;

/// <summary>
/// The policy rules through the API and the pages, on the shipped defaults: findings on the proposal and the
/// approver's task, warnings journalled at submission, a block refusing it (400 naming the rule), the admin API.
/// </summary>
public class PolicyApiTests : AppTests
{
    private static IEnumerable<JsonObject> Findings(JsonNode? node) => node!.AsArray().Select(f => f!.AsObject());

    [Fact]
    public async Task The_seed_001_trip_shows_its_findings_to_the_submitter_and_the_approver_and_its_warnings_are_journalled_at_submit()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        var draft = await Flow.GetAsync("submitter@demo.local", id);
        var days = Assert.Single(Findings(draft["policyFindings"]), f => f["rule"]!.GetValue<string>() == "days-per-country");
        Assert.Equal("warning", days["severity"]!.GetValue<string>());
        Assert.Equal("destinations[0]", days["path"]!.GetValue<string>());
        Assert.Equal("Đoàn ở Trung Quốc 5 ngày; quy định tối đa 3 ngày mỗi nước.", days["message"]!.GetValue<string>());

        var submitted = (await Flow.SubmitAsync("submitter@demo.local", id)).Object;
        Assert.Equal("in_review", submitted["status"]!.GetValue<string>());
        var warning = Assert.Single(submitted["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == "policy-warning")!;
        Assert.Equal("days-per-country", warning["outcome"]!.GetValue<string>());
        Assert.Equal("Nguyễn Thị Lan", warning["actor"]!.GetValue<string>());

        // The approver sees them on the task, through the API and on the task page.
        var task = Assert.Single(await Flow.InboxTasksAsync("head@demo.local", id, "department-head"));
        using var head = await App.As("head@demo.local");
        var detail = (await head.Get($"/api/tasks/{task["id"]}")).Expect(HttpStatusCode.OK).Object;
        Assert.Contains(Findings(detail["policyFindings"]), f => f["rule"]!.GetValue<string>() == "days-per-country");
        using var page = await PageClient.SignInAsync(App, "head@demo.local");
        var taskPage = (await page.GetAsync($"/tasks/{task["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Contains("Đoàn ở Trung Quốc 5 ngày", taskPage.One("[data-testid=policy-findings] [data-rule=days-per-country]")!.TextContent);
        var proposalPage = (await page.GetAsync($"/proposals/{id}")).Expect(HttpStatusCode.OK);
        Assert.NotNull(proposalPage.One("[data-testid=policy-findings] [data-rule=days-per-country][data-severity=warning]"));
    }

    [Fact]
    public async Task A_rule_made_blocking_refuses_the_submission_with_400_naming_the_rule_and_switched_off_it_says_nothing()
    {
        using var admin = await App.As("admin@demo.local");
        var rule = (await admin.Get("/api/admin/policy-rules/days-per-country")).Expect(HttpStatusCode.OK).Object;
        rule["severity"] = "block";
        (await admin.Put("/api/admin/policy-rules/days-per-country", rule)).Expect(HttpStatusCode.OK);

        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        using var submitter = await App.As("submitter@demo.local");
        var refused = (await submitter.Post($"/api/proposals/{id}/submit")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("days-per-country", refused["detail"]);
        Assert.Contains("days-per-country", refused.Object["rules"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("[days-per-country]", Assert.Single(refused.Errors["destinations[0]"]));
        var still = await Flow.GetAsync("submitter@demo.local", id);
        Assert.Equal("draft", still["status"]!.GetValue<string>());
        Assert.DoesNotContain(still["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() is "submitted" or "policy-warning");

        rule["enabled"] = false;
        (await admin.Put("/api/admin/policy-rules/days-per-country", rule)).Expect(HttpStatusCode.OK);
        var submitted = (await Flow.SubmitAsync("submitter@demo.local", id)).Object;
        Assert.DoesNotContain(Findings(submitted["policyFindings"]), f => f["rule"]!.GetValue<string>() == "days-per-country");
        Assert.DoesNotContain(submitted["journal"]!.AsArray(), j => j!["outcome"]?.GetValue<string>() == "days-per-country");
    }

    [Fact]
    public async Task Only_admins_manage_the_rules_bad_input_names_the_field_and_every_change_is_audited()
    {
        using var submitter = await App.As("submitter@demo.local");
        (await submitter.Get("/api/admin/policy-rules")).Expect(HttpStatusCode.Forbidden);
        (await submitter.Put("/api/admin/policy-rules/lead-time", new { })).Expect(HttpStatusCode.Forbidden);

        using var admin = await App.As("admin@demo.local");
        var rules = (await admin.Get("/api/admin/policy-rules")).Expect(HttpStatusCode.OK).Array;
        Assert.Equal(10, rules.Count);
        var bad = (await admin.Put("/api/admin/policy-rules/trips-per-year", new JsonObject
        {
            ["kind"] = "trips-per-year", ["severity"] = "fatal", ["appliesTo"] = new JsonArray("outbound", "spaceflight"),
            ["message"] = new JsonObject { ["vi"] = "Quá {max} chuyến", ["en"] = "" }, ["parameters"] = new JsonObject { ["max"] = "two" },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["appliesTo[1]", "message.en", "parameters.max", "severity"], bad.Errors.Keys.Order());
        (await admin.Get("/api/admin/policy-rules/no-such-rule")).Expect(HttpStatusCode.NotFound);

        var created = (await admin.Post("/api/admin/policy-rules", new JsonObject
        {
            ["id"] = "vusta-trips-per-year", ["kind"] = "trips-per-year", ["severity"] = "block", ["appliesTo"] = new JsonArray("outbound"), ["organisation"] = "VUSTA",
            ["message"] = new JsonObject { ["vi"] = "{person}: quá {max} chuyến/năm", ["en"] = "{person}: more than {max} trips a year" },
            ["parameters"] = new JsonObject { ["max"] = 3 },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("VUSTA", created["organisation"]);
        (await admin.Post("/api/admin/policy-rules", created.Object)).Expect(HttpStatusCode.Conflict);
        (await admin.Send(HttpMethod.Delete, "/api/admin/policy-rules/vusta-trips-per-year", null)).Expect(HttpStatusCode.NoContent);

        var audit = await App.Db(db => db.Set<AuditEntry>().Where(a => a.Subject!.StartsWith("policy rule")).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["created", "removed"], audit.Select(a => a.Detail!.Split(':')[0]));
        Assert.All(audit, a => Assert.Equal("Đặng Minh Quân", a.ActorName));
    }

    [Fact]
    public async Task A_member_in_two_delegations_at_once_and_a_host_leader_abroad_are_conflicts_on_submit_and_on_the_task()
    {
        // Lê Quang Huy is already going to Japan on 25–28 April when the Beijing trip (22–26 April) is proposed.
        var japan = await Flow.CreateAsync("submitter2@demo.local", DemoSeeds.MinisterBeijingShanghai() with
        {
            Title = "Kết nối doanh nghiệp KH&CN tại Tokyo", StartDate = "2024-04-25", EndDate = "2024-04-28", Agenda = [],
            Destinations = [new("JP", "Tokyo")],
            Members = [DemoSeeds.MinisterBeijingShanghai().Members![2]! with { Role = "head" }],
        });
        await Flow.SubmitAsync("submitter2@demo.local", japan);
        var beijing = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        var conflict = Assert.Single(Findings((await Flow.GetAsync("submitter@demo.local", beijing))["policyFindings"]),
            f => f["rule"]!.GetValue<string>() == "overlapping-delegations");
        Assert.Equal("members[2]", conflict["path"]!.GetValue<string>());
        Assert.Equal("Lê Quang Huy đã có tên trong một đoàn khác từ 25/04/2024 đến 28/04/2024, trùng thời gian.", conflict["message"]!.GetValue<string>());
        var submitted = (await Flow.SubmitAsync("submitter@demo.local", beijing)).Object;
        Assert.Contains(submitted["journal"]!.AsArray(), j => j!["outcome"]?.GetValue<string>() == "overlapping-delegations");

        // The minister receives foreign guests on 24 April while he is in Beijing.
        var visit = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.CasVicePresidentVisit() with
        {
            StartDate = "2024-04-24", EndDate = "2024-04-24", Agenda = [], Host = new("Huỳnh Thành Đạt", "Bộ trưởng Bộ Khoa học và Công nghệ"),
        });
        var away = Assert.Single(Findings((await Flow.GetAsync("submitter@demo.local", visit))["policyFindings"]), f => f["rule"]!.GetValue<string>() == "host-leader-away");
        Assert.Equal("host.fullName", away["path"]!.GetValue<string>());
        Assert.StartsWith("Huỳnh Thành Đạt, người chủ trì tiếp đoàn, đi công tác nước ngoài từ 22/04/2024", away["message"]!.GetValue<string>());
    }
}

public sealed class PolicyApiTestsOnPostgres : PolicyApiTests, IOnPostgres;
