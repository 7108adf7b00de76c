using System.Text.RegularExpressions;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.Playwright;

namespace Delegations.Web.Tests.Budget;

/// <summary>
/// The budget in a real browser (Debian's Chromium): seed 001's draft costed from the norms with the form's button,
/// saved, and the proposal page showing each line's norm; the norm tables page. Screenshots go to the test output.
/// </summary>
[Collection("Browser")]
public sealed class BudgetBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly BrowserApp _app = new();
    private readonly List<string> _problems = [];
    private Flow Flow => new(_app);

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Seed_001_is_costed_from_the_norms_on_the_form_and_its_page_shows_each_lines_norm()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai() with
        {
            Budget = new("state-budget", [new() { Category = "airfare", Amount = 9_800, Currency = "USD", ExchangeRate = 25_300m, RateDate = "2024-04-01" }]),
        });
        var page = await chromium.NewPageAsync(_app, _problems);
        await Chromium.SignInAsync(page, "submitter@demo.local");
        await page.GotoAsync($"/proposals/{id}/edit");
        await page.Locator("[data-testid=estimate]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=estimate-note]")).ToContainTextAsync("102/2012/TT-BTC");
        await Assertions.Expect(page.Locator("input[name='budget.lines[1].amount']")).ToHaveValueAsync("3350");
        await Assertions.Expect(page.Locator("input[name='budget.lines[2].amount']")).ToHaveValueAsync("5760");
        // The live total follows the filled lines: (9,800 + 3,350 + 5,760) USD × 25,300.
        await Assertions.Expect(page.Locator("[data-testid=form-budget-total]")).ToHaveTextAsync("478.423.000 ₫");
        await Chromium.ScreenshotAsync(page, "20-estimate-from-norms-seed-001");

        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu nháp" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/edit$"));
        await page.GotoAsync($"/proposals/{id}");
        await Assertions.Expect(page.Locator("[data-testid=budget-norm]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-testid=over-norm]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=budget-total]")).ToHaveTextAsync("478.423.000 ₫");
        await Chromium.ScreenshotAsync(page, "21-proposal-budget-with-norms");

        var admin = await chromium.NewPageAsync(_app, _problems);
        await Chromium.SignInAsync(admin, "admin@demo.local");
        await admin.GotoAsync("/admin/norms");
        await Assertions.Expect(admin.Locator("[data-testid=example-warning]")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(admin, "22-admin-norms");
        await admin.GotoAsync("/admin/plan?year=2024");
        await Assertions.Expect(admin.Locator("h1")).ToContainTextAsync("2024");
        await Chromium.ScreenshotAsync(admin, "23-admin-plan");
        Assert.Empty(_problems);
    }
}
