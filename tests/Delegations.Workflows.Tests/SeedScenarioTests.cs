using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using static Delegations.Workflows.Tests.Fixtures;

namespace Delegations.Workflows.Tests;

/// <summary>The seed delegations driven through the default definitions.</summary>
public sealed class SeedScenarioTests
{
    [Fact]
    public void The_ministers_Beijing_trip_needs_leadership_approval_and_runs_to_completed()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 25));
        h.Start(MinisterBeijingShanghai2024());
        Assert.Equal(["department-head"], h.ActiveSteps);
        Assert.Equal(InstanceStatus.Running, h.Instance.Status);

        h.ApproveInitialReview();
        Assert.Equal(["leadership"], h.ActiveSteps);
        var decision = h.Journal.Single(j => j.FromStep == "needs-leadership");
        Assert.Equal("leadership", decision.ToStep);
        Assert.StartsWith("case 1", decision.Outcome);

        h.Complete("leadership", Outcomes.Approve, Harness.Leader, "Đồng ý cử đoàn.");
        Assert.Equal(["budget-check", "visas"], h.ActiveSteps);
        Assert.Equal(5, h.Open("visas").Count);

        h.Complete("budget-check", Outcomes.Approve, Harness.Finance, data: new JsonObject { ["approvedTotalVnd"] = 612_500_000 });
        Assert.Equal(["visas"], h.ActiveSteps); // the join waits for every branch
        h.CompleteVisas();
        Assert.Equal(["await-return"], h.ActiveSteps);
        Assert.Equal(InstanceStatus.Waiting, h.Instance.Status);
        var timer = Assert.Single(h.Instance.Timers);
        Assert.Equal(VietnamTime(2024, 4, 27, 0), timer.DueAt);

        h.AdvanceTo(VietnamTime(2024, 4, 26, 23));
        Assert.Equal(["await-return"], h.ActiveSteps);
        h.AdvanceTo(VietnamTime(2024, 4, 27, 0));
        var report = h.Task("post-trip-report");
        Assert.Equal(VietnamTime(2024, 5, 11, 0), report.Due); // 15 days after the return on 26/4
        Assert.Equal("post-trip-report", report.TaskKind);

        h.Complete("post-trip-report", Outcomes.Done, Harness.Submitter,
            data: new JsonObject { ["summary"] = "Ký Biên bản ghi nhớ với Ủy ban KH&CN Thượng Hải; khai trương phòng thí nghiệm liên kết." });
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
        Assert.Equal("completed", h.Instance.Outcome);
        Assert.Empty(h.Instance.Tokens);
        Assert.Contains(h.Journal, j => j.Kind == JournalKinds.Finished && j.Outcome == "completed");
    }

    [Fact]
    public void A_small_planned_trip_skips_leadership()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        h.ApproveInitialReview();
        Assert.Equal(["budget-check", "visas"], h.ActiveSteps);
        Assert.Equal("otherwise", h.Journal.Single(j => j.FromStep == "needs-leadership").Outcome);
    }

    [Fact]
    public void An_unplanned_trip_goes_to_leadership_even_when_small()
    {
        var proposal = HueUnionJicaKoica2024();
        proposal["inAnnualPlan"] = false;
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(proposal);
        h.ApproveInitialReview();
        Assert.Equal(["leadership"], h.ActiveSteps);
        Assert.StartsWith("case 3", h.Journal.Single(j => j.FromStep == "needs-leadership").Outcome);
    }

    [Fact]
    public void A_visa_task_per_member_titled_with_their_name_and_due_14_days_before_departure()
    {
        var h = new Harness(Outbound, VietnamTime(2025, 2, 3));
        h.Start(DeputyMinisterParisUnesco2025());
        h.ApproveInitialReview();
        h.Complete("leadership", Outcomes.Approve, Harness.Leader, "Đồng ý.");
        var visas = h.Open("visas");
        Assert.Equal(["Thị thực: Bùi Thế Duy", "Thị thực: Ngô Thanh Bình", "Thị thực: Đinh Khánh Linh"], visas.Select(t => t.Title.Vi));
        Assert.Equal("Visa: Bùi Thế Duy", visas[0].Title.En);
        Assert.All(visas, v => Assert.Equal(VietnamTime(2025, 3, 10, 0), v.Due));
        Assert.Equal([0, 1, 2], visas.Select(v => v.ItemIndex!.Value));
        Assert.Equal("Bùi Thế Duy", visas[0].Item!["fullName"]!.GetValue<string>());
    }

    [Fact]
    public void A_visa_task_needs_its_status_and_accepts_only_the_listed_values()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        h.ApproveInitialReview();
        var visa = h.Open("visas")[0];
        var missing = Assert.Throws<WorkflowCommandException>(() => h.Complete(visa, Outcomes.Done, Harness.Visa, data: []));
        Assert.Equal(WorkflowErrorKind.Invalid, missing.Kind);
        Assert.Equal("data.visaStatus", missing.Field);
        var wrong = Assert.Throws<WorkflowCommandException>(() =>
            h.Complete(visa, Outcomes.Done, Harness.Visa, data: new JsonObject { ["visaStatus"] = "maybe" }));
        Assert.Equal("data.visaStatus", wrong.Field);
        var badDate = Assert.Throws<WorkflowCommandException>(() =>
            h.Complete(visa, Outcomes.Done, Harness.Visa, data: new JsonObject { ["visaStatus"] = "granted", ["visaDate"] = "26/4/2024" }));
        Assert.Equal("data.visaDate", badDate.Field);
    }

    [Fact]
    public void The_CAS_visit_with_deputy_minister_level_guests_needs_leadership()
    {
        var h = new Harness(Inbound, VietnamTime(2025, 3, 3));
        h.Start(CasVisit2025());
        h.ApproveInitialReview();
        Assert.Equal(["leadership"], h.ActiveSteps);
        h.Complete("leadership", Outcomes.Approve, Harness.Leader, "Đồng ý đón tiếp.");
        Assert.Equal(["invitation", "reception-arrangements", "reception-budget"], h.ActiveSteps);
    }

    [Fact]
    public void The_BAST_visit_goes_to_the_security_liaison_when_the_international_office_asks()
    {
        var h = new Harness(Inbound, VietnamTime(2025, 7, 1));
        h.Start(BastDaNang2025());
        h.Complete("department-head", Outcomes.Approve, Harness.Head, "Đồng ý.");
        h.Complete("international-office", Outcomes.Approve, Harness.Intl, "Đề nghị lấy ý kiến an ninh.",
            data: new JsonObject { ["securityReview"] = true });
        Assert.Equal(["security-liaison"], h.ActiveSteps);
        h.Complete("security-liaison", Outcomes.Approve, new Actor("u-sec", "Hoàng Văn An"), "Không có vấn đề.");
        Assert.Equal(["invitation", "reception-arrangements", "reception-budget"], h.ActiveSteps); // class C: no leadership
        h.Complete("reception-budget", Outcomes.Approve, Harness.Finance);
        h.Complete("reception-arrangements", Outcomes.Done, Harness.Submitter, data: new JsonObject { ["venueConfirmed"] = true, ["interpreter"] = "Phiên dịch tiếng Trung" });
        h.Complete("invitation", Outcomes.Done, Harness.Intl, data: new JsonObject { ["lettersSent"] = true });
        Assert.Equal(["await-visit-end"], h.ActiveSteps);
        h.AdvanceTo(VietnamTime(2025, 8, 8, 0));
        var report = h.Task("visit-report");
        Assert.Equal(VietnamTime(2025, 8, 22, 0), report.Due);
        h.Complete(report, Outcomes.Done, Harness.Submitter, data: new JsonObject { ["summary"] = "VUSTA và CAST ký Biên bản ghi nhớ." });
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
    }

    [Fact]
    public void A_trip_already_over_when_approved_opens_its_report_at_once()
    {
        // Demo data entered after the fact: the wait's moment is already past, so it completes immediately.
        var h = new Harness(Outbound, VietnamTime(2026, 11, 24));
        h.Start(HueUnionJicaKoica2024());
        h.ApproveInitialReview();
        h.Complete("budget-check", Outcomes.Approve, Harness.Finance);
        h.CompleteVisas("not-needed");
        Assert.Equal(["post-trip-report"], h.ActiveSteps);
        Assert.Contains(h.Journal, j => j.FromStep == "await-return" && j.Outcome == "elapsed");
    }

    [Fact]
    public void A_rejection_by_finance_ends_the_trip_and_cancels_the_visa_tasks()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 4, 1));
        h.Start(HueUnionJicaKoica2024());
        h.ApproveInitialReview();
        var result = h.Complete("budget-check", Outcomes.Reject, Harness.Finance, "Không có nguồn kinh phí.");
        Assert.Equal(InstanceStatus.Rejected, h.Instance.Status);
        Assert.Equal(2, result.EffectsOf<TaskClosed>().Count(c => c.Task.StepId == "visas" && c.Task.Status == HumanTaskStatus.Cancelled));
        Assert.Empty(h.Instance.Tokens);
    }
}
