namespace Delegations.Bench.Load;

/// <summary>
/// A throwaway PostgreSQL cluster on a free loopback port, started the way scripts/test.sh does (as root through
/// <c>runuser -u postgres</c>; fsync off, as in the tests), and stopped at the end.
/// </summary>
public sealed class PgCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _work;
    private readonly bool _asRoot;

    private PgCluster(string bin, string work, bool asRoot, int port)
    {
        _bin = bin;
        _work = work;
        _asRoot = asRoot;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=unused;Database=delegations_bench;Maximum Pool Size=120";
    }

    public string ConnectionString { get; }

    public static async Task<PgCluster> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("No PostgreSQL binaries under /usr/lib/postgresql: install postgresql, or pass --postgres \"<connection string>\".");
        var asRoot = Environment.UserName == "root";
        var work = Directory.CreateTempSubdirectory("delegations-bench-pg.").FullName;
        Directory.CreateDirectory(Path.Combine(work, "pg"));
        Directory.CreateDirectory(Path.Combine(work, "sock"));
        if (asRoot)
        {
            await Shell.RunAsync("sh", ["-c", "id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres"]);
            await Shell.RunAsync("chown", ["-R", "postgres", work]);
        }
        var port = AppProcess.FreePort();
        var cluster = new PgCluster(bin, work, asRoot, port);
        await cluster.AsPostgresAsync("initdb", "-D", Path.Combine(work, "pg"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.AsPostgresAsync("pg_ctl", "-D", Path.Combine(work, "pg"), "-l", Path.Combine(work, "pg.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {Path.Combine(work, "sock")} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB", "start");
        // The app's Hangfire storage connects before EF migrations would create the database.
        await cluster.AsPostgresAsync("createdb", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "delegations_bench");
        Console.WriteLine($"PostgreSQL ({bin}) on 127.0.0.1:{port}");
        return cluster;
    }

    private Task<string> AsPostgresAsync(string tool, params string[] args) =>
        _asRoot
            ? Shell.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args], workingDirectory: _work)
            : Shell.RunAsync(Path.Combine(_bin, tool), args, workingDirectory: _work);

    public async ValueTask DisposeAsync()
    {
        try { await AsPostgresAsync("pg_ctl", "-D", Path.Combine(_work, "pg"), "-m", "immediate", "stop"); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
