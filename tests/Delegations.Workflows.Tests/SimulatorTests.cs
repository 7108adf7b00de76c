using System.Text.Json.Nodes;
using Delegations.Workflows.Runtime;
using static Delegations.Workflows.Tests.Fixtures;

namespace Delegations.Workflows.Tests;

public sealed class SimulatorTests
{
    private static JsonObject Vars(JsonObject proposal) => new() { ["proposal"] = proposal };

    [Fact]
    public void The_ministers_trip_takes_the_leadership_path_to_completed()
    {
        var result = WorkflowSimulator.Run(Outbound, Vars(MinisterBeijingShanghai2024()), VietnamTime(2024, 3, 20), calendar: Calendar);
        Assert.Equal(InstanceStatus.Completed, result.Status);
        var ids = result.Path.Select(p => p.StepId).ToList();
        Assert.Equal(["department-head", "international-office", "needs-leadership", "leadership", "preparation"], ids.Take(5));
        Assert.Contains("budget-check", ids);
        Assert.Contains("visas", ids);
        // After the return the report (then planned vs actual) and the passports (none here: no diplomatic or official passport) run side by side.
        var after = ids.SkipWhile(i => i != "await-return").Distinct().ToList();
        Assert.Equal(["await-return", "after-return"], after.Take(2));
        Assert.Contains("post-trip-report", after);
        Assert.True(after.IndexOf("actuals-check") > after.IndexOf("post-trip-report")); // planned vs actual checked after the report
        Assert.Contains("passport-return", after);
        Assert.Equal("completed", ids[^1]);
        Assert.StartsWith("case 1", result.Path.Single(p => p.StepId == "needs-leadership").Outcome);
        Assert.Equal(VietnamTime(2024, 4, 27, 0), result.Path.Single(p => p.StepId == "post-trip-report").At);
    }

    [Fact]
    public void A_small_planned_trip_does_not_need_leadership()
    {
        var result = WorkflowSimulator.Run(Outbound, Vars(HueUnionJicaKoica2024()), VietnamTime(2024, 4, 1), calendar: Calendar);
        Assert.Equal(InstanceStatus.Completed, result.Status);
        Assert.DoesNotContain(result.Path, p => p.StepId == "leadership");
        Assert.Equal("otherwise", result.Path.Single(p => p.StepId == "needs-leadership").Outcome);
    }

    [Fact]
    public void Given_outcomes_steer_the_run_and_nothing_outside_changes()
    {
        var proposal = MinisterBeijingShanghai2024();
        var before = proposal.ToJsonString();
        var result = WorkflowSimulator.Run(Outbound, Vars(proposal), VietnamTime(2024, 3, 20),
            new Dictionary<string, string> { ["leadership"] = "reject", ["international-office"] = "changes" }, Calendar);
        Assert.Equal(InstanceStatus.Rejected, result.Status);
        Assert.Equal("rejected", result.Path[^1].StepId);
        Assert.Equal(2, result.Path.Count(p => p.StepId == "international-office"));
        Assert.Contains(result.Notes, n => n.Contains("changes"));
        Assert.Equal(before, proposal.ToJsonString());
    }

    [Fact]
    public void A_faulting_expression_is_reported_as_an_incident()
    {
        var proposal = HueUnionJicaKoica2024();
        proposal.Remove("budget");
        var result = WorkflowSimulator.Run(Outbound, Vars(proposal), VietnamTime(2024, 4, 1), calendar: Calendar);
        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Equal("needs-leadership", result.Incident!.StepId);
    }
}
