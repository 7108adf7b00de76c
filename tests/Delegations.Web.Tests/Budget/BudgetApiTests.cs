using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Budget;

/// <summary>
/// Budget norms, the estimate, over-norm routing, finance's corrections, the annual plan, department budgets and
/// planned vs actual — through the public API with the seed delegations, on SQLite and (below) on PostgreSQL.
/// The clock starts on 18 March 2024, so the norms in force are those of Circulars 102/2012 and 71/2018.
/// </summary>
public class BudgetApiTests : AppTests
{
    private static List<JsonObject> Journal(JsonObject proposal) => proposal["journal"]!.AsArray().Select(j => j!.AsObject()).ToList();

    private static ProposalInput SriLankaAt(decimal accommodationUsd) => DemoSeeds.SriLankaActionPlan() with
    {
        StartDate = "2024-10-14", EndDate = "2024-10-17",
        Agenda = [],
        Budget = new("state-budget",
        [
            new() { Category = "airfare", Amount = 2_000, Currency = "USD", ExchangeRate = 26_100m, RateDate = "2024-09-01" },
            new() { Category = "perdiem", Amount = 1_500, Currency = "USD", ExchangeRate = 26_100m, RateDate = "2024-09-01" },
            new() { Category = "accommodation", Amount = accommodationUsd, Currency = "USD", ExchangeRate = 26_100m, RateDate = "2024-09-01" },
        ]),
    };

