using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;

namespace Delegations.Web.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";
    /// <summary>Run a Hangfire server in this process (off in tests that drive the jobs themselves).</summary>
    public bool Server { get; set; } = true;
    /// <summary>InMemory (embedded) or Postgres; defaults to follow the database provider.</summary>
    public string? Storage { get; set; }
    public int WorkerCount { get; set; } = 2;
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
        var usePostgres = (options.Storage ?? (database.IsPostgres ? "Postgres" : "InMemory")).Equals("Postgres", StringComparison.OrdinalIgnoreCase);
        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (usePostgres)
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, SchemaName = "hangfire" });
            else
                config.UseInMemoryStorage();
        });
        if (options.Server)
            builder.Services.AddHangfireServer(o => { o.WorkerCount = Math.Max(1, options.WorkerCount); o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}"; });
        builder.Services.AddScoped<WorkflowSweep>();
        builder.Services.AddScoped<Sweeps>();
        return builder;
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
