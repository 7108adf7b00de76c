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
    /// <summary>Cron (Hà Nội time) of the daily digest; it sends nothing on days off of the holiday calendar.</summary>
    public string DigestCron { get; set; } = "30 7 * * *";
    /// <summary>
    /// At most this many reminders, escalations and follow-up reminders each per sweep (in transactions of 250): a
    /// backlog is worked off over the next sweeps instead of in one long run.
    /// </summary>
    public int SweepBatchSize { get; set; } = 5000;
    /// <summary>Days before its due date that a follow-up action's owner is reminded (0: on the day).</summary>
    public int FollowUpRemindDaysBefore { get; set; } = 7;
    /// <summary>Days between reminders about a follow-up action that stays overdue (0: only once).</summary>
    public int FollowUpOverdueEveryDays { get; set; } = 7;
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
            config.UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()));
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
        builder.Services.AddScoped<TaskReminders>();
        builder.Services.AddScoped<TaskEscalations>();
        builder.Services.AddScoped<FollowUpReminders>();
        builder.Services.AddScoped<DailyDigest>();
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
        recurring.AddOrUpdate<DailyDigest>("daily-digest", d => d.SendAsync(CancellationToken.None), options.DigestCron,
            new RecurringJobOptions { TimeZone = Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime });
        app.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            // No synchronous filter (Hangfire's default one would let any local request in): the admin check is async,
            // against the database.
            Authorization = [],
            AsyncAuthorization = [new AdminDashboardFilter()],
            IsReadOnlyFunc = _ => false,
            DashboardTitle = "Delegations — jobs",
        });
        return app;
    }
}

/// <summary>
/// The sweep job: everything time-driven, in order — wait timers (a trip has ended: open its report), escalations,
/// task reminders (report overdue included), follow-up reminders. Each part claims what it does row by row, so two
/// sweeps at once (a slow one and the next minute's, or two nodes) send nothing twice.
/// </summary>
public sealed class Sweeps(WorkflowSweep timers, TaskEscalations escalations, TaskReminders reminders, FollowUpReminders followUps)
{
    public async Task RunAsync(CancellationToken ct)
    {
        await timers.FireDueTimersAsync(ct);
        await escalations.EscalateDueAsync(ct);
        await reminders.SendDueAsync(ct);
        await followUps.SendDueAsync(ct);
    }
}

/// <summary>
/// The Hangfire dashboard is for admins only: 401 for a request that is not signed in, 403 for anyone else. The role
/// is read from the database (as the admin API does), so a role taken away or an account disabled counts at once.
/// </summary>
public sealed class AdminDashboardFilter : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return false;
        }
        UserContext user;
        try
        {
            user = await http.RequestServices.GetRequiredService<CurrentUser>().GetAsync(http.RequestAborted);
        }
        catch (AppProblemException)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized; // disabled or deleted since signing in
            return false;
        }
        if (!user.IsAdmin)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }
        return true;
    }
}

/// <summary>
/// Hangfire's log provider is process-wide while each app host has its own logger factory. With two hosts in one
/// process (the multi-node tests, or any test that starts and stops apps) the provider may outlive its host: a
/// disposed factory then gives a logger that says nothing instead of failing the job client.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
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
