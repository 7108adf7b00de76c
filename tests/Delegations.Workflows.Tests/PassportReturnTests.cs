using System.Text.Json.Nodes;
using Delegations.Workflows.Runtime;
using static Delegations.Workflows.Tests.Fixtures;

namespace Delegations.Workflows.Tests;

/// <summary>
/// The default outbound definition: after the return, one passport-return task per member with a diplomatic or
/// official passport, due 5 working days after the return (Vietnamese holidays counted), side by side with the report.
/// </summary>
public sealed class PassportReturnTests
{
    private static JsonObject WithPassports()
    {
        var trip = MinisterBeijingShanghai2024();
        var types = new[] { "diplomatic", "official", "official", "ordinary", null };
        var members = trip["members"]!.AsArray();
        for (var i = 0; i < members.Count; i++) members[i]!["passportType"] = types[i];
        return trip;
    }

    [Fact]
    public void Diplomatic_and_official_passports_are_handed_back_within_5_working_days_and_the_trip_completes_with_both_done()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 25), Calendar);
        h.Start(WithPassports());
        h.ApproveInitialReview();
        h.Complete("leadership", Outcomes.Approve, Harness.Leader, "Đồng ý cử đoàn.");
        h.Complete("budget-check", Outcomes.Approve, Harness.Finance);
        h.CompleteVisas();
        h.AdvanceTo(VietnamTime(2024, 4, 27, 0));

        Assert.Equal(["passport-return", "post-trip-report"], h.ActiveSteps);
        var passports = h.Open("passport-return");
        Assert.Equal(["Nộp lại hộ chiếu: Huỳnh Thành Đạt", "Nộp lại hộ chiếu: Trần Thị Minh Hà", "Nộp lại hộ chiếu: Lê Quang Huy"], passports.Select(t => t.Title.Vi));
        Assert.All(passports, t => Assert.Equal("passport-return", t.TaskKind));
        // Back on Friday 26/4; 30/4 and 1/5 are holidays: Mon 29, Thu 2, Fri 3, Mon 6, Tue 7 May.
        Assert.All(passports, t => Assert.Equal(VietnamTime(2024, 5, 7, 0), t.Due));

        h.Complete("post-trip-report", Outcomes.Done, Harness.Submitter, data: new JsonObject { ["summary"] = "Ký Biên bản ghi nhớ." });
        Assert.Equal(["passport-return"], h.ActiveSteps);
        Assert.NotEqual(InstanceStatus.Completed, h.Instance.Status);
        var ex = Assert.Throws<Delegations.Workflows.Runtime.WorkflowCommandException>(() => h.Complete(passports[0], Outcomes.Done, Harness.Visa, data: new JsonObject()));
        Assert.Equal("data.returnedOn", ex.Field);
        foreach (var task in passports)
            h.Complete(task, Outcomes.Done, Harness.Visa, data: new JsonObject { ["returnedOn"] = "2024-05-02" });
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
        Assert.Equal("completed", h.Instance.Outcome);
    }

    [Fact]
    public void Without_diplomatic_or_official_passports_no_task_opens_and_the_report_completes_the_trip()
    {
        var h = new Harness(Outbound, VietnamTime(2024, 3, 25), Calendar);
        h.Start(MinisterBeijingShanghai2024());
        h.ApproveInitialReview();
        h.Complete("leadership", Outcomes.Approve, Harness.Leader);
        h.Complete("budget-check", Outcomes.Approve, Harness.Finance);
        h.CompleteVisas();
        h.AdvanceTo(VietnamTime(2024, 4, 27, 0));
        Assert.Equal(["post-trip-report"], h.ActiveSteps);
        Assert.Contains(h.Journal, j => j.FromStep == "passport-return" && j.Outcome == "no items");
        h.Complete("post-trip-report", Outcomes.Done, Harness.Submitter, data: new JsonObject { ["summary"] = "Xong." });
        Assert.Equal(InstanceStatus.Completed, h.Instance.Status);
    }
}
