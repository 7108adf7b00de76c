using Delegations.Web.Accounts;
using Delegations.Web.Demo;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Infrastructure;

/// <summary>What happens once at start: migrations, roles, default workflows and calendar, demo data.</summary>
public static class AppStartup
{
    public static async Task InitializeAsync(WebApplication app, CancellationToken ct = default)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        // Nodes starting together on one PostgreSQL database take turns; the second finds everything done.
        await using var startupLock = await StartupLock.AcquireAsync(database, ct);
        if (!database.IsPostgres || database.MigrateAtStart)
            await DatabaseSetup.MigrateAsync(app.Services, ct);

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<DelegationsDbContext>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Startup");
        var clock = services.GetRequiredService<TimeProvider>();

        var pending = await DatabaseSetup.PendingMigrationsAsync(db, ct);
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database is not up to date ({pending.Count} migration(s) pending: {string.Join(", ", pending)}). " +
                "Run the migrate command (dotnet Delegations.Web.dll migrate) or set Database:MigrateAtStart=true.");
        }

        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        await services.GetRequiredService<DefinitionStore>().SeedDefaultsAsync(db, clock, logger, ct);
        await CalendarSource.SeedDefaultsAsync(db, services.GetRequiredService<WorkflowOptions>(), ct);
        await Policies.PolicyDefaults.SeedAsync(db, services.GetRequiredService<WorkflowOptions>(), clock, ct);
        await Documents.DocumentDefaults.SeedAsync(db, services.GetRequiredService<WorkflowOptions>(), clock, ct);
        await Budget.NormDefaults.SeedAsync(db, services.GetRequiredService<WorkflowOptions>(), clock, ct);

        // The first Data Protection key is made here, under the lock: two nodes making one each at their first
        // request would each sign cookies and tokens the other cannot read until its key ring refreshes.
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Delegations.Startup").Protect("ready");

        var demo = app.Configuration.GetValue("Demo:Enabled", app.Environment.IsDevelopment());
        if (demo && app.Environment.IsProduction())
        {
            logger.LogWarning("Demo:Enabled is ignored in Production: demo accounts are never created there.");
            demo = false;
        }
        if (demo) await services.GetRequiredService<DemoData>().EnsureAsync(ct);
    }

    /// <summary>
    /// Start-up (migrations, the model, demo data) leaves tens of megabytes of garbage that an idle app would keep
    /// mapped until enough later allocations trigger a collection: give it back once, before serving.
    /// </summary>
    public static void ReleaseStartupMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
