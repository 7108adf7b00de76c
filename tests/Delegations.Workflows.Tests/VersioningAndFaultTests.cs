using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using static Delegations.Workflows.Tests.Fixtures;

namespace Delegations.Workflows.Tests;

public sealed class VersioningAndFaultTests
{
    private static WorkflowDefinition OutboundV2WithSecurityStep()
    {
        // An admin adds a security review after the international office for trips to certain countries.
        var root = JsonNode.Parse(DefinitionJson("outbound-delegation"))!.AsObject();
        var steps = root["steps"]!.AsArray();
        var intl = steps.Single(s => s!["id"]!.GetValue<string>() == "international-office")!;
        intl["on"]!["approve"] = "needs-security";
        steps.Add(JsonNode.Parse("""
            { "id": "needs-security", "type": "decision",
              "cases": [ { "when": "proposal.destinations.some(d => ['KP', 'IR'].includes(d.country))", "next": "security" } ],
              "otherwise": "needs-leadership" }
            """));
        steps.Add(JsonNode.Parse("""
            { "id": "security", "type": "approval", "title": { "vi": "An ninh", "en": "Security" },
              "assignee": { "role": "SecurityLiaison" }, "on": { "approve": "needs-leadership", "reject": "rejected" } }
            """));
        return new DefinitionLoader().Load(root.ToJsonString(), version: 2);
    }

