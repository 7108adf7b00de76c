using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Delegations.Web.Tests.Infrastructure;

/// <summary>
/// A database of its own on the PostgreSQL server that scripts/test.sh starts (DELEGATIONS_TEST_POSTGRES: a superuser
/// connection string to the database "postgres"). Created empty; the app under test migrates it; dropped at the end.
/// </summary>
public sealed class PostgresDatabase
{
    public const string Variable = "DELEGATIONS_TEST_POSTGRES";

    private PostgresDatabase(string server)
    {
        Server = server;
        Name = "delegations_test_" + Guid.NewGuid().ToString("N");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
    }

    /// <summary>The superuser connection string to the server's "postgres" database.</summary>
    public string Server { get; }
    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>A new, uniquely named database. Fails (never skips) when the test server is not configured.</summary>
    public static PostgresDatabase New()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests cannot run. Run scripts/test.sh (it starts a throwaway PostgreSQL " +
                $"and sets it), or set {Variable} to a superuser connection string to the database 'postgres', e.g. " +
                "\"Host=127.0.0.1;Port=5432;Username=postgres;Password=…;Database=postgres\".");
        }
        return new PostgresDatabase(server);
    }

    public async Task CreateAsync()
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{Name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DropAsync()
    {
        using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one SQL query against this database and returns the first column of the first row.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// The application on PostgreSQL, with Hangfire.PostgreSql storage in the same database. On its own it creates and
/// drops a database of its own; as one of several nodes it shares a database (and a clock) created by the test.
/// </summary>
public class PostgresAppFactory : AppFactory
{
    private readonly bool _ownsDatabase;
    private readonly bool _jobsServer;
    private readonly IDictionary<string, string?> _extra = new Dictionary<string, string?>();
    private readonly bool _seedOrganisation = true;
    private bool _dropped;

    public PostgresAppFactory() : this(PostgresDatabase.New(), null, ownsDatabase: true, jobsServer: false)
    {
    }

    /// <summary>One node of several on a shared database (the caller creates and drops it), with extra settings.</summary>
    public PostgresAppFactory(PostgresDatabase database, FakeTimeProvider clock, bool jobsServer, string nodeName,
        IDictionary<string, string?>? settings = null, bool seedOrganisation = true)
        : this(database, clock, ownsDatabase: false, jobsServer)
    {
        NodeName = nodeName;
        _extra = settings ?? new Dictionary<string, string?>();
        _seedOrganisation = seedOrganisation;
    }

    private PostgresAppFactory(PostgresDatabase database, FakeTimeProvider? clock, bool ownsDatabase, bool jobsServer) : base(clock)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        _jobsServer = jobsServer;
    }

    public PostgresDatabase Database { get; }
    public string NodeName { get; } = "node";

    protected override bool SeedOrganisation => _seedOrganisation;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(_extra.Concat(Defaults).DistinctBy(kv => kv.Key));

    private Dictionary<string, string?> Defaults => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = Database.ConnectionString,
        ["Database:MigrateAtStart"] = "true",
        ["Jobs:Server"] = _jobsServer ? "true" : "false",
        ["Jobs:ServerName"] = NodeName,
        // Recurring jobs never fire on their own here: tests run or enqueue them when the (fake) clock says so.
        ["Jobs:SweepCron"] = Hangfire.Cron.Never(),
        ["Jobs:MailCron"] = Hangfire.Cron.Never(),
        ["Jobs:QueuePollIntervalSeconds"] = "1",
    };

    public override async Task InitializeAsync()
    {
        if (_ownsDatabase) await Database.CreateAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase && !_dropped)
        {
            _dropped = true;
            await Database.DropAsync();
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// <see cref="PostgresAppFactory"/> as an xunit class fixture (a fixture may have only one public constructor): a
/// database of its own, shared by the tests of one class, as <see cref="AppFactory"/> is on SQLite.
/// </summary>
public sealed class PostgresAppFixture : PostgresAppFactory;
