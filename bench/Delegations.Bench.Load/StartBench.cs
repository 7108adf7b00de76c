using System.Globalization;

namespace Delegations.Bench.Load;

/// <summary>
/// Item 5: the published Release build started as users start it (dotnet Delegations.Web.dll, Development, SQLite,
/// demo data) from a clean App_Data: time from process start to the first 200, then the resident memory once idle.
/// </summary>
public static class StartBench
{
    public static async Task<int> RunAsync(Options options)
    {
        var runs = options.Int("--runs", 3);
        var idleSeconds = options.Int("--idle", 20);
        var appDir = await AppProcess.PublishAsync();
        var appData = Path.Combine(appDir, "App_Data");
        var cold = new List<double>();
        var warm = new List<double>();
        var rss = new List<long>();
        var log = Path.Combine(Path.GetTempPath(), "delegations-bench", "start.log");
        for (var run = 1; run <= runs; run++)
        {
            if (Directory.Exists(appData)) Directory.Delete(appData, recursive: true);
            await using (var app = await AppProcess.StartAsync(appDir, new Dictionary<string, string>(), log))
            {
                cold.Add(app.TimeToFirst200.TotalSeconds);
                Console.WriteLine($"  cold start {run}: first 200 after {app.TimeToFirst200.TotalSeconds:0.00} s; idling {idleSeconds} s …");
                await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
                var sample = app.RssBytes();
                rss.Add(sample);
                Console.WriteLine($"    idle RSS {Table.Bytes(sample)}");
            }
            // The same data again: a restart (migrations and demo data already there).
            await using (var app = await AppProcess.StartAsync(appDir, new Dictionary<string, string>(), log))
            {
                warm.Add(app.TimeToFirst200.TotalSeconds);
                Console.WriteLine($"  restart {run}: first 200 after {app.TimeToFirst200.TotalSeconds:0.00} s");
            }
        }
        if (Directory.Exists(appData)) Directory.Delete(appData, recursive: true);

        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        var coldMedian = Median(cold);
        var rssMedian = Median(rss.Select(r => (double)r).ToList());
        Console.WriteLine();
        Console.WriteLine("## Memory and start (issue 12 item 5)");
        Console.WriteLine();
        Console.WriteLine(Machine.Describe() + "; load average " + Machine.LoadAverage());
        Console.WriteLine();
        Console.WriteLine(new Table("measure", "median", "runs", "target")
            .Row("cold start to first 200 (clean App_Data: migrations, workflows, calendar, demo accounts and seed delegations)", $"{coldMedian:0.00} s",
                 string.Join(", ", cold.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture) + " s")), $"< 3 s — {Table.Verdict(coldMedian < 3)}")
            .Row($"idle RSS, {idleSeconds} s after the first 200", Table.Bytes(rssMedian), string.Join(", ", rss.Select(r => Table.Bytes(r))),
                 $"< 150 MB — {Table.Verdict(rssMedian < 150 * 1024 * 1024)}")
            .Row("restart to first 200 (same data)", $"{Median(warm):0.00} s", string.Join(", ", warm.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture) + " s")), "(reference)"));
        Console.WriteLine("Process: `dotnet Delegations.Web.dll` from `dotnet publish -c Release`, ASPNETCORE_ENVIRONMENT=Development (as `dotnet run`), the appsettings.json defaults; the first 200 is GET /openapi/v1.json, polled every 10 ms; RSS is VmRSS from /proc.");
        return 0;
    }
}
