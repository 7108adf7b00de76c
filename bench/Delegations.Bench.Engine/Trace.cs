using System.Diagnostics;

namespace Delegations.Bench.Engine;

/// <summary><c>-- --trace</c>: a few operations of each SQLite benchmark with their times, for finding where the time goes (BENCH_SQL_LOG=1 adds every SQL command with its duration).</summary>
internal static class Trace
{
    public static int Run()
    {
        var bench = new EngineOnSqlite();
        bench.Setup();
        try
        {
            bench.OpenTasks();
            bench.Drafts();
            foreach (var (name, op) in new (string, Func<Task>)[] { ("raw", bench.RawInsertUpdate), ("complete", bench.CompleteTask), ("pair", bench.StartThenCompleteOnSqlite) })
            {
                var count = int.TryParse(Environment.GetEnvironmentVariable("BENCH_TRACE_OPS"), out var n) ? n : 12;
                if (Environment.GetEnvironmentVariable("BENCH_TRACE_ONLY") is { } only && only != name) continue;
                for (var i = 0; i < count; i++)
                {
                    var sw = Stopwatch.StartNew();
                    op().GetAwaiter().GetResult();
                    if (i < 12 || i % 50 == 0) Console.WriteLine($"{name} #{i}: {sw.Elapsed.TotalMilliseconds:0.00} ms");
                }
            }
        }
        finally
        {
            bench.Cleanup();
        }
        return 0;
    }
}
