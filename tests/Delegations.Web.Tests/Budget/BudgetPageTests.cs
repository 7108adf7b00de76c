using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Proposals;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;

namespace Delegations.Web.Tests.Budget;

/// <summary>The budget pages through the in-memory server, read with AngleSharp: the estimate button, norms and over-norm flags, finance's corrections, the admin pages.</summary>
public sealed class BudgetPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private Flow Flow => new(_app);

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    private Task<PageClient> As(string email) => PageClient.SignInAsync(_app, email);

    [Fact]
    public async Task The_estimate_button_fills_seed_001s_per_diem_and_accommodation_from_the_norms_without_saving()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai() with
        {
            Budget = new("state-budget", [new() { Category = "airfare", Amount = 9_800, Currency = "USD", ExchangeRate = 25_300m, RateDate = "2024-04-01" }]),
        });
        using var client = await As("submitter@demo.local");
        var page = (await client.SubmitAsync($"/proposals/{id}/edit", "form[data-proposal-form]", [], "[data-testid=estimate]")).Expect(HttpStatusCode.OK);
        Assert.Contains("102/2012/TT-BTC", page.One("[data-testid=estimate-note]")!.TextContent);
        var categories = page.All("select[name$='.category']").Select(s => (s as AngleSharp.Html.Dom.IHtmlSelectElement)!.Value).ToList();
        Assert.Equal(["airfare", "perdiem", "accommodation"], categories);
        Assert.Equal("3350", (page.One("input[name='budget.lines[1].amount']") as AngleSharp.Html.Dom.IHtmlInputElement)!.Value);
        Assert.Equal("5760", (page.One("input[name='budget.lines[2].amount']") as AngleSharp.Html.Dom.IHtmlInputElement)!.Value);
        Assert.Single((await Flow.GetAsync("submitter@demo.local", id))["budget"]!["lines"]!.AsArray()); // nothing saved yet

        var saved = await client.SubmitAsync(page, "form[data-proposal-form]", [], "button[formaction*='handler=Save']");
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var budget = (await Flow.GetAsync("submitter@demo.local", id))["budget"]!;
        Assert.Equal((9_800 + 3_350 + 5_760) * 25_300L, budget["totalVnd"]!.GetValue<long>());
        Assert.Equal(0, budget["overNormLines"]!.GetValue<int>());
    }

    [Fact]
    public async Task Finance_corrects_a_line_over_the_norm_on_the_task_page_and_the_proposal_page_shows_the_norms()
    {
        var input = DemoSeeds.SriLankaActionPlan() with
        {
            StartDate = "2024-10-14", EndDate = "2024-10-17", Agenda = [],
            Budget = new("state-budget",
            [
                new() { Category = "airfare", Amount = 2_000, Currency = "USD", ExchangeRate = 26_100m },
                new() { Category = "perdiem", Amount = 1_500, Currency = "USD", ExchangeRate = 26_100m },
                new() { Category = "accommodation", Amount = 3_000, Currency = "USD", ExchangeRate = 26_100m },
            ]),
        };
        var id = await Flow.CreateAsync("submitter@demo.local", input);
        using (var submitter = await As("submitter@demo.local"))
        {
            var page = (await submitter.GetAsync($"/proposals/{id}")).Expect(HttpStatusCode.OK);
            Assert.Single(page.All("[data-testid=over-norm]"));
            Assert.Contains("1", page.One("[data-testid=over-norm-chip]")!.TextContent);
            Assert.Contains("vượt định mức", page.One("[data-testid=over-norm-chip]")!.TextContent);
        }
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        await Flow.ApproveAsync("leader@demo.local", id, "leadership");
        var task = Assert.Single(await Flow.InboxTasksAsync("finance@demo.local", id, "budget-check"));

        using var finance = await As("finance@demo.local");
        var taskPage = (await finance.GetAsync($"/tasks/{task["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Contains("vượt định mức", taskPage.One("[data-testid=task-warnings]")!.TextContent);
        Assert.NotNull(taskPage.One("[data-testid=budget-corrections]"));
        var done = await finance.SubmitAsync(taskPage, "form[data-task-form]", new()
        {
            ["Outcome"] = "approve", ["Comment"] = "Duyệt theo định mức.",
            ["corrections[2].amount"] = "2340", ["corrections[2].reason"] = "Tiền phòng theo định mức nhóm B.",
        });
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        var view = await Flow.GetAsync("submitter@demo.local", id);
        Assert.Equal(2_340m, view["budget"]!["lines"]![2]!["amount"]!.GetValue<decimal>());
        Assert.Contains(view["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == "budget-corrected" && j["comment"]!.GetValue<string>() == "Tiền phòng theo định mức nhóm B.");
        using var submitter2 = await As("submitter@demo.local");
        var after = (await submitter2.GetAsync($"/proposals/{id}")).Expect(HttpStatusCode.OK);
        Assert.Empty(after.All("[data-testid=over-norm]"));
        Assert.NotNull(after.One("[data-testid=approved-total]"));
    }

    [Fact]
    public async Task The_norm_and_plan_admin_pages_are_for_admins_and_the_international_office()
    {
        using var admin = await As("admin@demo.local");
        var norms = (await admin.GetAsync("/admin/norms")).Expect(HttpStatusCode.OK);
        Assert.NotNull(norms.One("[data-testid=example-warning]"));
        Assert.Contains("102/2012/TT-BTC", norms.One("[data-testid=norms]")!.TextContent);
        Assert.Contains("Trung Quốc", norms.One("[data-testid=country-groups]")!.TextContent);
        var reception = (await admin.GetAsync("/admin/norms?kind=reception")).Expect(HttpStatusCode.OK);
        Assert.Contains("35/2026/TT-BTC", reception.One("[data-testid=norms]")!.TextContent);

        using var intl = await As("intl@demo.local");
        (await intl.GetAsync("/admin/norms")).Expect(HttpStatusCode.Forbidden);
        var added = await intl.SubmitAsync("/admin/plan?year=2025", "form[action*='handler=Add']", new()
        {
            ["Item.Department"] = "MOST-VP", ["Item.Kind"] = "outbound", ["Item.Country"] = "KR", ["Item.Quarter"] = "3", ["Item.Size"] = "4",
            ["Item.Title"] = "Làm việc với Bộ Khoa học và CNTT Hàn Quốc <script>",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        var plan = (await intl.GetAsync("/admin/plan?year=2025")).Expect(HttpStatusCode.OK);
        Assert.Contains("Làm việc với Bộ Khoa học và CNTT Hàn Quốc <script>", plan.One("[data-testid=plan]")!.TextContent); // encoded, shown as text
        Assert.Empty(plan.Document.QuerySelectorAll("[data-testid=plan] script"));

        using var submitter = await As("submitter@demo.local");
        (await submitter.GetAsync("/admin/plan")).Expect(HttpStatusCode.Forbidden);
    }
}
