using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;

namespace Delegations.Web.Tests.AdminWorkflows;

/// <summary>Admins edit workflow definitions through the API: validate, save, publish, diff, export/import, simulate, migrate, recover.</summary>
public sealed class WorkflowAdminApiTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private Flow Flow => new(_app);

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    private async Task<JsonObject> LatestOutboundAsync(Infrastructure.Api admin, int version = 1) =>
        (await admin.Get($"/api/admin/workflows/outbound-delegation/versions/{version}")).Expect(HttpStatusCode.OK).Object["definition"]!.AsObject();

    private static JsonObject Step(JsonObject definition, string id) =>
        definition["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == id)!.AsObject();

    private async Task<int> PublishAsync(Infrastructure.Api admin, JsonObject definition)
    {
        (await admin.Put("/api/admin/workflows/outbound-delegation", definition)).Expect(HttpStatusCode.OK);
        return (await admin.Post("/api/admin/workflows/outbound-delegation/publish")).Expect(HttpStatusCode.OK).Object["version"]!.GetValue<int>();
    }

    [Fact]
    public async Task Non_admins_get_403_everywhere_here_and_anonymous_callers_401()
    {
        var endpoints = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, "/api/admin/workflows", null),
            (HttpMethod.Post, "/api/admin/workflows", new { id = "x" }),
            (HttpMethod.Get, "/api/admin/workflows/outbound-delegation", null),
            (HttpMethod.Put, "/api/admin/workflows/outbound-delegation", new { id = "x" }),
            (HttpMethod.Post, "/api/admin/workflows/outbound-delegation/validate", new { id = "x" }),
            (HttpMethod.Post, "/api/admin/workflows/outbound-delegation/diagram", new { id = "x" }),
            (HttpMethod.Get, "/api/admin/workflow-schema.json", null),
            (HttpMethod.Post, "/api/admin/workflows/outbound-delegation/publish", null),
            (HttpMethod.Get, "/api/admin/workflows/outbound-delegation/versions/1", null),
            (HttpMethod.Get, "/api/admin/workflows/outbound-delegation/versions/1/export", null),
            (HttpMethod.Get, "/api/admin/workflows/outbound-delegation/versions/1/diff/1", null),
            (HttpMethod.Post, "/api/admin/workflows/outbound-delegation/simulate", new { proposal = new { } }),
            (HttpMethod.Post, "/api/admin/workflows/outbound-delegation/migrate", new { dryRun = true }),
            (HttpMethod.Get, "/api/admin/incidents", null),
            (HttpMethod.Post, $"/api/admin/instances/{Guid.NewGuid()}/retry", null),
            (HttpMethod.Post, $"/api/admin/instances/{Guid.NewGuid()}/cancel", new { reason = "x" }),
            (HttpMethod.Get, "/api/admin/holidays", null),
            (HttpMethod.Put, "/api/admin/holidays/2026-12-31", new { name = "x" }),
            (HttpMethod.Delete, "/api/admin/holidays/2026-12-31", null),
        };
        foreach (var email in new[] { "submitter@demo.local", "head@demo.local", "intl@demo.local", "leader@demo.local" })
        {
            using var api = await _app.As(email);
            foreach (var (method, path, body) in endpoints)
                Assert.True((await api.Send(method, path, body)).Status == HttpStatusCode.Forbidden, $"{email} {method} {path}");
        }
        foreach (var (method, path, body) in endpoints)
            Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Anonymous().Send(method, path, body)).Status);
    }

    [Fact]
    public async Task The_list_shows_each_definition_with_its_latest_version_and_running_instances()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        using var admin = await _app.As("admin@demo.local");
        var list = (await admin.Get("/api/admin/workflows")).Expect(HttpStatusCode.OK).Array.Select(x => x!.AsObject()).ToList();
        var outbound = list.Single(w => w["id"]!.GetValue<string>() == "outbound-delegation");
        Assert.Equal((1, false, 1, "outbound"), (outbound["latestVersion"]!.GetValue<int>(), outbound["draftPresent"]!.GetValue<bool>(),
            outbound["runningInstances"]!.GetValue<int>(), outbound["appliesToKind"]!.GetValue<string>()));
        Assert.Contains(list, w => w["id"]!.GetValue<string>() == "inbound-delegation");
    }

    public static TheoryData<string, string, string, string> BrokenDefinitions => new()
    {
        { "unknown-step", "department-head", "$.steps[0].on.approve", """{ "on": { "approve": "nowhere", "reject": "rejected" } }""" },
        { "bad-duration", "department-head", "$.steps[0].due", """{ "due": "3 fortnights" }""" },
        { "unknown-role", "department-head", "$.steps[0].assignee.role", """{ "assignee": { "role": "Director", "scope": "any" } }""" },
        { "schema", "department-head", "$.steps[0].title.en", """{ "title": { "vi": "Trưởng đơn vị duyệt" } }""" },
        { "expression", "department-head", "$.steps[0].due", """{ "due": "proposal.startDate -* 2 days" }""" },
        { "bad-reminder", "department-head", "$.steps[0].remind[0]", """{ "remind": ["before soon"] }""" },
        { "unexpected-property", "department-head", "$.steps[0].next", """{ "next": "completed" }""" },
        { "bad-duration", "department-head", "$.steps[0].escalate.after", """{ "escalate": { "after": "soon", "to": { "role": "Leadership" } } }""" },
    };

    [Theory]
    [MemberData(nameof(BrokenDefinitions))]
    public async Task Every_validator_error_comes_back_with_its_step_and_path_and_nothing_is_saved(string code, string stepId, string path, string patch)
    {
        using var admin = await _app.As("admin@demo.local");
        var definition = await LatestOutboundAsync(admin);
        var step = Step(definition, "department-head");
        foreach (var (key, value) in JsonNode.Parse(patch)!.AsObject()) step[key] = value?.DeepClone();
        var response = (await admin.Put("/api/admin/workflows/outbound-delegation", definition)).Expect(HttpStatusCode.BadRequest);
        var errors = response.Object["errors"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Contains(errors, e => e["code"]!.GetValue<string>() == code && e["stepId"]?.GetValue<string>() == stepId && e["path"]!.GetValue<string>() == path
                                     && e["message"]!.GetValue<string>().Length > 0);
        var detail = (await admin.Get("/api/admin/workflows/outbound-delegation")).Expect(HttpStatusCode.OK).Object;
        Assert.Null(detail["draft"]);
    }

    [Fact]
    public async Task Graph_errors_unreachable_steps_missing_ends_and_parallels_without_their_join_are_refused()
    {
        using var admin = await _app.As("admin@demo.local");
        var definition = await LatestOutboundAsync(admin);
        definition["steps"]!.AsArray().Add(JsonNode.Parse("""{ "id": "orphan", "type": "end", "outcome": "completed" }"""));
        Step(definition, "preparation")["join"] = "international-office";
        var errors = (await admin.Put("/api/admin/workflows/outbound-delegation", definition)).Expect(HttpStatusCode.BadRequest).Object["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["code"]!.GetValue<string>() == "unreachable" && e["stepId"]!.GetValue<string>() == "orphan");
        Assert.Contains(errors, e => e!["code"]!.GetValue<string>() == "parallel-join" && e["stepId"]!.GetValue<string>() == "preparation");

        var noEnd = await LatestOutboundAsync(admin);
        Step(noEnd, "await-return")["next"] = "visas"; // visas → await-return → visas …: never an end
        var loop = (await admin.Put("/api/admin/workflows/outbound-delegation", noEnd)).Expect(HttpStatusCode.BadRequest).Object["errors"]!.AsArray();
        Assert.Contains(loop, e => e!["code"]!.GetValue<string>() == "no-end" && e["path"]!.GetValue<string>().StartsWith("$.steps["));

        var wrongId = await LatestOutboundAsync(admin);
        wrongId["id"] = "other-flow";
        Assert.Contains((await admin.Put("/api/admin/workflows/outbound-delegation", wrongId)).Expect(HttpStatusCode.BadRequest).Object["errors"]!.AsArray(),
            e => e!["code"]!.GetValue<string>() == "id-mismatch");
        (await admin.Put("/api/admin/workflows/outbound-delegation", "{ not json")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Publishing_makes_a_new_version_new_proposals_use_it_and_running_ones_stay_on_theirs()
    {
        var old = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", old);
        using var admin = await _app.As("admin@demo.local");
        var definition = await LatestOutboundAsync(admin);
        Step(definition, "department-head")["due"] = "5 working days";
        var version = await PublishAsync(admin, definition);
        Assert.Equal(2, version);

        Assert.Equal(1, (await Flow.GetAsync("submitter@demo.local", old))["workflow"]!["version"]!.GetValue<int>());
        var fresh = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        var submitted = (await Flow.SubmitAsync("submitter@demo.local", fresh)).Object;
        Assert.Equal(2, submitted["workflow"]!["version"]!.GetValue<int>());
        // Submitted on Monday 18/3/2024 09:00: 5 working days later is Monday 25/3; the old version said Thursday 21/3.
        Assert.Equal(new DateTimeOffset(2024, 3, 25, 9, 0, 0, TimeSpan.FromHours(7)), submitted["activeSteps"]![0]!["due"]!.GetValue<DateTimeOffset>());
        Assert.Equal(new DateTimeOffset(2024, 3, 21, 9, 0, 0, TimeSpan.FromHours(7)), (await Flow.GetAsync("submitter@demo.local", old))["activeSteps"]![0]!["due"]!.GetValue<DateTimeOffset>());

        var diff = (await admin.Get("/api/admin/workflows/outbound-delegation/versions/1/diff/2")).Expect(HttpStatusCode.OK).Array;
        var change = Assert.Single(diff)!;
        Assert.Equal(("changed", "department-head", "$.steps[department-head].due", "3 working days", "5 working days"),
            (change["kind"]!.GetValue<string>(), change["stepId"]!.GetValue<string>(), change["path"]!.GetValue<string>(),
             change["before"]!.GetValue<string>(), change["after"]!.GetValue<string>()));

        // Both keep running to the end on their own versions.
        await Flow.ApproveAsync("head@demo.local", old, "department-head");
        await Flow.ApproveAsync("head@demo.local", fresh, "department-head");
        Assert.Equal("international-office", (await Flow.GetAsync("submitter@demo.local", old))["activeSteps"]![0]!["stepId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Running_instances_move_to_a_new_version_when_their_steps_exist_there_and_are_refused_with_the_reason_otherwise()
    {
        var waiting = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", waiting);
        using var admin = await _app.As("admin@demo.local");

        // Version 2 adds a security review for some countries (the admin's example from the issue).
        var v2 = await LatestOutboundAsync(admin);
        Step(v2, "international-office")["on"]!["approve"] = "needs-security";
        v2["steps"]!.AsArray().Add(JsonNode.Parse("""
            { "id": "needs-security", "type": "decision",
              "cases": [ { "when": "proposal.countries.some(c => ['KP', 'IR'].includes(c))", "next": "security" } ], "otherwise": "needs-leadership" }
            """));
        v2["steps"]!.AsArray().Add(JsonNode.Parse("""
            { "id": "security", "type": "approval", "title": { "vi": "Ý kiến an ninh", "en": "Security review" },
              "assignee": { "role": "SecurityLiaison" }, "on": { "approve": "needs-leadership", "reject": "rejected" } }
            """));
        Assert.Equal(2, await PublishAsync(admin, v2));

        var dry = (await admin.Post("/api/admin/workflows/outbound-delegation/migrate", new { toVersion = 2, dryRun = true })).Expect(HttpStatusCode.OK).Object;
        var item = Assert.Single(dry["instances"]!.AsArray())!;
        Assert.Empty(item["reasons"]!.AsArray());
        Assert.False(item["migrated"]!.GetValue<bool>());
        var done = (await admin.Post("/api/admin/workflows/outbound-delegation/migrate", new { toVersion = 2, dryRun = false })).Expect(HttpStatusCode.OK).Object;
        Assert.True(done["instances"]![0]!["migrated"]!.GetValue<bool>());
        var moved = await Flow.GetAsync("submitter@demo.local", waiting);
        Assert.Equal(2, moved["workflow"]!["version"]!.GetValue<int>());
        Assert.Contains(moved["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == "migrated" && j["outcome"]!.GetValue<string>() == "v1 → v2");
        await Flow.ApproveAsync("head@demo.local", waiting, "department-head");
        await Flow.ApproveAsync("intl@demo.local", waiting, "international-office");
        Assert.Contains("needs-security", (await Flow.GetAsync("submitter@demo.local", waiting))["workflow"]!["visited"]!.AsArray().Select(v => v!.GetValue<string>()));

        // Version 3 renames the step where a new proposal waits: refused, with the reason.
        var another = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", another);
        var v3 = await LatestOutboundAsync(admin, 2);
        Step(v3, "department-head")["id"] = "unit-head";
        v3["start"] = "unit-head";
        Assert.Equal(3, await PublishAsync(admin, v3));
        var refused = (await admin.Post("/api/admin/workflows/outbound-delegation/migrate", new { toVersion = 3, dryRun = false })).Expect(HttpStatusCode.OK).Object;
        var refusedItem = refused["instances"]!.AsArray().Single(i => i!["proposalId"]!.GetValue<string>() == another)!;
        Assert.False(refusedItem["migrated"]!.GetValue<bool>());
        Assert.Contains("department-head", refusedItem["reasons"]![0]!.GetValue<string>());
        Assert.Equal(2, (await Flow.GetAsync("submitter@demo.local", another))["workflow"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Export_then_import_round_trips_the_definition()
    {
        using var admin = await _app.As("admin@demo.local");
        var export = await admin.Http.GetAsync("/api/admin/workflows/inbound-delegation/versions/1/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("inbound-delegation-v1.json", export.Content.Headers.ContentDisposition!.FileNameStar ?? export.Content.Headers.ContentDisposition.FileName);
        var file = await export.Content.ReadAsStringAsync();
        (await admin.Post("/api/admin/workflows", file)).Expect(HttpStatusCode.Created);
        var draft = (await admin.Get("/api/admin/workflows/inbound-delegation")).Expect(HttpStatusCode.OK).Object["draft"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(file), draft));
        Assert.Empty((await admin.Get("/api/admin/workflows/inbound-delegation/versions/1/diff/0")).Expect(HttpStatusCode.OK).Array);

        var broken = JsonNode.Parse(file)!.AsObject();
        broken["start"] = "nowhere";
        Assert.Contains((await admin.Post("/api/admin/workflows", broken)).Expect(HttpStatusCode.BadRequest).Object["errors"]!.AsArray(),
            e => e!["path"]!.GetValue<string>() == "$.start");
    }

    [Fact]
    public async Task Simulation_shows_the_path_leadership_for_seed_001_and_not_for_a_small_trip()
    {
        using var admin = await _app.As("admin@demo.local");
        var minister = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        var big = (await admin.Post("/api/admin/workflows/outbound-delegation/simulate", new { proposalId = minister })).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("completed", big["status"]!.GetValue<string>());
        var steps = big["path"]!.AsArray().Select(p => p!["stepId"]!.GetValue<string>()).ToList();
        Assert.Contains("leadership", steps);

        var small = (await admin.Post("/api/admin/workflows/outbound-delegation/simulate", new
        {
            proposal = new { startDate = "2024-04-23", endDate = "2024-04-23", inAnnualPlan = true, ledByLeader = false,
                members = new[] { new { fullName = "Đặng Thanh Phú" } }, budget = new { totalVnd = 10_800_000 } },
        })).Expect(HttpStatusCode.OK).Object;
        Assert.DoesNotContain("leadership", small["path"]!.AsArray().Select(p => p!["stepId"]!.GetValue<string>()));
        Assert.Equal("draft", (await Flow.GetAsync("submitter@demo.local", minister))["status"]!.GetValue<string>()); // no side effects
    }

    [Fact]
    public async Task A_faulted_instance_is_listed_and_retried_after_the_definition_is_fixed()
    {
        using var admin = await _app.As("admin@demo.local");
        var buggy = await LatestOutboundAsync(admin);
        Step(buggy, "needs-leadership")["cases"]![0]!["when"] = "proposal.budget.lines[5].amount > 0";
        Assert.Equal(2, await PublishAsync(admin, buggy));

        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        Assert.Equal("faulted", await Flow.StatusAsync(id));
        var incident = Assert.Single((await admin.Get("/api/admin/incidents")).Expect(HttpStatusCode.OK).Array)!;
        Assert.Equal("needs-leadership", incident["stepId"]!.GetValue<string>());
        Assert.Contains("TypeError", incident["message"]!.GetValue<string>());
        var instanceId = incident["instanceId"]!.GetValue<string>();
        (await admin.Post($"/api/admin/instances/{instanceId}/retry")).Expect(HttpStatusCode.OK);
        Assert.Equal("faulted", await Flow.StatusAsync(id)); // same data, same version: still failing

        var fixedDefinition = await LatestOutboundAsync(admin);
        Step(fixedDefinition, "needs-leadership")["cases"]![0]!["when"] = "proposal.budget.totalVnd > 200000000";
        Assert.Equal(3, await PublishAsync(admin, fixedDefinition));
        (await admin.Post("/api/admin/workflows/outbound-delegation/migrate", new { toVersion = 3, dryRun = false })).Expect(HttpStatusCode.OK);
        var retried = (await admin.Post($"/api/admin/instances/{instanceId}/retry")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("approved", retried["status"]!.GetValue<string>());
        Assert.Empty((await admin.Get("/api/admin/incidents")).Expect(HttpStatusCode.OK).Array);
        (await admin.Post($"/api/admin/instances/{instanceId}/retry")).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_holiday_calendar_is_edited_and_counts_at_once()
    {
        using var admin = await _app.As("admin@demo.local");
        var tet = (await admin.Get("/api/admin/holidays?year=2026")).Expect(HttpStatusCode.OK).Array;
        Assert.Contains(tet, d => d!["date"]!.GetValue<string>() == "2026-02-17" && d["name"]!.GetValue<string>() == "Tết Nguyên đán");
        (await admin.Put("/api/admin/holidays/2024-03-19", new { name = "Ngày nghỉ của cơ quan", nameEn = "Office day off" })).Expect(HttpStatusCode.OK);
        Assert.Contains("working", (await admin.Put("/api/admin/holidays/2024-03-20", new { name = "x", working = true })).Expect(HttpStatusCode.BadRequest).Errors.Keys);

        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        var submitted = (await Flow.SubmitAsync("submitter@demo.local", id)).Object;
        // Monday 18/3 + 3 working days, skipping the new day off on Tuesday 19/3: Friday 22/3.
        Assert.Equal(new DateTimeOffset(2024, 3, 22, 9, 0, 0, TimeSpan.FromHours(7)), submitted["activeSteps"]![0]!["due"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Send(HttpMethod.Delete, "/api/admin/holidays/2024-03-19", null)).Status);
    }
}
