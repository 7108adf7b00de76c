namespace Delegations.Bench.Load;

/// <summary>
/// <c>dotnet run -c Release --project bench/Delegations.Bench.Load -- &lt;benchmark&gt; [options]</c>, benchmark one of:
/// <c>api</c> (item 2), <c>inbox</c> (item 3), <c>sweep</c> (item 4), <c>start</c> (item 5). See bench/README.md.
/// </summary>
public static class LoadBench
{
    public static async Task<int> Main(string[] args)
    {
        var options = new Options(args);
        Console.WriteLine(Machine.Describe() + "; load average " + Machine.LoadAverage());
        return args.FirstOrDefault() switch
        {
            "api" => await ApiLoad.RunAsync(options),
            "inbox" => await InboxAtScale.RunAsync(options),
            "sweep" => await SweepBench.RunAsync(options),
            "start" => await StartBench.RunAsync(options),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage: dotnet run -c Release --project bench/Delegations.Bench.Load -- <benchmark> [options]
              api    [--clients 50] [--per-client 40] [--warmup 5] [--postgres "<connection string>" | --no-postgres]
              inbox  [--instances 100000] [--open 200] [--requests 300]
              sweep  [--open 100000] [--timers 2000]
              start  [--runs 3] [--idle 20]
            """);
        return 2;
    }
}
