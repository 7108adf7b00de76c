using System.Diagnostics;
using Delegations.Web.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Bench.Load;

/// <summary>
/// Item 2: 50 approvers (heads of 50 departments), each completing their own distinct tasks over HTTP on the
/// published app (Kestrel, loopback), all at once with no think time (closed loop), on SQLite and on PostgreSQL.
/// </summary>
public static class ApiLoad
{
    public sealed record Result(string Database, int Clients, int Requests, int Ok, int Failed, double Seconds, Latencies Latency)
    {
        public double Throughput => Ok / Seconds;
    }

    public static async Task<int> RunAsync(Options options)
    {
        var appDir = await AppProcess.PublishAsync();
        var results = new List<Result>();
        results.Add(await RunOnAsync(appDir, BenchDatabase.Sqlite("api"), options));
        if (!options.Has("--no-postgres"))
        {
            if (options.Value("--postgres") is { } cs)
            {
                results.Add(await RunOnAsync(appDir, BenchDatabase.Postgres("api", cs), options));
            }
            else
            {
                await using var pg = await PgCluster.StartAsync();
                results.Add(await RunOnAsync(appDir, BenchDatabase.Postgres("api", pg.ConnectionString), options));
            }
        }

        Console.WriteLine();
        Console.WriteLine("## API under load (issue 12 item 2)");
        Console.WriteLine();
        Console.WriteLine(Machine.Describe() + "; load average " + Machine.LoadAverage());
        Console.WriteLine();
        var sqlite = results[0];
        var table = new Table("database", "clients", "completed", "failed", "throughput", "p50", "p90", "p99", "max", "target");
        foreach (var r in results)
        {
            var target = r.Database == "SQLite"
                ? $"p99 < 25 ms — {Table.Verdict(r.Latency.P(99) < 25)}"
                : $"throughput ≥ 2 × SQLite ({Table.N(2 * sqlite.Throughput)}/s) — {Table.Verdict(r.Throughput >= 2 * sqlite.Throughput)} ({Table.N(r.Throughput / sqlite.Throughput, "0.00")} ×)";
            table.Row(r.Database, r.Clients.ToString(), Table.N(r.Ok), r.Failed.ToString(), Table.N(r.Throughput, "#,##0.0") + " /s",
                Table.Ms(r.Latency.P(50)), Table.Ms(r.Latency.P(90)), Table.Ms(r.Latency.P(99)), Table.Ms(r.Latency.Max), target);
        }
        Console.WriteLine(table);
        Console.WriteLine("Each request: POST /api/tasks/{id}/complete {\"outcome\":\"approve\"} by the task's head of department (bearer token), measured at the client from send to the end of the body; closed loop, no think time.");
        return results.All(r => r.Failed == 0) ? 0 : 1;
    }

    private static async Task<Result> RunOnAsync(string appDir, BenchDatabase database, Options options)
    {
        var clients = options.Int("--clients", 50);
        var perClient = options.Int("--per-client", 40);
        var warmup = options.Int("--warmup", 5);
        Console.WriteLine($"{database.Name}: {clients} approvers × ({warmup} warm-up + {perClient} measured) tasks; data in {database.Directory}");
        await database.InitialiseAsync(appDir);

        // Seed: one department per approver, each with its own proposals waiting for its head.
        var work = new List<(string Email, Queue<Guid> Tasks)>();
        var sw = Stopwatch.StartNew();
        await using (var db = database.Context())
        {
            var seeder = await Seeder.OpenAsync(db, DateTimeOffset.UtcNow);
            var departments = await seeder.AddDepartmentsAsync(clients);
            foreach (var d in departments)
            {
                var tasks = new Queue<Guid>();
                for (var i = 0; i < warmup + perClient; i++)
                    tasks.Enqueue((await seeder.AddProposalAsync(d.Id, d.SubmitterId, d.SubmitterName, Shape.AtHead, ageDays: 1)).OpenTaskIds.Single());
                work.Add((d.HeadEmail, tasks));
            }
            await seeder.DisposeAsync();
        }
        Console.WriteLine($"  seeded {clients * (warmup + perClient)} proposals in {sw.Elapsed.TotalSeconds:0.0} s");

        await using var app = await AppProcess.StartAsync(appDir, database.Settings, database.LogPath);
        using var http = Http.Client(app.BaseAddress);
        var tokens = new List<string>();
        foreach (var (email, _) in work) tokens.Add(await Http.LoginAsync(http, email));

        async Task<List<(int Status, double Ms)>> Approver(int index, int count)
        {
            var (_, queue) = work[index];
            var results = new List<(int, double)>(count);
            for (var i = 0; i < count; i++)
            {
                var id = queue.Dequeue();
                using var request = Http.Request(HttpMethod.Post, $"/api/tasks/{id}/complete", tokens[index], new { outcome = "approve", comment = "Đồng ý." });
                var (status, body, ms) = await Http.TimedAsync(http, request);
                if (status != 200 && results.Count(r => r.Item1 != 200) < 3) Console.WriteLine($"  {status} for task {id}: {body[..Math.Min(300, body.Length)]}");
                results.Add((status, ms));
            }
            return results;
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Approver(i, warmup)));
        var clock = Stopwatch.StartNew();
        var all = (await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Approver(i, perClient)))).SelectMany(r => r).ToList();
        var seconds = clock.Elapsed.TotalSeconds;

        // Every approval really happened: the tasks are completed and the next step (international office) is open.
        await using (var db = database.Context())
        {
            var completed = await db.Tasks.CountAsync(t => t.StepId == "department-head" && t.Status == TaskStatuses.Completed && t.CompletedById != null);
            var next = await db.Tasks.CountAsync(t => t.StepId == "international-office" && t.Status == TaskStatuses.Open);
            Console.WriteLine($"  in the database: {completed} head reviews completed, {next} international-office tasks opened (expected {clients * (warmup + perClient)} each, minus failures)");
        }
        var ok = all.Where(r => r.Status == 200).ToList();
        var result = new Result(database.Name, clients, all.Count, ok.Count, all.Count - ok.Count, seconds, new Latencies(ok.Select(r => r.Ms)));
        Console.WriteLine($"  {result.Ok} ok, {result.Failed} failed in {seconds:0.0} s: {result.Throughput:0.0}/s, p50 {result.Latency.P(50):0.0} ms, p99 {result.Latency.P(99):0.0} ms; app RSS {Table.Bytes(app.RssBytes())}");
        return result;
    }
}
