using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Operations;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Delegations.Web.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";
    /// <summary>Run a Hangfire server in this process (off in tests that drive the jobs themselves).</summary>
    public bool Server { get; set; } = true;
    /// <summary>InMemory (embedded) or Postgres; defaults to follow the database provider.</summary>
    public string? Storage { get; set; }
    public int WorkerCount { get; set; } = 2;
    /// <summary>The name this node shows in the dashboard's Servers page; defaults to host:process.</summary>
    public string? ServerName { get; set; }
    /// <summary>How often an idle PostgreSQL-backed worker looks for new jobs.</summary>
    public int QueuePollIntervalSeconds { get; set; } = 15;
    /// <summary>Cron for the sweep that fires timers, reminders and escalations.</summary>
    public string SweepCron { get; set; } = "* * * * *";
    /// <summary>Cron for delivering the mail outbox.</summary>
    public string MailCron { get; set; } = "* * * * *";
    /// <summary>
    /// Cron (Hà Nội time) for compiling and mailing the previous month's and quarter's report. Daily by default: each
    /// period is sent once, so the extra runs only matter when the server was down on the 1st.
    /// </summary>
    public string CompiledReportCron { get; set; } = "0 7 * * *";
}

/// <summary>
/// Hangfire: in-memory storage embedded (the truth stays in our tables, so a restart loses nothing),
/// Hangfire.PostgreSql in production so any number of nodes share the work. Jobs are small methods taking no
/// objects, and each is idempotent.
/// </summary>
public static class JobsSetup
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(options);
        var usePostgres = UsesPostgres(options, database);
        if (usePostgres && !database.IsPostgres)
            throw new InvalidOperationException("Jobs:Storage=Postgres needs Database:Provider=Postgres: Hangfire keeps its tables in the application's database.");

        // The storage and the activator belong to this host (not Hangfire's static JobStorage.Current), so two app
        // instances in one process — the multi-node tests — each run their own jobs with their own services.
        builder.Services.AddSingleton<JobStorage>(_ => usePostgres ? CreatePostgresStorage(database, options, database.MigrateAtStart) : new InMemoryStorage());
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            config.UseStorage(sp.GetRequiredService<JobStorage>());
            // Hangfire's log provider is process-wide; when the host that set it last is disposed (tests run several hosts in one
            // process), a logger asked of it must not throw ObjectDisposedException into another host's job client.
            config.UseLogProvider(new HostLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(sp.GetRequiredService<ILoggerFactory>())));
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is JobTelemetry)) config.UseFilter(JobTelemetry.Instance);
        });
        if (options.Server)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = Math.Max(1, options.WorkerCount);
                o.ServerName = string.IsNullOrWhiteSpace(options.ServerName) ? $"{Environment.MachineName}:{Environment.ProcessId}" : options.ServerName;
            });
        }
        builder.Services.AddScoped<WorkflowSweep>();
        builder.Services.AddScoped<Sweeps>();
        return builder;
    }

    public static bool UsesPostgres(JobsOptions options, DatabaseOptions database) =>
        (options.Storage ?? (database.IsPostgres ? "Postgres" : "InMemory")).Equals("Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Hangfire.PostgreSql in the "hangfire" schema of the application database. When asked to, it creates or upgrades
    /// that schema — under the start-up lock, so nodes starting together do not race.
    /// </summary>
    public static PostgreSqlStorage CreatePostgresStorage(DatabaseOptions database, JobsOptions options, bool prepareSchema)
    {
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = prepareSchema,
            QueuePollInterval = TimeSpan.FromSeconds(Math.Max(1, options.QueuePollIntervalSeconds)),
        };
        PostgreSqlStorage Create() => new(new NpgsqlConnectionFactory(database.ConnectionString!, storageOptions), storageOptions);
        return prepareSchema ? StartupLock.Run(database, Create) : Create();
    }

    public static WebApplication MapJobs(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<JobsOptions>();
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<Sweeps>("workflow-sweep", s => s.RunAsync(CancellationToken.None), options.SweepCron);
        recurring.AddOrUpdate<MailDelivery>("mail-delivery", m => m.DeliverDueAsync(CancellationToken.None), options.MailCron);
        recurring.AddOrUpdate<Reports.CompiledReportJob>("compiled-report", j => j.RunAsync(CancellationToken.None), options.CompiledReportCron,
            new RecurringJobOptions { TimeZone = Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime });
        app.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            Authorization = [new AdminDashboardFilter()],
            IsReadOnlyFunc = _ => false,
            DashboardTitle = "Delegations — jobs",
        });
        return app;
    }
}

/// <summary>The sweep job: everything time-driven, in order.</summary>
public sealed class Sweeps(WorkflowSweep timers)
{
    public async Task RunAsync(CancellationToken ct) => await timers.FireDueTimersAsync(ct);
}

/// <summary>The Hangfire dashboard is for signed-in admins only (checked on the cookie user's role).</summary>
public sealed class AdminDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return false;
        }
        if (!http.User.IsInRole(Roles.Admin))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }
        return true;
    }
}

/// <summary>Hangfire's loggers from this host's logger factory, or silent ones once that factory is disposed.</summary>
public sealed class HostLogProvider(Hangfire.Logging.ILogProvider inner) : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : Hangfire.Logging.ILog
    {
        public static readonly Silent Instance = new();
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
