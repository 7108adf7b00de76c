using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using static Delegations.Workflows.Tests.Fixtures;

namespace Delegations.Workflows.Tests;

public sealed class EngineRuntimeTests
{
    private static readonly DateTimeOffset Monday = VietnamTime(2025, 6, 2);

    private static Harness Run(string steps, string start = "a") => new(Inline(steps, start), Monday);

    private static readonly Actor A1 = new("a1", "Approver One");
    private static readonly Actor A2 = new("a2", "Approver Two");
    private static readonly Actor A3 = new("a3", "Approver Three");

    private const string Ends = """
        { "id": "done", "type": "end", "outcome": "completed" },
        { "id": "no", "type": "end", "outcome": "rejected" }
        """;

    private const string End = """{ "id": "done", "type": "end", "outcome": "completed" }""";

    private static string Approval(string quorum, int assignees) =>
        $$"""
        { "id": "a", "type": "approval", {{Title}}, "quorum": {{quorum}},
          "assignees": [ {{string.Join(",", Enumerable.Range(0, assignees).Select(_ => "{ \"role\": \"Leadership\" }"))}} ],
          "on": { "approve": "done", "reject": "no" } },
        {{Ends}}
        """;

    [Fact]
    public void Quorum_any_lets_the_first_answer_decide()
    {
        var h = Run(Approval("\"any\"", 3));
        h.Start([]);
        Assert.Equal(3, h.Open("a").Count);
        h.Complete(h.Open("a")[1], Outcomes.Approve, A2);
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
        Assert.Equal(2, h.Effects.OfType<TaskClosed>().Count(c => c.Task.Status == HumanTaskStatus.Cancelled));
    }

    [Fact]
    public void Quorum_all_needs_every_approval_and_one_rejection_rejects()
    {
        var h = Run(Approval("\"all\"", 2));
        h.Start([]);
        h.Complete(h.Open("a")[0], Outcomes.Approve, A1);
        Assert.Equal(InstanceStatus.Running, h.Instance.Status);
        Assert.Single(h.Open("a"));
        h.Complete(h.Open("a")[0], Outcomes.Approve, A2);
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);

