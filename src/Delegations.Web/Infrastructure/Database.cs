using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Delegations.Web.Infrastructure;

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    /// <summary>Sqlite (embedded default) or Postgres.</summary>
    public string Provider { get; set; } = "Sqlite";
    public string? ConnectionString { get; set; }
    /// <summary>Apply pending migrations at start. Always on for SQLite; opt-in for PostgreSQL.</summary>
    public bool MigrateAtStart { get; set; } = true;

    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);
}

public static class DatabaseSetup
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(options);
        if (options.IsPostgres)
        {
            var cs = options.ConnectionString ?? throw new InvalidOperationException("Database:ConnectionString is required for PostgreSQL.");
            builder.Services.AddDbContext<DelegationsDbContext, PostgresDelegationsDbContext>(o => o.UseNpgsql(cs));
        }
        else
        {
            var cs = SqliteConnectionString(options.ConnectionString, builder.Environment.ContentRootPath);
            options.ConnectionString = cs;
            builder.Services.AddDbContext<DelegationsDbContext, SqliteDelegationsDbContext>(o => o
                .UseSqlite(cs)
                .AddInterceptors(SqlitePragmas.Instance));
        }
        return builder;
    }

    /// <summary>Defaults to App_Data/delegations.db under the content root and creates the folder.</summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var cs = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/delegations.db" : configured);
        if (!Path.IsPathRooted(cs.DataSource) && cs.DataSource != ":memory:")
            cs.DataSource = Path.Combine(contentRoot, cs.DataSource);
        if (Path.GetDirectoryName(cs.DataSource) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        cs.Pooling = true;
        cs.DefaultTimeout = 30; // also the busy timeout: writers queue rather than fail
        return cs.ToString();
    }

    /// <summary>The migrations this build has that the database lacks (all of them on an empty database).</summary>
    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(DelegationsDbContext db, CancellationToken ct)
    {
        // Npgsql's history probe is a query that fails (and logs an error) on a fresh database: ask the catalog instead.
        var history = db.GetService<IHistoryRepository>();
        var exists = db.Database.IsNpgsql()
            ? await db.Database.SqlQueryRaw<bool>("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL AS \"Value\"").SingleAsync(ct)
            : await history.ExistsAsync(ct);
        var applied = exists
            ? (await history.GetAppliedMigrationsAsync(ct)).Select(m => m.MigrationId).ToHashSet()
            : [];
        return db.Database.GetMigrations().Where(m => !applied.Contains(m)).ToList();
    }

    /// <summary>Applies migrations (and WAL mode for SQLite). Called at start when configured.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        if (!options.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        // EF logs a failed query when it probes a fresh database for its history table; create the table first.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        await db.Database.MigrateAsync(ct);
    }
}

/// <summary>Per-connection SQLite settings: WAL-friendly durability and foreign keys.</summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
