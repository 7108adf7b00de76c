using Delegations.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Bench.Load;

/// <summary>A database for one benchmark: the settings the app process gets, and a context for the driver (seeding, checks).</summary>
public sealed class BenchDatabase
{
    private BenchDatabase(string name, string directory, Dictionary<string, string> settings, string connectionString, bool postgres)
    {
        Name = name;
        Directory = directory;
        Settings = settings;
        ConnectionString = connectionString;
        IsPostgres = postgres;
    }

    public string Name { get; }
    public string Directory { get; }
    public Dictionary<string, string> Settings { get; }
    public string ConnectionString { get; }
    public bool IsPostgres { get; }
    public string LogPath => Path.Combine(Directory, "app.log");

    public static BenchDatabase Sqlite(string label)
    {
        var dir = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "delegations-bench", label + "-" + DateTime.UtcNow.ToString("HHmmss"))).FullName;
        var cs = $"Data Source={Path.Combine(dir, "delegations.db")}";
        return new BenchDatabase("SQLite", dir, Common(dir, new() { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = cs }), cs, false);
    }

    public static BenchDatabase Postgres(string label, string connectionString)
    {
        var dir = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "delegations-bench", label + "-pg-" + DateTime.UtcNow.ToString("HHmmss"))).FullName;
        return new BenchDatabase("PostgreSQL", dir, Common(dir, new()
        {
            ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = connectionString, ["Database:MigrateAtStart"] = "true",
        }), connectionString, true);
    }

    private static Dictionary<string, string> Common(string dir, Dictionary<string, string> settings)
    {
        settings["DataProtection:KeysDirectory"] = Path.Combine(dir, "keys");
        settings["Mail:PickupDirectory"] = Path.Combine(dir, "mail");
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    /// <summary>A context on the same database for the driver, with the provider flavour the app uses.</summary>
    public DelegationsDbContext Context() => IsPostgres
        ? new PostgresDelegationsDbContext(new DbContextOptionsBuilder<PostgresDelegationsDbContext>().UseNpgsql(ConnectionString).Options)
        : new SqliteDelegationsDbContext(new DbContextOptionsBuilder<SqliteDelegationsDbContext>().UseSqlite(ConnectionString).Options);

    /// <summary>Starts the app once on the empty database: migrations, roles, default workflows, calendar, demo accounts and seeds.</summary>
    public async Task InitialiseAsync(string appDir)
    {
        await using var app = await AppProcess.StartAsync(appDir, Settings, LogPath);
        Console.WriteLine($"  {Name}: initialised by the app in {app.TimeToFirst200.TotalSeconds:0.0} s");
    }
}
