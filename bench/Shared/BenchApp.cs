using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Delegations.Bench;

/// <summary>
/// The application's own host (Program: its service registrations, DbContext, SQLite connection string and pragmas,
/// WAL), with no Hangfire server and no HTTP traffic: benchmarks call the host's services directly, as a request
/// handler or a job would. By default on a fresh SQLite file of its own; <paramref name="settings"/> may point it at
/// a seeded database instead.
/// </summary>
public sealed class BenchApp(IReadOnlyDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public string Root { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "delegations-bench", Guid.NewGuid().ToString("N"))).FullName;
    public string DatabasePath => Path.Combine(Root, "delegations.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Like a published app: the output folder holds workflows/ and Mail/Templates/.
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Jobs:Server", "false");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Mail:Mode", "Pickup");
        builder.UseSetting("Mail:PickupDirectory", Path.Combine(Root, "mail"));
        builder.UseSetting("DataProtection:KeysDirectory", Path.Combine(Root, "keys"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (Environment.GetEnvironmentVariable("BENCH_SQL_LOG") == "1")
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
