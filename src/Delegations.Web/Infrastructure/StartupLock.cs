using Npgsql;

namespace Delegations.Web.Infrastructure;

/// <summary>
/// Serialises what every node does once at start (migrations, the Hangfire schema, roles, default workflows,
/// the first Data Protection key) when several nodes start together on one PostgreSQL database: a session-level
/// advisory lock, held on a connection of its own until disposed. SQLite is single-node, so there it is a no-op.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    /// <summary>An arbitrary constant naming "Delegations start-up" among advisory locks.</summary>
    public const long Key = 0x44656c6567_0001;

    private readonly NpgsqlConnection? _connection;

    private StartupLock(NpgsqlConnection? connection) => _connection = connection;

    public static async Task<StartupLock> AcquireAsync(DatabaseOptions database, CancellationToken ct = default)
    {
        if (!database.IsPostgres) return new StartupLock(null);
        var connection = new NpgsqlConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", Key);
            command.CommandTimeout = 0; // wait as long as the other node takes
            await command.ExecuteNonQueryAsync(ct);
            return new StartupLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> under the lock (synchronous callers such as a DI factory).</summary>
    public static T Run<T>(DatabaseOptions database, Func<T> work)
    {
        var handle = AcquireAsync(database).GetAwaiter().GetResult();
        try
        {
            return work();
        }
        finally
        {
            handle.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null) return;
        // Closing the session releases the lock too; unlocking first returns the pooled connection clean.
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
