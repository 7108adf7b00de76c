using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Delegations.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Delegations.Bench.Load;

/// <summary>
/// Item 3: 100,000 proposals / about 1,000,000 tasks seeded in bulk on SQLite; then the inbox of a head of department
/// with 200 open tasks and proposal search, over HTTP on the published app; then the SQL those two endpoints really
/// run (captured from the app in-process) with SQLite's EXPLAIN QUERY PLAN, and the indexes of the tables they read.
/// </summary>
public static class InboxAtScale
{
    private const string Approver = "head@demo.local";

    public static async Task<int> RunAsync(Options options)
    {
        var instances = options.Int("--instances", 100_000);
        var open = options.Int("--open", 200);
        var requests = options.Int("--requests", 300);
        var appDir = await AppProcess.PublishAsync();
        var database = BenchDatabase.Sqlite("inbox");
        Console.WriteLine($"SQLite: {instances:N0} proposals, {open} open for {Approver}; data in {database.Directory}");
        await database.InitialiseAsync(appDir);

        // ------------------------------------------------------------ seed
        var sw = Stopwatch.StartNew();
        long rows;
        await using (var db = database.Context())
        {
            var seeder = await Seeder.OpenAsync(db, DateTimeOffset.UtcNow);
            var mostVp = await db.Departments.AsNoTracking().SingleAsync(d => d.Code == "MOST-VP");
            var submitter = await db.Users.AsNoTracking().SingleAsync(u => u.Email == "submitter@demo.local");
            var departments = await seeder.AddDepartmentsAsync(200);
            for (var i = 0; i < open; i++)
                await seeder.AddProposalAsync(mostVp.Id, submitter.Id, submitter.FullName, Shape.AtHead, ageDays: i % 10);
            // The rest, spread over the bench departments: most done long ago, some at every open stage.
            for (var i = open; i < instances; i++)
            {
                var d = departments[i % departments.Count];
                var shape = (i % 100) switch { < 88 => Shape.Completed, < 91 => Shape.ReportDue, < 94 => Shape.Preparation, < 97 => Shape.AtIntl, _ => Shape.AtHead };
                await seeder.AddProposalAsync(d.Id, d.SubmitterId, d.SubmitterName, shape, ageDays: shape == Shape.Completed ? 60 + i % 300 : i % 30);
                if (i % 20_000 == 0 && i > open) Console.WriteLine($"  {i:N0} proposals, {seeder.Rows:N0} rows, {sw.Elapsed.TotalSeconds:0} s");
            }
            rows = seeder.Rows;
            await seeder.DisposeAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        }
        var seedSeconds = sw.Elapsed.TotalSeconds;
        var counts = await CountsAsync(database);
        Console.WriteLine($"  seeded {rows:N0} rows in {seedSeconds:0} s (+ ANALYZE): {counts}");

        // ------------------------------------------------------------ measure over HTTP
        Latencies inbox, search;
        var perQuery = new List<(string Query, Latencies Latency, int Total)>();
        int inboxCount;
        await using (var app = await AppProcess.StartAsync(appDir, database.Settings, database.LogPath))
        {
            using var http = Http.Client(app.BaseAddress);
            var head = await Http.LoginAsync(http, Approver);
            var admin = await Http.LoginAsync(http, "admin@demo.local");

            var times = new List<double>();
            inboxCount = 0;
            for (var i = 0; i < requests + 20; i++)
            {
                using var request = Http.Request(HttpMethod.Get, "/api/tasks", head);
                var (status, body, ms) = await Http.TimedAsync(http, request);
                if (status != 200) throw new InvalidOperationException($"GET /api/tasks: {status} {body}");
                if (i == 0) inboxCount = JsonNode.Parse(body)!.AsArray().Count;
                if (i >= 20) times.Add(ms);
            }
            inbox = new Latencies(times);

            var all = new List<double>();
            foreach (var (query, token) in SearchQueries(head, admin))
            {
                var t = new List<double>();
                var total = 0;
                for (var i = 0; i < requests / 6 + 5; i++)
                {
                    using var request = Http.Request(HttpMethod.Get, "/api/proposals" + query, token);
                    var (status, body, ms) = await Http.TimedAsync(http, request);
                    if (status != 200) throw new InvalidOperationException($"GET /api/proposals{query}: {status} {body}");
                    if (i == 0) total = JsonNode.Parse(body)!["total"]!.GetValue<int>();
                    if (i >= 5) t.Add(ms);
                }
                all.AddRange(t);
                perQuery.Add((query + (token == admin ? " (admin)" : $" ({Approver})"), new Latencies(t), total));
            }
            search = new Latencies(all);
        }

        // ------------------------------------------------------------ plans and indexes
        var plans = await PlansAsync(database);

        Console.WriteLine();
        Console.WriteLine("## Inbox and search at scale (issue 12 item 3)");
        Console.WriteLine();
        Console.WriteLine(Machine.Describe() + "; load average " + Machine.LoadAverage());
        Console.WriteLine();
        Console.WriteLine($"Seeded in {seedSeconds:0} s ({rows:N0} rows by bulk INSERTs, not the API): {counts}.");
        Console.WriteLine();
        Console.WriteLine(new Table("measure", "requests", "p50", "p99", "max", "target")
            .Row($"GET /api/tasks, {Approver} ({inboxCount} open tasks)", inbox.Count.ToString(), Table.Ms(inbox.P(50)), Table.Ms(inbox.P(99)), Table.Ms(inbox.Max),
                 $"p99 < 20 ms — {Table.Verdict(inbox.P(99) < 20)}")
            .Row("GET /api/proposals (search, all queries below)", search.Count.ToString(), Table.Ms(search.P(50)), Table.Ms(search.P(99)), Table.Ms(search.Max),
                 $"p99 < 50 ms — {Table.Verdict(search.P(99) < 50)}"));
        var byQuery = new Table("search query", "total found", "p50", "p99");
        foreach (var (query, latency, total) in perQuery) byQuery.Row("`" + query + "`", Table.N(total), Table.Ms(latency.P(50)), Table.Ms(latency.P(99)));
        Console.WriteLine(byQuery);
        Console.WriteLine(plans);
        return inboxCount == open ? 0 : 1;
    }