    [Fact]
    public void A_running_instance_stays_on_its_version_after_a_new_one_is_published()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 1));
        h.Start(MinisterBeijingShanghai2024());
        var v2 = OutboundV2WithSecurityStep();
        Assert.Equal(2, v2.Version);
        Assert.Equal(1, h.Instance.DefinitionVersion);

        // The engine refuses to run the instance against a version it is not pinned to.
        Assert.Throws<InvalidOperationException>(() => h.Engine.CompleteTask(v2, h.Instance,
            new CompleteTaskCommand { Actor = Harness.Head, TaskId = h.Task("department-head").Id, Outcome = Outcomes.Approve }));

        h.ApproveInitialReview();
        Assert.Equal(["leadership"], h.ActiveSteps); // v1 has no security step
        Assert.DoesNotContain("needs-security", h.Instance.Visited);
    }

    [Fact]
    public void Migration_is_allowed_when_every_waiting_step_exists_with_the_same_type()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 1));
        h.Start(MinisterBeijingShanghai2024());
        var v2 = OutboundV2WithSecurityStep();
        Assert.Empty(WorkflowEngine.CheckMigration(h.Instance, v2));
        h.Apply(h.Engine.Migrate(h.Definition, h.Instance, new MigrateCommand { Actor = Harness.Submitter, Target = v2 }));
        h.UseDefinition(v2);
        Assert.Equal(2, h.Instance.DefinitionVersion);
        Assert.Contains(h.Journal, j => j.Kind == JournalKinds.Migrated && j.Outcome == "v1 → v2");
        h.ApproveInitialReview();
        Assert.Contains("needs-security", h.Instance.Visited);
    }

    [Fact]
    public void Migration_is_refused_with_the_reason_when_a_waiting_step_is_gone_or_changed_type()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 1));
        h.Start(MinisterBeijingShanghai2024());
        var root = JsonNode.Parse(DefinitionJson("outbound-delegation"))!.AsObject();
        var steps = root["steps"]!.AsArray();
        var head = steps.Single(s => s!["id"]!.GetValue<string>() == "department-head")!.AsObject();
        head["id"] = "unit-head";
        root["start"] = "unit-head";
        var v2 = new DefinitionLoader().Load(root.ToJsonString(), version: 2);

        var reasons = WorkflowEngine.CheckMigration(h.Instance, v2);
        Assert.Equal(["it waits in step 'department-head', which version 2 does not have"], reasons);
        var ex = Assert.Throws<WorkflowCommandException>(() => h.Engine.Migrate(h.Definition, h.Instance, new MigrateCommand { Actor = Harness.Submitter, Target = v2 }));
        Assert.Equal(WorkflowErrorKind.Conflict, ex.Kind);

        // Same id, different type: a task where the instance waits on an approval.
        var root3 = JsonNode.Parse(DefinitionJson("outbound-delegation"))!.AsObject();
        var head3 = root3["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "department-head")!.AsObject();
        head3["type"] = "task";
        head3.Remove("on");
        head3.Remove("escalate");
        head3["next"] = "international-office";
        var v3 = new DefinitionLoader().Load(root3.ToJsonString(), version: 3);
        Assert.Contains("is a task in version 3, not a approval", Assert.Single(WorkflowEngine.CheckMigration(h.Instance, v3)));
    }

    [Fact]
    public void An_expression_that_throws_faults_the_instance_with_a_readable_incident_and_a_retry_recovers()
    {
        var h = new Harness(Inline("""
            { "id": "a", "type": "decision", "cases": [ { "when": "proposal.budget.totalVnd > 1000", "next": "big" } ], "otherwise": "done" },
            { "id": "big", "type": "end", "outcome": "rejected" },
            { "id": "done", "type": "end", "outcome": "completed" }
            """), VietnamTime(2025, 1, 6));
        var result = h.Start(new JsonObject { ["title"] = "no budget yet" });
        Assert.Equal(InstanceStatus.Faulted, h.Instance.Status);
        var incident = h.Instance.Incident!;
        Assert.Equal("a", incident.StepId);
        Assert.Contains("proposal.budget.totalVnd", incident.Message);
        Assert.Contains("TypeError", incident.Message);
        Assert.Single(result.EffectsOf<InstanceFaulted>());

        // The data is fixed (the host passes the corrected proposal) and an admin retries.
        h.Apply(h.Engine.Retry(h.Definition, h.Instance, new RetryCommand
        {
            Actor = new Actor("admin", "Quản trị"),
            Variables = new JsonObject { ["proposal"] = new JsonObject { ["budget"] = new JsonObject { ["totalVnd"] = 10 } } },
        }));
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
        Assert.Null(h.Instance.Incident);
        Assert.Contains(h.Journal, j => j.Kind == JournalKinds.Retried);
    }

    [Fact]
    public void An_endless_expression_faults_only_its_instance_and_a_fixed_version_can_be_migrated_to_and_retried()
    {
        var bad = Inline("""
            { "id": "a", "type": "decision", "cases": [ { "when": "(() => { while (true) {} })()", "next": "done" } ], "otherwise": "done" },
            { "id": "done", "type": "end", "outcome": "completed" }
            """);
        var h = new Harness(bad, VietnamTime(2025, 1, 6));
        h.Start([]);
        Assert.Equal(InstanceStatus.Faulted, h.Instance.Status);
        Assert.Contains("statements", h.Instance.Incident!.Message);

        var fixedVersion = new DefinitionLoader().Load(InlineJson("""
            { "id": "a", "type": "decision", "cases": [ { "when": "true", "next": "done" } ], "otherwise": "done" },
            { "id": "done", "type": "end", "outcome": "completed" }
            """), version: 2);
        h.Apply(h.Engine.Migrate(bad, h.Instance, new MigrateCommand { Actor = Actor.System, Target = fixedVersion }));
        h.UseDefinition(fixedVersion);
        h.Apply(h.Engine.Retry(fixedVersion, h.Instance, new RetryCommand { Actor = Actor.System }));
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
    }

    [Fact]
    public void A_decision_loop_faults_instead_of_spinning()
    {
        var h = new Harness(Inline("""
            { "id": "a", "type": "decision", "cases": [ { "when": "true", "next": "b" } ], "otherwise": "done" },
            { "id": "b", "type": "decision", "cases": [ { "when": "true", "next": "a" } ], "otherwise": "done" },
            { "id": "done", "type": "end", "outcome": "completed" }
            """), VietnamTime(2025, 1, 6));
        h.Start([]);
        Assert.Equal(InstanceStatus.Faulted, h.Instance.Status);
        Assert.Contains("loops", h.Instance.Incident!.Message);
    }

    [Fact]
    public void A_fault_opening_one_branch_keeps_the_other_branch_and_retry_only_reruns_the_faulted_one()
    {
        var h = new Harness(Inline($$"""
            { "id": "a", "type": "parallel", "branches": ["x", "y"], "join": "done" },
            { "id": "x", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            { "id": "y", "type": "task", {{Title}}, "assignee": { "role": "VisaOfficer" }, "due": "proposal.startDate - 14 days", "next": "done" },
            { "id": "done", "type": "end", "outcome": "completed" }
            """), VietnamTime(2025, 1, 6));
        h.Start(new JsonObject { ["startDate"] = "not a date" });
        Assert.Equal(InstanceStatus.Faulted, h.Instance.Status);
        Assert.Equal("y", h.Instance.Incident!.StepId);
        Assert.Single(h.Open("x"));
        Assert.Empty(h.Open("y"));
        h.Apply(h.Engine.Retry(h.Definition, h.Instance, new RetryCommand { Actor = Actor.System, Variables = new JsonObject { ["proposal"] = new JsonObject { ["startDate"] = "2025-02-01" } } }));
        Assert.Single(h.Open("x"));
        Assert.Equal(VietnamTime(2025, 1, 18, 0), h.Task("y").Due); // 14 calendar days before 1/2
        Assert.Equal(InstanceStatus.Running, h.Instance.Status);
    }

    [Fact]
    public void Retry_of_an_instance_that_is_not_faulted_is_a_conflict()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 1));
        h.Start(HueUnionJicaKoica2024());
        Assert.Equal(WorkflowErrorKind.Conflict, Assert.Throws<WorkflowCommandException>(() =>
            h.Engine.Retry(h.Definition, h.Instance, new RetryCommand { Actor = Actor.System })).Kind);
    }
}
