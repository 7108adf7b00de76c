using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using static Delegations.Workflows.Tests.Fixtures;

namespace Delegations.Workflows.Tests;

/// <summary>Approve and forward to an ad-hoc approver; send back to a step already passed.</summary>
public sealed class ApproverConvenienceTests
{
    private static CommandResult Forward(Harness h, HumanTask task, Actor actor, AssigneeSpec to, string? reason = "Xin ý kiến thêm.") =>
        h.Apply(h.Engine.CompleteTask(h.Definition, h.Instance, new CompleteTaskCommand
        {
            Actor = actor, TaskId = task.Id, Outcome = Outcomes.Forward, Comment = reason, ForwardTo = to,
        }));

    private static CommandResult SendBack(Harness h, HumanTask task, Actor actor, string? step, string? reason = "Đề nghị xem lại.") =>
        h.Apply(h.Engine.CompleteTask(h.Definition, h.Instance, new CompleteTaskCommand
        {
            Actor = actor, TaskId = task.Id, Outcome = Outcomes.SendBack, Comment = reason, SendBackTo = step,
        }));

    [Fact]
    public void The_international_office_approves_and_forwards_to_the_security_liaison_who_decides_before_the_step_completes()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        h.Complete("department-head", Outcomes.Approve, Harness.Head, "Đồng ý.");
        var result = Forward(h, h.Task("international-office"), Harness.Intl, AssigneeSpec.ForRole("SecurityLiaison"), "Đối tác mới, đề nghị lấy ý kiến an ninh.");
        var adHoc = h.Task("international-office");
        Assert.True(adHoc.AdHoc);
        Assert.Equal("SecurityLiaison", adHoc.Assignee.Role);
        Assert.Single(result.EffectsOf<TaskOpened>());
        Assert.Contains(result.Journal, j => j.Kind == JournalKinds.Forwarded && j.Comment == "Đối tác mới, đề nghị lấy ý kiến an ninh." && j.Outcome == "SecurityLiaison@any");
        Assert.Equal(["international-office"], h.ActiveSteps);

        h.Complete(adHoc, Outcomes.Approve, new Actor("u-sec", "Hoàng Văn An"), "Không có vấn đề.");
        Assert.Equal(["budget-check", "visas"], h.ActiveSteps);
    }

    [Fact]
    public void An_ad_hoc_approver_can_reject_and_forward_needs_a_target_and_a_reason()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        var task = h.Task("department-head");
        Assert.Equal("data.forwardTo", Assert.Throws<WorkflowCommandException>(() => h.Engine.CompleteTask(h.Definition, h.Instance,
            new CompleteTaskCommand { Actor = Harness.Head, TaskId = task.Id, Outcome = Outcomes.Forward, Comment = "x" })).Field);
        Assert.Equal("comment", Assert.Throws<WorkflowCommandException>(() => Forward(h, task, Harness.Head, AssigneeSpec.ForRole("Leadership"), reason: null)).Field);
        Forward(h, task, Harness.Head, new AssigneeSpec(null, AssigneeSpec.ScopeAny, "leader@demo.local"));
        h.Complete("department-head", Outcomes.Reject, Harness.Leader, "Chưa phù hợp.");
        Assert.Equal(InstanceStatus.Rejected, h.Instance.Status);
    }

    [Fact]
    public void Forwards_can_chain_and_every_ad_hoc_approver_must_approve()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        Forward(h, h.Task("department-head"), Harness.Head, AssigneeSpec.ForRole("Leadership"));
        Forward(h, h.Task("department-head"), Harness.Leader, AssigneeSpec.ForRole("SecurityLiaison"));
        Assert.True(h.Task("department-head").AdHoc);
        h.Complete("department-head", Outcomes.Approve, new Actor("u-sec", "Hoàng Văn An"));
        Assert.Equal(["international-office"], h.ActiveSteps);
    }

    [Fact]
    public void Finance_sends_the_trip_back_to_the_international_office_closing_the_parallel_preparation()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        h.ApproveInitialReview();
        Assert.Equal(["budget-check", "visas"], h.ActiveSteps);
        var result = SendBack(h, h.Task("budget-check"), Harness.Finance, "international-office", "Đề nghị rà soát lại danh sách đoàn.");
        Assert.Equal(["international-office"], h.ActiveSteps);
        Assert.Empty(h.Instance.Forks);
        Assert.Equal(2, result.EffectsOf<TaskClosed>().Count(c => c.Task.StepId == "visas" && c.Task.Status == HumanTaskStatus.Cancelled));
        Assert.Contains(result.Journal, j => j.Kind == JournalKinds.SentBack && j.FromStep == "budget-check" && j.ToStep == "international-office");
        Assert.Equal(InstanceStatus.Running, h.Instance.Status);

        h.Complete("international-office", Outcomes.Approve, Harness.Intl, "Đã rà soát.");
        Assert.Equal(["budget-check", "visas"], h.ActiveSteps);
        Assert.Equal(2, h.Open("visas").Count);
    }

    [Fact]
    public void Only_steps_already_passed_can_be_chosen()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        h.Complete("department-head", Outcomes.Approve, Harness.Head);
        var task = h.Task("international-office");
        Assert.Equal(["department-head"], WorkflowEngine.SendBackTargets(h.Definition, h.Instance, "international-office"));
        foreach (var bad in new[] { "leadership", "international-office", "needs-leadership", "nowhere", null })
        {
            var ex = Assert.Throws<WorkflowCommandException>(() => SendBack(h, task, Harness.Intl, bad));
            Assert.Equal("data.step", ex.Field);
            Assert.Contains("department-head", ex.Message);
        }
        SendBack(h, task, Harness.Intl, "department-head");
        Assert.Equal(["department-head"], h.ActiveSteps);
    }

    [Fact]
    public void Forward_and_send_back_are_only_for_approval_steps()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        h.ApproveInitialReview();
        var visa = h.Open("visas")[0];
        var ex = Assert.Throws<WorkflowCommandException>(() => SendBack(h, visa, Harness.Visa, "department-head"));
        Assert.Equal("outcome", ex.Field);
    }

    [Fact]
    public void The_ad_hoc_task_survives_a_round_trip_of_the_instance_json()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        Forward(h, h.Task("department-head"), Harness.Head, AssigneeSpec.ForRole("Leadership"));
        var back = WorkflowInstanceJson.Deserialize(WorkflowInstanceJson.Serialize(h.Instance));
        Assert.True(back.OpenTasks.Single().AdHoc);
    }
}