    private static IEnumerable<(string Query, string Token)> SearchQueries(string head, string admin) =>
    [
        ("?q=seoul", admin),
        ("?q=tri%20tue%20nhan%20tao&status=in_review", admin),
        ("?q=nguyen%20van&page=3", admin),
        ("?kind=outbound&from=2026-01-01&to=2026-12-31&q=unesco", admin),
        ("?status=in_review", head),
        ("?q=huynh%20thanh%20dat", head),
    ];

    private static async Task<string> CountsAsync(BenchDatabase database)
    {
        await using var db = database.Context();
        var proposals = await db.Proposals.CountAsync();
        var instances = await db.WorkflowInstances.CountAsync();
        var tasks = await db.Tasks.CountAsync();
        var openTasks = await db.Tasks.CountAsync(t => t.Status == "open");
        var journal = await db.Journal.CountAsync();
        var size = new FileInfo(Path.Combine(database.Directory, "delegations.db")).Length;
        return $"{proposals:N0} proposals, {instances:N0} instances, {tasks:N0} tasks ({openTasks:N0} open), {journal:N0} journal entries; database file {Table.Bytes(size)}";
    }

    /// <summary>Runs the two endpoints once in-process with a command interceptor, then EXPLAIN QUERY PLAN on exactly what they ran.</summary>
    private static async Task<string> PlansAsync(BenchDatabase database)
    {
        var capture = new Capture();
        await using var app = new BenchApp(
            new Dictionary<string, string?> { ["Database:ConnectionString"] = database.ConnectionString },
            services => services.ConfigureDbContext<SqliteDelegationsDbContext>(o => o.AddInterceptors(capture)));
        using var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = Approver, password = Seeder.Password });
        var token = JsonNode.Parse(await login.Content.ReadAsStringAsync())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var sb = new StringBuilder();
        sb.AppendLine("### Query plans (SQLite EXPLAIN QUERY PLAN of the SQL the endpoints ran)");
        foreach (var path in new[] { "/api/tasks", "/api/proposals?q=seoul", "/api/proposals?status=in_review" })
        {
            capture.Commands.Clear();
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
            sb.AppendLine().AppendLine($"#### GET {path} ({as_head()})");
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync();
            // The endpoint's own queries: not the per-request user, roles, deputies and calendar look-ups.
            foreach (var (sql, parameters) in capture.Commands.Where(c => !IsRequestPlumbing(c.Sql)))
            {
                sb.AppendLine().AppendLine("```sql").AppendLine(sql.Trim()).AppendLine("```");
                await using var explain = connection.CreateCommand();
                explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
                foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
                var lines = new List<string>();
                await using (var reader = await explain.ExecuteReaderAsync())
                {
                    var depth = new Dictionary<long, int> { [0] = 0 };
                    while (await reader.ReadAsync())
                    {
                        var id = reader.GetInt64(0);
                        var parent = reader.GetInt64(1);
                        depth[id] = depth.GetValueOrDefault(parent) + 1;
                        lines.Add(new string(' ', 2 * (depth[id] - 1)) + "- " + reader.GetString(3));
                    }
                }
                sb.AppendLine("```text").AppendLine(string.Join('\n', lines)).AppendLine("```");
            }
        }
        sb.AppendLine().AppendLine("### Indexes (sqlite_master)").AppendLine().AppendLine("```sql");
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var indexes = connection.CreateCommand();
            indexes.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('Tasks', 'Proposals', 'Members', 'Journal') ORDER BY tbl_name, name";
            await using var reader = await indexes.ExecuteReaderAsync();
            while (await reader.ReadAsync()) sb.AppendLine(reader.GetString(0) + ";");
        }
        sb.AppendLine("```");
        return sb.ToString();

        static string as_head() => Approver;
    }

    private static bool IsRequestPlumbing(string sql)
    {
        var from = sql.IndexOf("FROM ", StringComparison.Ordinal);
        var table = from < 0 ? "" : sql[(from + 5)..].TrimStart().Split(' ', 2)[0];
        return sql.StartsWith("PRAGMA", StringComparison.Ordinal) || table is "\"AspNetUsers\"" or "\"AspNetUserRoles\"" or "\"Deputies\"" or "\"Holidays\"";
    }

    private sealed class Capture : DbCommandInterceptor
    {
        public List<(string Sql, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (Commands) Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value == DBNull.Value ? null : p.Value)).ToList()));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
