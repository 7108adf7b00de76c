using Delegations.Web.Accounts;
using Delegations.Web.Demo;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Identity;

namespace Delegations.Web.Infrastructure;

/// <summary>What happens once at start: migrations, roles, default workflows and calendar, demo data.</summary>
public static class AppStartup
{
    public static async Task InitializeAsync(WebApplication app, CancellationToken ct = default)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        if (!database.IsPostgres || database.MigrateAtStart)
            await DatabaseSetup.MigrateAsync(app.Services, ct);

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<DelegationsDbContext>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Startup");
        var clock = services.GetRequiredService<TimeProvider>();

        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        await services.GetRequiredService<DefinitionStore>().SeedDefaultsAsync(db, clock, logger, ct);
        await CalendarSource.SeedDefaultsAsync(db, services.GetRequiredService<WorkflowOptions>(), ct);

        var demo = app.Configuration.GetValue("Demo:Enabled", app.Environment.IsDevelopment());
        if (demo && app.Environment.IsProduction())
        {
            logger.LogWarning("Demo:Enabled is ignored in Production: demo accounts are never created there.");
            demo = false;
        }
        if (demo) await services.GetRequiredService<DemoData>().EnsureAsync(ct);
    }
}
