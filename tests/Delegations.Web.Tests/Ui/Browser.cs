using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Delegations.Web.Tests.Ui;

/// <summary>The whole app on a real loopback port (Kestrel), for the browser.</summary>
public sealed class BrowserApp : AppFactory
{
    public BrowserApp() => UseKestrel(0);

    public string BaseUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => a.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1")).First().TrimEnd('/');
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().EnsureOrganisationAsync(CancellationToken.None);
    }
}

/// <summary>
/// Debian's Chromium driven by Playwright (no <c>playwright install</c>): DELEGATIONS_TEST_CHROMIUM or /usr/bin/chromium.
/// One browser for a test class; each test opens its own contexts (one per person signed in).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("DELEGATIONS_TEST_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    /// <summary>Where screenshots go: $DELEGATIONS_TEST_OUTPUT/screenshots, else test-output/screenshots at the repository root.</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("DELEGATIONS_TEST_OUTPUT");
            if (string.IsNullOrEmpty(root))
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Delegations.sln"))) dir = dir.Parent;
                root = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "test-output");
            }
            var path = Path.Combine(root, "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"Chromium is not at {ExecutablePath} (scripts/test.sh installs it; or set DELEGATIONS_TEST_CHROMIUM).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser profile (no cookies) at a desktop size; script errors, failed assets and dialogs are noted in <paramref name="problems"/>.</summary>
    public async Task<IPage> NewPageAsync(BrowserApp app, List<string> problems, string locale = "vi-VN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = locale,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => problems.Add("script error: " + error);
        page.Console += (_, message) =>
        {
            // A page answered 403/404 on purpose is logged by Chromium as a failed load; failed assets are caught below.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) problems.Add("console: " + message.Text);
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Request.ResourceType != "document") problems.Add($"{response.Status} for {response.Url}");
        };
        page.Dialog += (_, dialog) =>
        {
            problems.Add("dialog: " + dialog.Message);
            _ = dialog.DismissAsync();
        };
        return page;
    }

    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Thư điện tử").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
