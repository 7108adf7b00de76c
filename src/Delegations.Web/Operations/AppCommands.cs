using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Jobs;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Operations;

/// <summary>
/// One-off commands run by the same program with the same settings, instead of serving:
/// <c>Delegations.Web migrate</c> applies the database migrations (and the Hangfire schema on PostgreSQL) and exits;
/// <c>Delegations.Web create-admin --email … --name … [--department CODE]</c> makes the first administrator
/// (password from DELEGATIONS_ADMIN_PASSWORD, or typed on standard input).
/// </summary>
public static class AppCommands
{
    public const string PasswordVariable = "DELEGATIONS_ADMIN_PASSWORD";

    /// <summary>Runs the command named by the first argument; null when there is none (serve as usual), else the exit code.</summary>
    public static async Task<int?> RunAsync(WebApplication app, string[] args, CancellationToken ct = default)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) return null;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Delegations.Commands");
        try
        {
            switch (args[0])
            {
                case "migrate":
                    await MigrateAsync(app.Services, logger, ct);
                    return 0;
                case "create-admin":
                    return await CreateAdminAsync(app.Services, Arguments(args[1..]), logger, ct);
                default:
                    await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'. Commands: migrate, create-admin. Without a command the app serves.");
                    return 2;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Command} failed", args[0]);
            return 1;
        }
    }

    /// <summary>EF Core migrations of the configured provider, then (PostgreSQL job storage) Hangfire's schema; safe to run again.</summary>
    public static async Task MigrateAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var database = services.GetRequiredService<DatabaseOptions>();
        await using (await StartupLock.AcquireAsync(database, ct))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
            var pending = await DatabaseSetup.PendingMigrationsAsync(db, ct);
            await DatabaseSetup.MigrateAsync(services, ct);
            logger.LogInformation("Database ({Provider}): {Count} migration(s) applied{List}", database.Provider, pending.Count,
                pending.Count == 0 ? ", already up to date" : ": " + string.Join(", ", pending));
        }
        var jobs = services.GetRequiredService<JobsOptions>();
        if (JobsSetup.UsesPostgres(jobs, database))
        {
            JobsSetup.CreatePostgresStorage(database, jobs, prepareSchema: true);
            logger.LogInformation("Hangfire schema \"hangfire\" is installed and up to date");
        }
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, ILogger logger, CancellationToken ct)
    {
        if (!options.TryGetValue("email", out var email) || !options.TryGetValue("name", out var name))
        {
            await Console.Error.WriteLineAsync("Usage: create-admin --email admin@example.org --name \"Full name\" [--department CODE] [--department-name \"Name\"]");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            await Console.Out.WriteAsync($"Password for {email} (or set {PasswordVariable}): ");
            password = Console.ReadLine();
        }
        if (string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("No password given.");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<DelegationsDbContext>();
        if ((await DatabaseSetup.PendingMigrationsAsync(db, ct)).Count > 0)
        {
            await Console.Error.WriteLineAsync("The database is not up to date: run the migrate command first.");
            return 1;
        }
        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        var code = options.GetValueOrDefault("department", "ADMIN");
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == code, ct);
        if (department is null)
        {
            var departmentName = options.GetValueOrDefault("department-name", code);
            department = new Department { Code = code, NameVi = departmentName, NameEn = departmentName };
            db.Departments.Add(department);
            await db.SaveChangesAsync(ct);
        }

        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is not null)
        {
            if (!await users.IsInRoleAsync(user, Roles.Admin)) Check(await users.AddToRoleAsync(user, Roles.Admin));
            logger.LogInformation("{Email} already exists; it holds the Admin role (its password is unchanged)", email);
            return 0;
        }
        user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = name, DepartmentId = department.Id,
            CreatedAt = sp.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, Roles.Admin));
        logger.LogInformation("Created administrator {Email} in department {Department}", email, code);
        return 0;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>--name value pairs.</summary>
    private static Dictionary<string, string> Arguments(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) continue;
            var key = args[i][2..];
            var eq = key.IndexOf('=');
            if (eq >= 0) map[key[..eq]] = key[(eq + 1)..];
            else if (i + 1 < args.Length) map[key] = args[++i];
        }
        return map;
    }
}
