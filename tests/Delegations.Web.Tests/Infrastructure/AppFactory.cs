using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Infrastructure;
using Delegations.Web.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Delegations.Web.Tests.Infrastructure;

/// <summary>
/// The whole application in memory on a real SQLite file of its own, with a fake clock, the demo organisation and
/// accounts, no Hangfire server (tests run the jobs themselves) and mail to a pickup folder of its own.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Monday 18 March 2024, 09:00 in Hà Nội: before the seed 001 trip is proposed.</summary>
    public static readonly DateTimeOffset DefaultStart = new DateTimeOffset(2024, 3, 18, 9, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    private readonly Dictionary<string, (string Token, DateTimeOffset IssuedAt)> _tokens = new(StringComparer.OrdinalIgnoreCase);

    public AppFactory() : this(null)
    {
    }

    /// <param name="clock">A clock shared with other app instances (two nodes see the same time), or null for an own one.</param>
    protected AppFactory(FakeTimeProvider? clock)
    {
        Clock = clock ?? new FakeTimeProvider(DefaultStart);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "delegations-tests", Guid.NewGuid().ToString("N"));
    public string DatabasePath => Path.Combine(Root, "delegations.db");
    public string MailDirectory => Path.Combine(Root, "mail");
    public FakeTimeProvider Clock { get; }

    /// <summary>Extra settings a derived factory adds (e.g. the PostgreSQL provider, SMTP).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual bool SeedOrganisation => true;

    /// <summary>False keeps the application's own clock (the demo data records its seeds at their historical dates with it).</summary>
    protected virtual bool UseFakeClock => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Jobs:Server", "false");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Mail:Mode", "Pickup");
        builder.UseSetting("Mail:PickupDirectory", MailDirectory);
        builder.UseSetting("DataProtection:KeysDirectory", Path.Combine(Root, "keys"));
        builder.UseSetting("App:BaseUrl", "http://delegations.test");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (UseFakeClock)
        {
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            });
        }
    }

    public virtual async Task InitializeAsync()
    {
        _ = Server; // starts the app: migrations, roles, default workflows, calendar
        if (SeedOrganisation)
        {
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoData>().EnsureOrganisationAsync(CancellationToken.None);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>An HTTP client signed in with a bearer token as the given demo account.</summary>
    public async Task<Api> As(string email)
    {
        // Tokens expire on the (fake) clock, so a test that travels in time signs in again.
        if (!_tokens.TryGetValue(email, out var cached) || Clock.GetUtcNow() - cached.IssuedAt > TimeSpan.FromHours(6) || Clock.GetUtcNow() < cached.IssuedAt)
        {
            using var anonymous = CreateClient();
            var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = DemoData.Password });
            Assert.True(response.IsSuccessStatusCode, $"login {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            cached = ((await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>(), Clock.GetUtcNow());
            _tokens[email] = cached;
        }
        var token = cached.Token;
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new Api(client);
    }

    public Api Anonymous() => new(CreateClient());

    /// <summary>Runs a scoped service, as a job would.</summary>
    public async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<int> FireDueTimersAsync() => WithScope(sp => sp.GetRequiredService<WorkflowSweep>().FireDueTimersAsync());

    public async Task<T> Db<T>(Func<DelegationsDbContext, Task<T>> query) =>
        await WithScope(sp => query(sp.GetRequiredService<DelegationsDbContext>()));
}
