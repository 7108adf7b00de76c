using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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

    /// <summary>Applies migrations (and WAL mode for SQLite). Called at start when configured.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        if (!options.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
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
