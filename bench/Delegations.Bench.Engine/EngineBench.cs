using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Delegations.Bench.Engine;

/// <summary>
/// <c>dotnet run -c Release --project bench/Delegations.Bench.Engine</c>: runs the engine benchmarks with
/// BenchmarkDotNet and prints one table, each figure next to its reference from the same run.
/// <c>-- --quick</c> runs fewer iterations (a smoke run; the figures are rougher).
/// </summary>
public static class EngineBench
{
    public static bool Quick { get; private set; }

    public static int Main(string[] args)
    {
        Quick = args.Contains("--quick");
        if (args.Contains("--trace")) return Trace.Run();
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "delegations-bench", "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.JoinSummary);
        var loadAtStart = Machine.LoadAverage();
        var summaries = BenchmarkRunner.Run([typeof(EngineInMemory), typeof(EngineOnSqlite)], config);
        var reports = summaries.SelectMany(s => s.Reports).ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name);
        Console.WriteLine();
        Console.WriteLine("## Engine (issue 12 item 1, design §8)");
        Console.WriteLine();
        Console.WriteLine(Machine.Describe());
        Console.WriteLine("Load average at the start: " + loadAtStart + "; at the end: " + Machine.LoadAverage());
        Console.WriteLine();
        Console.WriteLine(Results(reports));
        return reports.Count == 4 && reports.Values.All(r => r.Success) ? 0 : 1;
    }

    private static string Results(IReadOnlyDictionary<string, BenchmarkReport> reports)
    {
        double PerSecond(string name) => reports.TryGetValue(name, out var r) && r.ResultStatistics is { } s ? 1e9 / s.Mean : double.NaN;
        string Allocated(string name) => reports.TryGetValue(name, out var r) && r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) is { } b
            ? Table.Bytes(b) : "n/a";

        var complete = PerSecond(nameof(EngineOnSqlite.CompleteTask));
        var raw = PerSecond(nameof(EngineOnSqlite.RawInsertUpdate));
        var memory = PerSecond(nameof(EngineInMemory.StartThenCompleteInMemory));
        var sqlite = PerSecond(nameof(EngineOnSqlite.StartThenCompleteOnSqlite));
        var ratio = complete / raw;
        return new Table("measure", "rate", "allocated per op", "reference (same run)", "figure / reference", "target")
            .Row("complete task, TaskCommands + WorkflowHost on SQLite (WAL)", Table.N(complete) + " /s", Allocated(nameof(EngineOnSqlite.CompleteTask)),
                 "raw 1-row INSERT+UPDATE tx: " + Table.N(raw) + " /s", Table.N(ratio * 100, "0.0") + " %", "≥ 50 % — " + Table.Verdict(ratio >= 0.5))
            .Row("§8 pair in memory (start + complete, engine only)", Table.N(memory) + " pairs/s", Allocated(nameof(EngineInMemory.StartThenCompleteInMemory)),
                 "—", "—", "(comparison figure)")
            .Row("§8 pair on SQLite (WorkflowHost, 2 transactions)", Table.N(sqlite) + " pairs/s", Allocated(nameof(EngineOnSqlite.StartThenCompleteOnSqlite)),
                 "raw tx rate / 2: " + Table.N(raw / 2) + " pairs/s", Table.N(sqlite / (raw / 2) * 100, "0.0") + " %", "(comparison figure)")
            .ToString();
    }
}

public sealed class InMemoryConfig : ManualConfig
{
    public InMemoryConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(EngineBench.Quick ? 1 : 3).WithIterationCount(EngineBench.Quick ? 3 : 10).WithId("in-memory"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>A fixed number of operations per iteration, each iteration preceded by an unmeasured setup that makes that much fresh work.</summary>
public sealed class SqliteConfig : ManualConfig
{
    public static int OpsPerIteration => EngineBench.Quick ? 100 : 250;

    public SqliteConfig()
    {
        // In-process runs are cut after 5 minutes by default; a busy machine can need more.
        AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithWarmupCount(EngineBench.Quick ? 1 : 2).WithIterationCount(EngineBench.Quick ? 3 : 8)
            .WithInvocationCount(OpsPerIteration).WithUnrollFactor(1).WithId("sqlite"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
