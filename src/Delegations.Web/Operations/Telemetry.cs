using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hangfire.Common;
using Hangfire.Server;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Delegations.Web.Operations;

public sealed class TelemetryOptions
{
    public const string Section = "OpenTelemetry";
    /// <summary>None (default: nothing is collected), Otlp (an OpenTelemetry collector) or Console (stdout, for a look).</summary>
    public string Exporter { get; set; } = "None";
    /// <summary>OTLP endpoint, e.g. http://otel-collector:4317 (grpc) or http://otel-collector:4318 (http/protobuf). Unset: OTEL_EXPORTER_OTLP_ENDPOINT or the default.</summary>
    public string? Endpoint { get; set; }
    /// <summary>Grpc or HttpProtobuf.</summary>
    public string Protocol { get; set; } = "Grpc";
    /// <summary>The service.name resource attribute; each node adds its own service.instance.id.</summary>
    public string ServiceName { get; set; } = "delegations";
    /// <summary>Also send logs through OpenTelemetry (Otlp only; the console logs stay as they are).</summary>
    public bool Logs { get; set; } = true;

    public bool Enabled => !Exporter.Equals("None", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(Exporter);
    public bool IsOtlp => Exporter.Equals("Otlp", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// OpenTelemetry traces and metrics, off unless an exporter is configured: HTTP requests (ASP.NET Core), SQL on
/// PostgreSQL (Npgsql), EF Core's and the runtime's meters, and every Hangfire job (<see cref="JobTelemetry"/>).
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Meters the app listens to besides its own: request, server, runtime, EF Core and Npgsql metrics.</summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Identity", "System.Runtime", "System.Net.Http",
        "Microsoft.EntityFrameworkCore", "Npgsql", JobTelemetry.Name,
    ];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddSingleton(options);
        if (!options.Enabled) return builder;
        if (!options.IsOtlp && !options.Exporter.Equals("Console", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"OpenTelemetry:Exporter must be None, Otlp or Console, not '{options.Exporter}'.");

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new SkipBareClientSpans()))
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddNpgsql()
                    .AddSource(JobTelemetry.Name);
                if (options.IsOtlp) tracing.AddOtlpExporter(o => Configure(o, options));
                else tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddNpgsqlInstrumentation().AddMeter(Meters);
                if (options.IsOtlp) metrics.AddOtlpExporter(o => Configure(o, options));
                else metrics.AddConsoleExporter();
            });
        if (options.IsOtlp && options.Logs)
            telemetry.WithLogging(logging => logging.AddOtlpExporter(o => Configure(o, options)), o => o.IncludeScopes = true);
        return builder;
    }

    private static void Configure(OtlpExporterOptions o, TelemetryOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Endpoint)) o.Endpoint = new Uri(options.Endpoint);
        o.Protocol = options.Protocol.Equals("HttpProtobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
    }
}

/// <summary>
/// Drops client spans that have no request or job around them — Hangfire polling its queue, heartbeats, the
/// dashboard's counters — which would otherwise be most of the traces. SQL inside a request or a job is kept.
/// </summary>
public sealed class SkipBareClientSpans : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
        new(parameters.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
}

/// <summary>
/// A span and two metrics per Hangfire job run (Hangfire has no instrumentation of its own): the span is named after
/// the job's method, carries the job id and the error, and the metrics count runs by outcome and time them.
/// Cheap when nobody listens, so it is always registered.
/// </summary>
public sealed class JobTelemetry : IServerFilter
{
    public const string Name = "Delegations.Jobs";
    public static readonly JobTelemetry Instance = new();

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("delegations.jobs.runs", description: "Hangfire job runs by job and outcome");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("delegations.jobs.duration", unit: "s", description: "Hangfire job run time");
    private const string ActivityKey = "delegations.activity";
    private const string StartedKey = "delegations.started";

    private JobTelemetry()
    {
    }

    public static string JobName(Job? job) => job is null ? "unknown" : $"{job.Type.Name}.{job.Method.Name}";

    public void OnPerforming(PerformingContext context)
    {
        var activity = Source.StartActivity($"job {JobName(context.BackgroundJob.Job)}", ActivityKind.Internal);
        activity?.SetTag("job.id", context.BackgroundJob.Id);
        activity?.SetTag("job.name", JobName(context.BackgroundJob.Job));
        context.Items[ActivityKey] = activity;
        context.Items[StartedKey] = Stopwatch.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context)
    {
        var failed = context.Exception is not null && !context.ExceptionHandled;
        var name = JobName(context.BackgroundJob.Job);
        if (context.Items.TryGetValue(StartedKey, out var started) && started is long ticks)
            Duration.Record(Stopwatch.GetElapsedTime(ticks).TotalSeconds, new KeyValuePair<string, object?>("job.name", name));
        Runs.Add(1, new KeyValuePair<string, object?>("job.name", name), new KeyValuePair<string, object?>("outcome", failed ? "failed" : "succeeded"));
        if (context.Items.TryGetValue(ActivityKey, out var item) && item is Activity activity)
        {
            if (failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, context.Exception!.Message);
                activity.AddException(context.Exception);
            }
            activity.Dispose();
        }
    }
}