        var r = Run(Approval("\"all\"", 2));
        r.Start([]);
        r.Complete(r.Open("a")[0], Outcomes.Reject, A1, "Chưa đủ hồ sơ.");
        Assert.Equal(InstanceStatus.Rejected, r.Instance.Status);
    }

    [Fact]
    public void Quorum_two_of_three_approves_on_the_second_and_rejects_when_unreachable()
    {
        var h = Run(Approval("2", 3));
        h.Start([]);
        h.Complete(h.Open("a")[0], Outcomes.Reject, A1, "Không đồng ý.");
        Assert.Equal(InstanceStatus.Running, h.Instance.Status);
        h.Complete(h.Open("a")[0], Outcomes.Approve, A2);
        Assert.Equal(InstanceStatus.Running, h.Instance.Status);
        h.Complete(h.Open("a")[0], Outcomes.Approve, A3);
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);

        var r = Run(Approval("2", 3));
        r.Start([]);
        r.Complete(r.Open("a")[0], Outcomes.Reject, A1, "Không.");
        r.Complete(r.Open("a")[0], Outcomes.Reject, A2, "Không.");
        Assert.Equal(InstanceStatus.Rejected, r.Instance.Status);
        Assert.Equal(HumanTaskStatus.Cancelled, Assert.Single(r.Effects.OfType<TaskClosed>(), c => c.Task.Status == HumanTaskStatus.Cancelled).Task.Status);
    }

    [Fact]
    public void One_person_cannot_fill_two_seats_of_a_quorum()
    {
        var h = Run(Approval("\"all\"", 2));
        h.Start([]);
        h.Complete(h.Open("a")[0], Outcomes.Approve, A1);
        var ex = Assert.Throws<WorkflowCommandException>(() => h.Complete(h.Open("a")[0], Outcomes.Approve, A1));
        Assert.Equal(WorkflowErrorKind.Conflict, ex.Kind);
    }

    [Fact]
    public void Reject_and_changes_need_a_comment_and_unknown_outcomes_are_refused()
    {
        var h = Run(Approval("\"any\"", 1));
        h.Start([]);
        var noComment = Assert.Throws<WorkflowCommandException>(() => h.Complete("a", Outcomes.Reject, A1, "  "));
        Assert.Equal(("comment", WorkflowErrorKind.Invalid), (noComment.Field, noComment.Kind));
        Assert.Equal("comment", Assert.Throws<WorkflowCommandException>(() => h.Complete("a", Outcomes.Changes, A1)).Field);
        Assert.Equal("outcome", Assert.Throws<WorkflowCommandException>(() => h.Complete("a", Outcomes.Done, A1)).Field);
        Assert.Equal(InstanceStatus.Running, h.Instance.Status);
    }

    [Fact]
    public void Changes_send_it_back_and_resubmission_resumes_at_the_same_step_with_the_new_data()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 1));
        var proposal = HueUnionJicaKoica2024();
        h.Start(proposal);
        h.Complete("department-head", Outcomes.Approve, Harness.Head, "Đồng ý.");
        var result = h.Complete("international-office", Outcomes.Changes, Harness.Intl, "Bổ sung chương trình làm việc chi tiết.");
        Assert.Equal(InstanceStatus.Waiting, h.Instance.Status);
        Assert.Equal(TokenState.AwaitingResubmission, Assert.Single(h.Instance.Tokens).State);
        Assert.Single(result.EffectsOf<ChangesRequested>());
        Assert.Empty(h.Instance.OpenTasks);

        proposal["inAnnualPlan"] = false; // the revised proposal turns out to be unplanned
        h.Resubmit(proposal);
        var again = h.Task("international-office");
        Assert.Equal(InstanceStatus.Running, h.Instance.Status);
        h.Complete(again, Outcomes.Approve, Harness.Intl, "Đã bổ sung.");
        Assert.Equal(["leadership"], h.ActiveSteps); // the decision saw the resubmitted data
        Assert.Contains(h.Journal, j => j.Kind == JournalKinds.ChangesRequested && j.Comment == "Bổ sung chương trình làm việc chi tiết.");
        Assert.Contains(h.Journal, j => j.Kind == JournalKinds.Resubmitted && j.ToStep == "international-office");
    }

    [Fact]
    public void Changes_can_resume_at_an_earlier_step_named_in_on_changes()
    {
        var h = Run($$"""
            { "id": "a", "type": "approval", {{Title}}, "assignee": { "role": "DepartmentHead" }, "on": { "approve": "b" } },
            { "id": "b", "type": "approval", {{Title}}, "assignee": { "role": "Leadership" }, "on": { "approve": "done", "changes": "a" } },
            {{End}}
            """);
        h.Start([]);
        h.Complete("a", Outcomes.Approve, A1);
        h.Complete("b", Outcomes.Changes, A2, "Làm lại từ đầu.");
        Assert.Empty(h.Instance.OpenTasks); // nothing open until the submitter resubmits
        h.Resubmit();
        Assert.Equal(["a"], h.ActiveSteps);
    }

    [Fact]
    public void Resubmitting_when_nothing_was_sent_back_is_a_conflict()
    {
        var h = Run(Approval("\"any\"", 1));
        h.Start([]);
        Assert.Equal(WorkflowErrorKind.Conflict, Assert.Throws<WorkflowCommandException>(() => h.Resubmit()).Kind);
    }

    [Fact]
    public void A_task_completed_twice_is_a_conflict_naming_who_completed_it()
    {
        var h = Run($$"""
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "b" },
            { "id": "b", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            {{End}}
            """);
        h.Start([]);
        var before = h.Instance;
        var task = h.Task("a");
        h.Complete(task, Outcomes.Done, A1);
        // A second approver acting on the state they loaded before the first one saved.
        var stale = h.Engine.CompleteTask(h.Definition, before, new CompleteTaskCommand { Actor = A2, TaskId = task.Id, Outcome = Outcomes.Done });
        Assert.Equal(before.Version + 1, stale.Instance.Version); // the engine alone cannot see it: the host's version check does
        var ex = Assert.Throws<WorkflowCommandException>(() =>
            h.Engine.CompleteTask(h.Definition, before, new CompleteTaskCommand { Actor = A2, TaskId = task.Id, Outcome = Outcomes.Done, ExpectedVersion = h.Instance.Version }));
        Assert.Equal(WorkflowErrorKind.Conflict, ex.Kind);

        var again = Assert.Throws<WorkflowCommandException>(() =>
            h.Engine.CompleteTask(h.Definition, h.Instance, new CompleteTaskCommand { Actor = A2, TaskId = task.Id, Outcome = Outcomes.Done }));
        Assert.Equal(WorkflowErrorKind.NotFound, again.Kind); // the step moved on; its closed task left the instance
    }

    [Fact]
    public void A_quorum_task_already_decided_reports_who_decided()
    {
        var h = Run(Approval("\"all\"", 2));
        h.Start([]);
        var first = h.Open("a")[0];
        h.Complete(first, Outcomes.Approve, A1);
        var ex = Assert.Throws<WorkflowCommandException>(() => h.Complete(first, Outcomes.Approve, A2));
        Assert.Equal(WorkflowErrorKind.Conflict, ex.Kind);
        Assert.Contains("Approver One", ex.Message);
    }

    [Fact]
    public void A_stale_expected_version_is_refused()
    {
        var h = Run(Approval("\"any\"", 1));
        h.Start([]);
        var ex = Assert.Throws<WorkflowCommandException>(() => h.Engine.CompleteTask(h.Definition, h.Instance,
            new CompleteTaskCommand { Actor = A1, TaskId = h.Task("a").Id, Outcome = Outcomes.Approve, ExpectedVersion = h.Instance.Version - 1 }));
        Assert.Equal(WorkflowErrorKind.Conflict, ex.Kind);
    }

    [Fact]
    public void A_retried_command_with_the_same_idempotency_key_does_nothing_the_second_time()
    {
        var h = Run($$"""
            { "id": "a", "type": "approval", {{Title}}, "assignee": { "role": "Finance" }, "on": { "approve": "b" } },
            { "id": "b", "type": "approval", {{Title}}, "assignee": { "role": "Finance" }, "on": { "approve": "done" } },
            {{End}}
            """);
        h.Start([]);
        var task = h.Task("a");
        var first = h.Complete(task, Outcomes.Approve, A1, key: "req-42");
        Assert.False(first.AlreadyApplied);
        var version = h.Instance.Version;
        var second = h.Apply(h.Engine.CompleteTask(h.Definition, h.Instance,
            new CompleteTaskCommand { Actor = A1, TaskId = task.Id, Outcome = Outcomes.Approve, IdempotencyKey = "req-42" }));
        Assert.True(second.AlreadyApplied);
        Assert.Empty(second.Effects);
        Assert.Empty(second.Journal);
        Assert.Equal(version, h.Instance.Version);
        Assert.Equal(["b"], h.ActiveSteps);
    }

    [Fact]
    public void Commands_never_change_the_instance_they_were_given()
    {
        var h = Run(Approval("\"any\"", 1));
        h.Start([]);
        var before = h.Instance;
        var json = WorkflowInstanceJson.Serialize(before);
        h.Complete("a", Outcomes.Approve, A1);
        Assert.Equal(json, WorkflowInstanceJson.Serialize(before));
        Assert.NotSame(before, h.Instance);
    }

    [Fact]
    public void A_parallel_joins_only_when_every_branch_arrives_and_nested_parallels_work()
    {
        var h = Run($$"""
            { "id": "a", "type": "parallel", "branches": ["x", "inner"], "join": "j" },
            { "id": "x", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "j" },
            { "id": "inner", "type": "parallel", "branches": ["y", "z"], "join": "k" },
            { "id": "y", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "k" },
            { "id": "z", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "k" },
            { "id": "k", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "j" },
            { "id": "j", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            {{End}}
            """);
        h.Start([]);
        Assert.Equal(["x", "y", "z"], h.ActiveSteps);
        h.Complete("y", Outcomes.Done, A1);
        h.Complete("x", Outcomes.Done, A1);
        Assert.Equal(["z"], h.ActiveSteps);
        h.Complete("z", Outcomes.Done, A1);
        Assert.Equal(["k"], h.ActiveSteps);
        h.Complete("k", Outcomes.Done, A1);
        Assert.Equal(["j"], h.ActiveSteps);
        Assert.Empty(h.Instance.Forks);
        h.Complete("j", Outcomes.Done, A1);
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
    }

    [Fact]
    public void Each_with_no_items_goes_straight_on_and_each_approval_rejects_on_any_rejection()
    {
        var h = Run($$"""
            { "id": "a", "type": "each", "items": "proposal.members", "step": { "type": "approval", {{Title}}, "assignee": { "role": "SecurityLiaison" } },
              "next": "done", "on": { "reject": "no" } },
            {{Ends}}
            """);
        h.Start(new JsonObject { ["members"] = new JsonArray() });
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);

        var r = Run($$"""
            { "id": "a", "type": "each", "items": "proposal.members", "step": { "type": "approval", {{Title}}, "assignee": { "role": "SecurityLiaison" } },
              "next": "done", "on": { "reject": "no" } },
            {{Ends}}
            """);
        r.Start(new JsonObject { ["members"] = new JsonArray("a", "b", "c") });
        r.Complete(r.Open("a")[0], Outcomes.Approve, A1);
        r.Complete(r.Open("a")[0], Outcomes.Reject, A1, "Không cấp phép.");
        Assert.Equal(InstanceStatus.Rejected, r.Instance.Status);
    }

    [Fact]
    public void A_wait_for_a_signal_resumes_on_the_signal_and_refuses_an_unknown_one()
    {
        var h = Run($$"""
            { "id": "a", "type": "wait", "signal": "visit-confirmed", "next": "done" },
            {{End}}
            """);
        h.Start([]);
        Assert.Equal(InstanceStatus.Waiting, h.Instance.Status);
        Assert.Equal(TokenState.WaitingSignal, Assert.Single(h.Instance.Tokens).State);
        var ex = Assert.Throws<WorkflowCommandException>(() => h.Engine.Signal(h.Definition, h.Instance, new SignalCommand { Actor = A1, Signal = "other" }));
        Assert.Equal("signal", ex.Field);
        h.Apply(h.Engine.Signal(h.Definition, h.Instance, new SignalCommand { Actor = A1, Signal = "visit-confirmed" }));
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
    }

    [Fact]
    public void A_wait_with_both_a_date_and_a_signal_ends_on_whichever_comes_first()
    {
        var h = Run($$"""
            { "id": "a", "type": "wait", "until": "proposal.endDate", "signal": "returned-early", "next": "done" },
            {{End}}
            """);
        h.Start(new JsonObject { ["endDate"] = "2025-06-20" });
        var timerId = Assert.Single(h.Instance.Timers).Id;
        var result = h.Apply(h.Engine.Signal(h.Definition, h.Instance, new SignalCommand { Actor = A1, Signal = "returned-early" }));
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
        Assert.Contains(result.EffectsOf<TimerCancelled>(), c => c.TimerId == timerId);
        // The sweep firing the cancelled timer later does nothing.
        h.Clock.SetUtcNow(VietnamTime(2025, 6, 21));
        Assert.True(h.Engine.FireTimer(h.Definition, h.Instance, new FireTimerCommand { Actor = Actor.System, TimerId = timerId }).AlreadyApplied);
    }

    [Fact]
    public void A_timer_fired_before_it_is_due_is_refused()
    {
        var h = Run($$"""
            { "id": "a", "type": "wait", "until": "2 days", "next": "done" },
            {{End}}
            """);
        h.Start([]);
        var timer = Assert.Single(h.Instance.Timers);
        Assert.Equal(Monday.AddDays(2), timer.DueAt);
        Assert.Throws<WorkflowCommandException>(() => h.Engine.FireTimer(h.Definition, h.Instance, new FireTimerCommand { Actor = Actor.System, TimerId = timer.Id }));
        h.Clock.Advance(TimeSpan.FromDays(2));
        h.Apply(h.Engine.FireTimer(h.Definition, h.Instance, new FireTimerCommand { Actor = Actor.System, TimerId = timer.Id }));
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
    }

    [Fact]
    public void A_notify_step_hands_the_message_to_the_host_and_moves_on()
    {
        var h = Run($$"""
            { "id": "a", "type": "notify", "template": "trip-approved", "to": [ { "role": "InternationalOffice" }, { "user": "leader@demo.local" } ], "next": "done" },
            {{End}}
            """);
        var result = h.Start([]);
        var note = Assert.Single(result.EffectsOf<NotificationRequested>());
        Assert.Equal("trip-approved", note.Template);
        Assert.Equal(["InternationalOffice@any", "user:leader@demo.local"], note.To.Select(t => t.ToString()));
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
    }

    [Fact]
    public void Cancel_closes_every_open_task_and_timer_and_needs_a_reason()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 1));
        h.Start(MinisterBeijingShanghai2024());
        Assert.Equal("reason", Assert.Throws<WorkflowCommandException>(() =>
            h.Engine.Cancel(h.Definition, h.Instance, new CancelCommand { Actor = Harness.Submitter, Reason = "" })).Field);
        var result = h.Apply(h.Engine.Cancel(h.Definition, h.Instance, new CancelCommand { Actor = Harness.Submitter, Reason = "Phía bạn hoãn chương trình." }));
        Assert.Equal(InstanceStatus.Cancelled, h.Instance.Status);
        Assert.Single(result.EffectsOf<TaskClosed>());
        Assert.Contains(result.Journal, j => j.Kind == JournalKinds.Cancelled && j.Comment == "Phía bạn hoãn chương trình.");
        Assert.Throws<WorkflowCommandException>(() => h.Engine.Cancel(h.Definition, h.Instance, new CancelCommand { Actor = Harness.Submitter, Reason = "again" }));
    }

    [Fact]
    public void An_end_reached_in_one_branch_ends_the_whole_instance()
    {
        var h = Run($$"""
            { "id": "a", "type": "parallel", "branches": ["x", "y"], "join": "j" },
            { "id": "x", "type": "approval", {{Title}}, "assignee": { "role": "Finance" }, "on": { "approve": "j", "reject": "no" } },
            { "id": "y", "type": "wait", "until": "proposal.endDate", "next": "j" },
            { "id": "j", "type": "end", "outcome": "completed" },
            { "id": "no", "type": "end", "outcome": "rejected" }
            """);
        h.Start(new JsonObject { ["endDate"] = "2025-07-01" });
        var result = h.Complete("x", Outcomes.Reject, A1, "Vượt định mức.");
        Assert.Equal(InstanceStatus.Rejected, h.Instance.Status);
        Assert.Single(result.EffectsOf<TimerCancelled>());
        Assert.Empty(h.Instance.Timers);
    }

    [Fact]
    public void Journal_records_who_on_behalf_of_whom_from_and_to_with_the_comment()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 1));
        h.Start(HueUnionJicaKoica2024());
        var deputy = new Actor("u-deputy", "Phó trưởng đơn vị", "u-head", "Trần Văn Bình");
        var result = h.Complete("department-head", Outcomes.Approve, deputy, "Duyệt thay.");
        var completed = Assert.Single(result.Journal, j => j.Kind == JournalKinds.TaskCompleted);
        Assert.Equal(("u-deputy", "u-head", "Trần Văn Bình"), (completed.ActorId, completed.OnBehalfOfId, completed.OnBehalfOfName));
        Assert.Equal(("department-head", "approve", "Duyệt thay."), (completed.FromStep, completed.Outcome, completed.Comment));
        var transition = Assert.Single(result.Journal, j => j.Kind == JournalKinds.Transition);
        Assert.Equal(("department-head", "international-office"), (transition.FromStep, transition.ToStep));
        Assert.All(result.Journal, j => Assert.Equal(h.Clock.GetUtcNow(), j.At));
    }

    [Fact]
    public void Task_data_is_kept_in_the_variables_for_later_decisions()
    {
        var h = Run($$"""
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" },
              "form": [ { "name": "overNorm", "type": "boolean", "required": true } ], "next": "d" },
            { "id": "d", "type": "decision", "cases": [ { "when": "steps.a.data.overNorm", "next": "no" } ], "otherwise": "done" },
            {{Ends}}
            """);
        h.Start([]);
        h.Complete("a", Outcomes.Done, A1, data: new JsonObject { ["overNorm"] = true });
        Assert.Equal(InstanceStatus.Rejected, h.Instance.Status);
    }

    [Fact]
    public void An_instance_round_trips_through_its_json()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 1));
        h.Start(MinisterBeijingShanghai2024());
        h.ApproveInitialReview();
        h.Complete("leadership", Outcomes.Approve, Harness.Leader, "OK");
        var json = WorkflowInstanceJson.Serialize(h.Instance);
        var back = WorkflowInstanceJson.Deserialize(json);
        Assert.Equal(json, WorkflowInstanceJson.Serialize(back));
        Assert.Contains("\"status\":\"running\"", json);
        Assert.Equal(6, back.OpenTasks.Count());
    }
}