    [Fact]
    public async Task Norms_are_looked_up_by_country_group_grade_and_effective_date_in_both_circular_generations()
    {
        using var admin = await App.As("admin@demo.local");
        async Task<JsonObject> Lookup(string query) => (await admin.Get("/api/admin/norms/lookup?" + query)).Expect(HttpStatusCode.OK).Object;

        var minister2024 = await Lookup("date=2024-04-22&kind=outbound&country=CN&category=perdiem&grade=minister");
        Assert.Equal("B", minister2024["group"]!.GetValue<string>());
        Assert.Equal(150m, minister2024["norm"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("102/2012/TT-BTC", minister2024["norm"]!["circular"]!.GetValue<string>());
        Assert.Equal("USD", minister2024["norm"]!["currency"]!.GetValue<string>());
        var officer2024 = await Lookup("date=2024-04-22&kind=outbound&country=CN&category=accommodation&grade=officer");
        Assert.Equal(260m, officer2024["norm"]!["amount"]!.GetValue<decimal>());
        var paris = await Lookup("date=2025-03-24&kind=outbound&country=FR&category=accommodation&grade=deputy-minister");
        Assert.Equal(("D", 400m), (paris["group"]!.GetValue<string>(), paris["norm"]!["amount"]!.GetValue<decimal>()));
        // Circular 140/2025 from 14/02/2026: the day before is still 102/2012.
        var before = await Lookup("date=2026-02-13&kind=outbound&country=CN&category=perdiem&grade=minister");
        var after = await Lookup("date=2026-02-14&kind=outbound&country=CN&category=perdiem&grade=minister");
        Assert.Equal((150m, "102/2012/TT-BTC"), (before["norm"]!["amount"]!.GetValue<decimal>(), before["norm"]!["circular"]!.GetValue<string>()));
        Assert.Equal((200m, "140/2025/TT-BTC"), (after["norm"]!["amount"]!.GetValue<decimal>(), after["norm"]!["circular"]!.GetValue<string>()));
        // Reception: Circular 71/2018, then 35/2026 from 18/05/2026 (domain.md's example figures).
        var casVisit = await Lookup("date=2025-04-01&kind=reception&group=B&category=meals");
        Assert.Equal((2_000_000m, "71/2018/TT-BTC"), (casVisit["norm"]!["amount"]!.GetValue<decimal>(), casVisit["norm"]!["circular"]!.GetValue<string>()));
        var roomA = await Lookup("date=2026-05-18&kind=reception&group=A&category=room&grade=head");
        Assert.Equal((9_400_000m, "35/2026/TT-BTC"), (roomA["norm"]!["amount"]!.GetValue<decimal>(), roomA["norm"]!["circular"]!.GetValue<string>()));
        var roomA17 = await Lookup("date=2026-05-17&kind=reception&group=A&category=room&grade=head");
        Assert.Equal("71/2018/TT-BTC", roomA17["norm"]!["circular"]!.GetValue<string>());
        Assert.True(roomA["norm"]!["example"]!.GetValue<bool>());

        // An admin changes a figure: audited, no longer an example; an unknown kind names the field.
        var id = roomA["norm"]!["id"]!.GetValue<string>();
        var changed = (await admin.Put($"/api/admin/norms/{id}", new { amount = 9_500_000 })).Expect(HttpStatusCode.OK).Object;
        Assert.False(changed["example"]!.GetValue<bool>());
        Assert.Equal(9_500_000m, (await Lookup("date=2026-06-01&kind=reception&group=A&category=room&grade=head"))["norm"]!["amount"]!.GetValue<decimal>());
        Assert.True(await App.Db(db => db.Set<Delegations.Web.Admin.AuditEntry>().AnyAsync(a => a.Subject!.StartsWith("norm reception/A/room/head") && a.Detail!.Contains("9500000"))));
        var bad = (await admin.Post("/api/admin/norms", new { kind = "lunar", circular = "x", effectiveFrom = "2026-01-01", group = "A", category = "perdiem", amount = 1 })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("kind", bad.Errors.Keys);
    }

    [Fact]
    public async Task The_estimate_for_seed_001_costs_the_minister_and_members_in_Beijing_and_Shanghai_by_Circular_102()
    {
        using var submitter = await App.As("submitter@demo.local");
        var estimate = (await submitter.Post("/api/budget/estimate", DemoSeeds.MinisterBeijingShanghai())).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(["102/2012/TT-BTC"], estimate["circulars"]!.AsArray().Select(c => c!.GetValue<string>()));
        var lines = estimate["lines"]!.AsArray().Select(l => l!.AsObject()).ToList();
        var perdiem = lines.Single(l => l["category"]!.GetValue<string>() == "perdiem");
        var accommodation = lines.Single(l => l["category"]!.GetValue<string>() == "accommodation");
        // 5 days: the minister 150 USD, four others 130 USD a day; 4 nights: 400 and 4 × 260 USD (group B, China).
        Assert.Equal(3_350m, perdiem["amount"]!.GetValue<decimal>());
        Assert.Equal(5_760m, accommodation["amount"]!.GetValue<decimal>());
        Assert.Equal("USD", perdiem["currency"]!.GetValue<string>());
        // The rate (and its date) of the proposal's own USD lines.
        Assert.Equal((25_300m, "2024-04-01"), (perdiem["exchangeRate"]!.GetValue<decimal>(), perdiem["rateDate"]!.GetValue<string>()));
        Assert.Equal(3_350 * 25_300L, perdiem["amountVnd"]!.GetValue<long>());
        Assert.Contains("5 người × 5 ngày", perdiem["description"]!.GetValue<string>());

        // Saved, the seed's lines are within the norms, each with its cap shown.
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        var budget = (await Flow.GetAsync("submitter@demo.local", id))["budget"]!.AsObject();
        Assert.Equal(0, budget["overNormLines"]!.GetValue<int>());
        Assert.Equal("2024-03-18", budget["normsAsOf"]!.GetValue<string>());
        var perdiemLine = budget["lines"]!.AsArray().Single(l => l!["category"]!.GetValue<string>() == "perdiem")!;
        Assert.Equal(3_350 * 25_300L, perdiemLine["normVnd"]!.GetValue<long>());
        Assert.False(perdiemLine["overNorm"]!.GetValue<bool>());
        var saved = (await submitter.Post($"/api/proposals/{id}/budget/estimate")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(estimate["totalVnd"]!.GetValue<long>(), saved["totalVnd"]!.GetValue<long>());
    }

    [Fact]
    public async Task Euro_lines_are_compared_with_dollar_norms_through_VND_at_the_proposals_own_rates()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.DeputyMinisterParisUnesco());
        var lines = (await Flow.GetAsync("submitter@demo.local", id))["budget"]!["lines"]!.AsArray().Select(l => l!.AsObject()).ToList();
        var perdiem = lines.Single(l => l["category"]!.GetValue<string>() == "perdiem");
        // 1,620 EUR at 27,400 against (170 + 150 + 150) USD × 4 days at the airfare's 25,450 VND per USD.
        Assert.Equal(1_620 * 27_400L, perdiem["amountVnd"]!.GetValue<long>());
        Assert.Equal(1_880 * 25_450L, perdiem["normVnd"]!.GetValue<long>());
        Assert.False(perdiem["overNorm"]!.GetValue<bool>());
        var accommodation = lines.Single(l => l["category"]!.GetValue<string>() == "accommodation");
        Assert.Equal(3_000 * 25_450L, accommodation["normVnd"]!.GetValue<long>());
        Assert.Null(lines.Single(l => l["category"]!.GetValue<string>() == "airfare")["normVnd"]);
    }

    [Fact]
    public async Task A_line_over_the_norm_is_flagged_and_sends_the_trip_to_leadership_where_finance_corrects_it_in_the_journal()
    {
        // Within the norms (3 people × 3 nights × 260 USD = 2,340 USD): no leadership needed.
        var within = await Flow.CreateAsync("submitter@demo.local", SriLankaAt(2_300));
        await Flow.SubmitAsync("submitter@demo.local", within);
        await Flow.ApproveAsync("head@demo.local", within, "department-head");
        await Flow.ApproveAsync("intl@demo.local", within, "international-office");
        Assert.Equal("approved", await Flow.StatusAsync(within));

        var over = await Flow.CreateAsync("submitter@demo.local", SriLankaAt(3_000));
        var draft = await Flow.GetAsync("submitter@demo.local", over);
        Assert.Equal(1, draft["budget"]!["overNormLines"]!.GetValue<int>());
        var line = draft["budget"]!["lines"]![2]!;
        Assert.True(line["overNorm"]!.GetValue<bool>());
        Assert.Equal(2_340 * 26_100L, line["normVnd"]!.GetValue<long>());
        Assert.Contains("102/2012/TT-BTC", line["normBasis"]!.GetValue<string>());
        await Flow.SubmitAsync("submitter@demo.local", over);
        await Flow.ApproveAsync("head@demo.local", over, "department-head");
        await Flow.ApproveAsync("intl@demo.local", over, "international-office");
        var atLeadership = await Flow.GetAsync("leader@demo.local", over);
        Assert.Equal("leadership", Assert.Single(atLeadership["activeSteps"]!.AsArray())!["stepId"]!.GetValue<string>());
        Assert.Contains(Journal(atLeadership), j => j["kind"]!.GetValue<string>() == "decision" || j["toStep"]?.GetValue<string>() == "leadership");
        using (var leader = await App.As("leader@demo.local"))
        {
            var task = Assert.Single(await Flow.InboxTasksAsync("leader@demo.local", over, "leadership"));
            var detail = (await leader.Get($"/api/tasks/{task["id"]}")).Expect(HttpStatusCode.OK).Object;
            Assert.Contains(detail["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("vượt định mức"));
        }
        await Flow.ApproveAsync("leader@demo.local", over, "leadership");

        var bad = (await Flow.ActAsync("finance@demo.local", over, "budget-check", "approve", "Điều chỉnh.", new JsonObject
        {
            ["corrections"] = new JsonArray(new JsonObject { ["line"] = 2, ["amount"] = 2_300 }, new JsonObject { ["line"] = 9, ["amount"] = 1, ["reason"] = "?" }),
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("data.corrections[0].reason", bad.Errors.Keys);
        Assert.Contains("data.corrections[1].line", bad.Errors.Keys);
        Assert.Equal(3_000m, (await Flow.GetAsync("submitter@demo.local", over))["budget"]!["lines"]![2]!["amount"]!.GetValue<decimal>()); // nothing half-saved

        await Flow.ApproveAsync("finance@demo.local", over, "budget-check", "Duyệt theo định mức.", new JsonObject
        {
            ["corrections"] = new JsonArray(new JsonObject { ["line"] = 2, ["amount"] = 2_300, ["reason"] = "Theo định mức tiền phòng nhóm B (TT 102/2012)." }),
        });
        var corrected = await Flow.GetAsync("submitter@demo.local", over);
        Assert.Equal(0, corrected["budget"]!["overNormLines"]!.GetValue<int>());
        Assert.Equal((2_000 + 1_500 + 2_300) * 26_100L, corrected["budget"]!["totalVnd"]!.GetValue<long>());
        Assert.Equal((2_000 + 1_500 + 2_300) * 26_100L, corrected["budget"]!["approvedTotalVnd"]!.GetValue<long>());
        var entry = Assert.Single(Journal(corrected), j => j["kind"]!.GetValue<string>() == "budget-corrected");
        Assert.Equal("budget.lines[2] accommodation: 3,000 USD × 26,100 → 2,300 USD × 26,100", entry["outcome"]!.GetValue<string>());
        Assert.Equal("Theo định mức tiền phòng nhóm B (TT 102/2012).", entry["comment"]!.GetValue<string>());
        Assert.Equal("Đỗ Minh Châu", entry["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unplanned_trip_goes_to_leadership_and_a_planned_one_links_to_its_plan_item()
    {
        using var admin = await App.As("admin@demo.local");
        using var intl = await App.As("intl@demo.local");
        using var submitter = await App.As("submitter@demo.local");
        (await submitter.Get("/api/admin/plan?year=2024")).Expect(HttpStatusCode.Forbidden);
        var item = (await intl.Post("/api/admin/plan", new { year = 2024, department = "MOST-VP", kind = "outbound", country = "VN", quarter = 2, size = 2, title = "Làm việc với JICA và KOICA" }))
            .Expect(HttpStatusCode.Created).Object;
        var badItem = (await admin.Post("/api/admin/plan", new { year = 2024, department = "NOPE", kind = "outbound", country = "XX", quarter = 5, size = 0, title = "" })).Expect(HttpStatusCode.BadRequest);
        Assert.Superset(new HashSet<string> { "department", "country", "quarter", "size", "title" }, badItem.Errors.Keys.ToHashSet());

        // The department keeps a plan for 2024: a proposal linked to none is unplanned, whatever its flag says.
        var unplanned = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        Assert.False((await Flow.GetAsync("submitter@demo.local", unplanned))["inAnnualPlan"]!.GetValue<bool>());
        await Flow.SubmitAsync("submitter@demo.local", unplanned);
        await Flow.ApproveAsync("head@demo.local", unplanned, "department-head");
        await Flow.ApproveAsync("intl@demo.local", unplanned, "international-office");
        Assert.Single(await Flow.InboxTasksAsync("leader@demo.local", unplanned, "leadership"));

        var planned = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica() with { PlanItemId = item["id"]!.GetValue<string>() });
        var view = await Flow.GetAsync("submitter@demo.local", planned);
        Assert.True(view["inAnnualPlan"]!.GetValue<bool>());
        Assert.Equal("Làm việc với JICA và KOICA", view["planItem"]!["title"]!.GetValue<string>());
        await Flow.SubmitAsync("submitter@demo.local", planned);
        await Flow.ApproveAsync("head@demo.local", planned, "department-head");
        await Flow.ApproveAsync("intl@demo.local", planned, "international-office");
        Assert.Equal("approved", await Flow.StatusAsync(planned));

        // Another department's plan item, or one of another year, is refused by name.
        var other = (await admin.Post("/api/admin/plan", new { year = 2024, department = "MOST-CPT", kind = "outbound", country = "CN", quarter = 2, size = 3, title = "Diễn đàn" })).Expect(HttpStatusCode.Created).Object;
        var refused = (await submitter.Post("/api/proposals", DemoSeeds.HueUnionJicaKoica() with { PlanItemId = other["id"]!.GetValue<string>() })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("planItemId", refused.Errors.Keys);
        var plan = (await intl.Get("/api/admin/plan?year=2024")).Expect(HttpStatusCode.OK).Array;
        Assert.Contains(plan, i => i!["title"]!.GetValue<string>() == "Làm việc với JICA và KOICA" && i["proposals"]!.AsArray().Count == 1);
        (await intl.Send(HttpMethod.Delete, $"/api/admin/plan/{item["id"]}", null)).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Admin_apis_refuse_other_roles()
    {
        foreach (var email in new[] { "submitter@demo.local", "finance@demo.local", "intl@demo.local" })
        {
            using var api = await App.As(email);
            (await api.Get("/api/admin/norms")).Expect(HttpStatusCode.Forbidden);
            (await api.Post("/api/admin/norms", new { kind = "outbound" })).Expect(HttpStatusCode.Forbidden);
            (await api.Put("/api/admin/department-budgets/MOST-VP/2024", new { amountVnd = 1 })).Expect(HttpStatusCode.Forbidden);
        }
        using var finance = await App.As("finance@demo.local");
        (await finance.Post("/api/admin/plan", new { year = 2024 })).Expect(HttpStatusCode.Forbidden);
        (await App.Anonymous().Get("/api/admin/norms")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_department_at_80_percent_of_its_budget_warns_the_approver_and_past_100_percent_submit_is_refused()
    {
        using var admin = await App.As("admin@demo.local");
        // Seed 002's budget is 10.8 million VND: 90% of 12 million.
        var set = (await admin.Put("/api/admin/department-budgets/MOST-VP/2024", new { amountVnd = 12_000_000 })).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(0, set["committedVnd"]!.GetValue<long>());
        var first = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", first);
        var task = Assert.Single(await Flow.InboxTasksAsync("head@demo.local", first, "department-head"));
        using (var head = await App.As("head@demo.local"))
        {
            var detail = (await head.Get($"/api/tasks/{task["id"]}")).Expect(HttpStatusCode.OK).Object;
            Assert.Equal("warn", detail["departmentBudget"]!["level"]!.GetValue<string>());
            Assert.Equal(90.0m, detail["departmentBudget"]!["percent"]!.GetValue<decimal>());
            Assert.Contains(detail["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("90"));
        }
        Assert.Equal(10_800_000, (await Flow.GetAsync("submitter@demo.local", first))["budget"]!["department"]!["thisProposalVnd"]!.GetValue<long>());

        var second = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        using var submitter = await App.As("submitter@demo.local");
        var refused = (await submitter.Post($"/api/proposals/{second}/submit")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("department-budget", refused.Errors["budget.totalVnd"][0]);
        Assert.Equal("draft", await Flow.StatusAsync(second));
        var list = (await admin.Get("/api/admin/department-budgets?year=2024")).Expect(HttpStatusCode.OK).Array;
        Assert.Equal(10_800_000, list.Single(b => b!["department"]!.GetValue<string>() == "MOST-VP")!["committedVnd"]!.GetValue<long>());

        // Raised to 30 million, the second goes through (72%).
        (await admin.Put("/api/admin/department-budgets/MOST-VP/2024", new { amountVnd = 30_000_000 })).Expect(HttpStatusCode.OK);
        await Flow.SubmitAsync("submitter@demo.local", second);
    }

    private async Task<string> HueTripAtReportAsync()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        await Flow.ApproveAsync("finance@demo.local", id, "budget-check", "Đồng ý.", new JsonObject { ["approvedTotalVnd"] = 10_800_000 });
        await Flow.CompleteVisasAsync(id, "not-needed");
        await Flow.TravelToAsync(2024, 4, 24, 9);
        Assert.Equal("report_due", await Flow.StatusAsync(id));
        return id;
    }

    [Fact]
    public async Task Actual_costs_more_than_10_percent_over_the_approved_total_open_a_finance_review()
    {
        var within = await HueTripAtReportAsync();
        (await Flow.FileReportAsync("submitter@demo.local", within, DemoSeeds.HueUnionJicaKoicaReport())).Expect(HttpStatusCode.Created);
        Assert.Equal("completed", await Flow.StatusAsync(within));

        var over = await HueTripAtReportAsync();
        var report = DemoSeeds.HueUnionJicaKoicaReport() with
        {
            Costs = [new ReportApi.CostInput { Line = 0, Amount = 12_000_000, Note = "Vé đổi giờ bay" }, new ReportApi.CostInput { Line = 1, Amount = 1_200_000 }],
        };
        (await Flow.FileReportAsync("submitter@demo.local", over, report)).Expect(HttpStatusCode.Created);
        var view = await Flow.GetAsync("finance@demo.local", over);
        Assert.Equal("report_due", view["status"]!.GetValue<string>());
        Assert.Equal(13_200_000, view["budget"]!["actualVnd"]!.GetValue<long>());
        var review = Assert.Single(await Flow.InboxTasksAsync("finance@demo.local", over, "finance-review"));
        Assert.Equal("finance-review", review["kind"]!.GetValue<string>());
        Assert.Contains(Journal(view), j => j["toStep"]?.GetValue<string>() == "finance-review");
        (await Flow.ActAsync("finance@demo.local", over, "finance-review", "done", null, new JsonObject { ["decision"] = "accepted", ["note"] = "Chấp nhận do đổi giờ bay." }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("completed", await Flow.StatusAsync(over));
    }
}

public sealed class BudgetApiTestsOnPostgres : BudgetApiTests, IOnPostgres;
