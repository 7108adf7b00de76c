using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Infrastructure;
using Delegations.Web.Jobs;
using Delegations.Web.Mail;
using Delegations.Web.Operations;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Workflows;
using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Delegations.Web.Tests.Operations;

/// <summary>An app on SQLite with a few settings of the test's own.</summary>
public sealed class ConfiguredAppFactory(IDictionary<string, string?> settings) : AppFactory
{
    protected override IDictionary<string, string?> Settings => settings;
}

/// <summary>Production mode on one node: health endpoints, the migrate and create-admin commands, forwarded headers, telemetry, the sample settings.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Health_endpoints_are_anonymous_and_ready_fails_when_the_database_is_gone()
    {
        var app = new PostgresAppFactory();
        await app.InitializeAsync();
        try
        {
            using var anonymous = app.Anonymous();
            var live = (await anonymous.Get("/health/live")).Expect(HttpStatusCode.OK);
            Assert.Equal("Healthy", live["status"]);
            var ready = (await anonymous.Get("/health/ready")).Expect(HttpStatusCode.OK);
            Assert.Equal("Healthy", ready.Object["checks"]!["database"]!["status"]!.GetValue<string>());
            Assert.Null(ready.Object["checks"]!["smtp"]); // mail goes to a pickup folder here

            await ((PostgresAppFactory)app).Database.DropAsync();
            var down = (await anonymous.Get("/health/ready")).Expect(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", down["status"]);
            Assert.Equal("Unhealthy", down.Object["checks"]!["database"]!["status"]!.GetValue<string>());
            (await anonymous.Get("/health/live")).Expect(HttpStatusCode.OK); // alive: restarting would not bring the database back
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public async Task Ready_checks_the_SMTP_server_and_an_unreachable_one_only_degrades_the_node()
    {
        var sink = SmtpSink.FromEnvironment();
        foreach (var (port, expected) in new[] { (sink.Port, "Healthy"), (ClosedPort(), "Degraded") })
        {
            var settings = new Dictionary<string, string?>(sink.Settings) { ["Mail:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var app = new ConfiguredAppFactory(settings);
            await app.InitializeAsync();
            try
            {
                using var anonymous = app.Anonymous();
                var ready = (await anonymous.Get("/health/ready")).Expect(HttpStatusCode.OK);
                Assert.Equal(expected, ready["status"]);
                Assert.Equal(expected, ready.Object["checks"]!["smtp"]!["status"]!.GetValue<string>());
                Assert.Contains($"{sink.Host}:{port}", ready.Object["checks"]!["smtp"]!["description"]!.GetValue<string>());
            }
            finally
            {
                await ((IAsyncLifetime)app).DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_migrate_command_prepares_an_empty_PostgreSQL_database_and_an_app_without_MigrateAtStart_then_starts_on_it()
    {
        var database = PostgresDatabase.New();
        await database.CreateAsync();
        try
        {
            var env = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Postgres",
                ["Database__ConnectionString"] = database.ConnectionString,
            };
            // Without migrations, an app that may not migrate refuses to start and says what to do.
            var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var early = new PostgresAppFactory(database, new FakeTimeProvider(AppFactory.DefaultStart), jobsServer: false, "early",
                    new Dictionary<string, string?> { ["Database:MigrateAtStart"] = "false" }, seedOrganisation: false);
                await early.InitializeAsync();
            });
            Assert.Contains("migrate", Flatten(refused));

            var first = await RunAppAsync(["migrate"], env);
            Assert.True(first.ExitCode == 0, first.Output);
            var second = await RunAppAsync(["migrate"], env);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("already up to date", second.Output);

            var app = new PostgresAppFactory(database, new FakeTimeProvider(AppFactory.DefaultStart), jobsServer: false, "after-migrate",
                new Dictionary<string, string?> { ["Database:MigrateAtStart"] = "false" });
            try
            {
                await app.InitializeAsync();
                var migrations = await app.Db(db => Task.FromResult(db.Database.GetMigrations().Count()));
                Assert.Equal(migrations, (int)await database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
                Assert.True(await database.ScalarAsync<int>("SELECT max(version) FROM hangfire.schema") >= 1);
                var flow = new Flow(app);
                var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
                Assert.Equal("in_review", (await flow.SubmitAsync("submitter@demo.local", id))["status"]);

                // The first administrator of a production install, then signing in with that account.
                var admin = await RunAppAsync(["create-admin", "--email", "quantri@example.org", "--name", "Nguyễn Quản Trị", "--department", "IT", "--department-name", "Phòng Công nghệ thông tin"],
                    new Dictionary<string, string>(env) { [AppCommands.PasswordVariable] = "Qu@nTri2026!" });
                Assert.True(admin.ExitCode == 0, admin.Output);
                using var anonymous = app.CreateClient();
                var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = "quantri@example.org", password = "Qu@nTri2026!" });
                Assert.Equal(HttpStatusCode.OK, login.StatusCode);
                Assert.True(await app.Db(db => db.Users.AnyAsync(u => u.Email == "quantri@example.org" && u.Department!.Code == "IT")));
            }
            finally
            {
                await app.DisposeAsync();
            }
        }
        finally
        {
            await database.DropAsync();
        }
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_app_sees_the_clients_address_and_scheme_and_ignores_unknown_senders()
    {
        var app = new ConfiguredAppFactory(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
        });
        await app.InitializeAsync();
        try
        {
            var viaProxy = await SignInFromAsync(app, "10.1.2.3", "203.0.113.7");
            Assert.Equal(("203.0.113.7", "https"), viaProxy);
            var spoofed = await SignInFromAsync(app, "192.0.2.50", "203.0.113.7");
            Assert.Equal(("192.0.2.50", "http"), spoofed);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }

        var direct = new AppFactory(); // ForwardedHeaders off (the default): headers are never believed
        await direct.InitializeAsync();
        try
        {
            Assert.Equal(("10.1.2.3", "http"), await SignInFromAsync(direct, "10.1.2.3", "203.0.113.7"));
        }
        finally
        {
            await ((IAsyncLifetime)direct).DisposeAsync();
        }
    }

    [Fact]
    public async Task With_an_exporter_configured_requests_SQL_and_jobs_are_traced_and_measured()
    {
        var database = PostgresDatabase.New();
        await database.CreateAsync();
        var app = new TracedAppFactory(database);
        try
        {
            await app.InitializeAsync();
            var flow = new Flow(app);
            await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
            var job = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<Sweeps>(s => s.RunAsync(CancellationToken.None));
            var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (monitoring.JobDetails(job).History.FirstOrDefault()?.StateName != SucceededState.StateName)
            {
                Assert.True(DateTime.UtcNow < deadline, "the sweep job did not run");
                await Task.Delay(200);
            }
            app.Services.GetRequiredService<TracerProvider>().ForceFlush();
            app.Services.GetRequiredService<MeterProvider>().ForceFlush();

            Assert.Contains(app.Spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName.Contains("/api/proposals", StringComparison.Ordinal));
            Assert.Contains(app.Spans, s => s.Source.Name == "Npgsql");
            var jobSpan = Assert.Single(app.Spans, s => s.Source.Name == JobTelemetry.Name);
            Assert.Equal("job Sweeps.RunAsync", jobSpan.DisplayName);
            Assert.Contains(app.Spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == jobSpan.SpanId); // the sweep's SQL, inside the job
            Assert.DoesNotContain(app.Spans, s => s.DisplayName.Contains("/health", StringComparison.Ordinal));
            var metrics = app.Metrics.Select(m => m.Name).ToHashSet();
            Assert.Contains("http.server.request.duration", metrics);
            Assert.Contains("delegations.jobs.runs", metrics);
        }
        finally
        {
            await app.DisposeAsync();
            await database.DropAsync();
        }
    }

    [Fact]
    public async Task Search_on_PostgreSQL_ignores_case_and_diacritics_and_treats_wildcards_as_text()
    {
        var app = new PostgresAppFactory();
        await app.InitializeAsync();
        try
        {
            var flow = new Flow(app);
            var hue = await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
            await flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
            using var api = await app.As("submitter@demo.local");
            foreach (var q in new[] { "THUA THIEN HUE", "thừa thiên huế", "jica koica" })
            {
                var found = (await api.Get($"/api/proposals?q={Uri.EscapeDataString(q)}")).Expect(HttpStatusCode.OK).Object["items"]!.AsArray();
                Assert.Equal(hue, Assert.Single(found)!["id"]!.GetValue<string>());
            }
            foreach (var q in new[] { "%", "_", "h_e", "\\" })
                Assert.Empty((await api.Get($"/api/proposals?q={Uri.EscapeDataString(q)}")).Expect(HttpStatusCode.OK).Object["items"]!.AsArray());
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public void The_sample_settings_name_every_option_and_nothing_else()
    {
        var sample = Path.Combine(RepositoryRoot(), "appsettings.sample.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(sample).Build();
        var sections = new Dictionary<string, Type>
        {
            [DatabaseOptions.Section] = typeof(DatabaseOptions),
            [JobsOptions.Section] = typeof(JobsOptions),
            [MailOptions.Section] = typeof(MailOptions),
            [AppOptions.Section] = typeof(AppOptions),
            [WorkflowOptions.Section] = typeof(WorkflowOptions),
            [ProxyOptions.Section] = typeof(ProxyOptions),
            [CultureOptions.Section] = typeof(CultureOptions),
            [TelemetryOptions.Section] = typeof(TelemetryOptions),
            [Delegations.Web.Reports.ReportsOptions.Section] = typeof(Delegations.Web.Reports.ReportsOptions),
            [Delegations.Web.Budget.BudgetOptions.Section] = typeof(Delegations.Web.Budget.BudgetOptions),
        };
        var missing = new List<string>();
        foreach (var (section, type) in sections)
        {
            // Every key in the sample binds to a property (no typos) ...
            var bound = configuration.GetSection(section).Get(type, o => o.ErrorOnUnknownConfiguration = true);
            Assert.NotNull(bound);
            // ... and every property has a key in the sample.
            missing.AddRange(MissingKeys(configuration.GetSection(section), type, section));
        }
        foreach (var key in new[] { "DataProtection:KeysDirectory", "Demo:Enabled", "Logging:Console:FormatterName", "AllowedHosts", "Urls" })
            if (!configuration.GetSection(key).Exists()) missing.Add(key);
        Assert.True(missing.Count == 0, "appsettings.sample.json lacks: " + string.Join(", ", missing));
        Assert.Equal("json", configuration["Logging:Console:FormatterName"]);
        Assert.True(configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()!.IsPostgres);
    }

    private static IEnumerable<string> MissingKeys(IConfigurationSection section, Type type, string path)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var child = section.GetSection(property.Name);
            // A null value ("ServerName": null) is written as an empty key: present.
            if (!child.Exists() && child.Value is null && !section.GetChildren().Any(c => c.Key == property.Name))
            {
                yield return $"{path}:{property.Name}";
                continue;
            }
            var t = property.PropertyType;
            if (t.IsClass && t != typeof(string) && !t.IsArray)
                foreach (var nested in MissingKeys(child, t, $"{path}:{property.Name}")) yield return nested;
        }
    }

    /// <summary>Signs in as if from <paramref name="remote"/> claiming to forward <paramref name="forwardedFor"/> over https; returns what the app recorded and the scheme it used.</summary>
    private static async Task<(string Address, string Scheme)> SignInFromAsync(AppFactory app, string remote, string forwardedFor)
    {
        using var http = new HttpClient(app.Server.CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse(remote)))
        {
            BaseAddress = new Uri("http://delegations.test"),
        };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "head@demo.local", password = DemoData.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var audit = await app.Db(db => db.Set<AuditEntry>().Where(a => a.Kind == AuditKinds.SignIn).OrderByDescending(a => a.Id).FirstAsync());
        // A page that needs a sign-in redirects to the login page with an absolute address in the scheme the app believes.
        using var noRedirect = new HttpClient(app.Server.CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse(remote)))
        {
            BaseAddress = new Uri("http://delegations.test"),
        };
        noRedirect.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        noRedirect.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var page = await noRedirect.GetAsync("/proposals");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        return (audit.IpAddress!, page.Headers.Location!.Scheme);
    }

    private static async Task<(int ExitCode, string Output)> RunAppAsync(string[] args, IDictionary<string, string> environment)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " " + Flatten(e.InnerException);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Delegations.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("No Delegations.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>A PostgreSQL node with a job server and telemetry on, exporting into lists the test reads.</summary>
    private sealed class TracedAppFactory(PostgresDatabase database) : PostgresAppFactory(database, new FakeTimeProvider(DefaultStart), jobsServer: true, "traced",
        new Dictionary<string, string?>
        {
            // The OTLP pipeline as in production, aimed at a closed loopback port (no collector here; exports fail quietly).
            ["OpenTelemetry:Exporter"] = "Otlp",
            ["OpenTelemetry:Endpoint"] = $"http://127.0.0.1:{ClosedPort()}",
            ["OpenTelemetry:ServiceName"] = "delegations-test",
        })
    {
        public List<System.Diagnostics.Activity> Spans { get; } = [];
        public List<Metric> Metrics { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
                services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
            });
        }
    }
}
