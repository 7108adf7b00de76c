using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Demo;
using Delegations.Web.Infrastructure;
using Delegations.Web.Jobs;
using Delegations.Web.Mail;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Workflows.Runtime;
using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Delegations.Web.Tests.Operations;

/// <summary>
/// Two app instances in one process — two hosts, one PostgreSQL database, Hangfire.PostgreSql with a job server on
/// each, one shared clock — as two nodes behind a load balancer. Each test starts both nodes together on a fresh
/// database, so their start-ups race as they would in a rolling deployment.
/// </summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = PostgresDatabase.New();
    private readonly FakeTimeProvider _clock = new(AppFactory.DefaultStart);
    private PostgresAppFactory _node1 = null!;
    private PostgresAppFactory _node2 = null!;

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _node1 = new PostgresAppFactory(_database, _clock, jobsServer: true, "node-1");
        _node2 = new PostgresAppFactory(_database, _clock, jobsServer: true, "node-2", seedOrganisation: false);
        // Both start at once: migrations, the Hangfire schema, roles, workflows and the first key must not collide.
        await Task.WhenAll(Task.Run(_node1.InitializeAsync), Task.Run(_node2.InitializeAsync));
    }

    public async Task DisposeAsync()
    {
        await _node1.DisposeAsync();
        await _node2.DisposeAsync();
        await _database.DropAsync();
    }

    [Fact]
    public async Task Two_nodes_starting_together_set_the_database_up_once_and_share_one_job_storage()
    {
        Assert.Equal(Roles.All.Count, await _node2.Db(db => db.Roles.CountAsync()));
        var versions = await _node2.Db(db => db.WorkflowVersions.Select(v => new { v.DefinitionId, v.Version }).ToListAsync());
        Assert.Equal(["hosted-conference", "inbound-delegation", "outbound-delegation"], versions.Select(v => v.DefinitionId).Order());
        Assert.All(versions, v => Assert.Equal(1, v.Version));
        Assert.Equal(1, await _node1.Db(db => db.DataProtectionKeys.CountAsync()));

        // Each node's Hangfire server announces itself asynchronously after start: wait for both (a loaded machine is slow).
        var monitoring = _node1.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IEnumerable<string> Names() => monitoring.Servers().Select(s => s.Name.Split(':')[0]).Order().ToList();
        while (Names().Count() < 2 && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal(["node-1", "node-2"], Names());
    }

    [Fact]
    public async Task A_task_completed_on_node_1_is_seen_on_node_2()
    {
        var flow1 = new Flow(_node1);
        var flow2 = new Flow(_node2);
        var id = await flow1.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await flow1.SubmitAsync("submitter@demo.local", id);
        Assert.Single(await flow2.InboxTasksAsync("head@demo.local", id, "department-head"));

        await flow1.ApproveAsync("head@demo.local", id, "department-head", "Đồng ý, trình Vụ Hợp tác quốc tế.");

        Assert.Empty(await flow2.InboxTasksAsync("head@demo.local", id, "department-head"));
        Assert.Single(await flow2.InboxTasksAsync("intl@demo.local", id, "international-office"));
        var seen = await flow2.GetAsync("submitter@demo.local", id);
        Assert.Equal("international-office", Assert.Single(seen["activeSteps"]!.AsArray())!["stepId"]!.GetValue<string>());
        Assert.Contains(seen["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == JournalKinds.TaskCompleted
            && j["comment"]!.GetValue<string>() == "Đồng ý, trình Vụ Hợp tác quốc tế.");

        // And back: node 2 acts, node 1 sees it.
        await flow2.ApproveAsync("intl@demo.local", id, "international-office");
        Assert.Single(await flow1.InboxTasksAsync("finance@demo.local", id, "budget-check"));
    }

    [Fact]
    public async Task Fifty_concurrent_completions_split_across_the_nodes_exactly_one_wins()
    {
        var flow = new Flow(_node1);
        var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await flow.SubmitAsync("submitter@demo.local", id);
        var task = Assert.Single(await flow.InboxTasksAsync("head@demo.local", id, "department-head"));
        var clients = new[] { await _node1.As("head@demo.local"), await _node2.As("head@demo.local") };

        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await clients[i % 2].Post($"/api/tasks/{task["id"]}/complete",
                new JsonObject { ["outcome"] = "approve", ["comment"] = $"Lần {i + 1}" });
        })).ToList();
        start.Set();
        var answers = await Task.WhenAll(attempts);

        var summary = string.Join("\n", answers.Select(a => $"{(int)a.Status} {a.Text}"));
        Assert.True(answers.Count(a => a.Status == HttpStatusCode.OK) == 1, summary);
        Assert.True(answers.All(a => a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict), summary);
        var guid = Guid.Parse(id);
        Assert.Equal(1, await _node2.Db(db => db.Journal.CountAsync(j => j.ProposalId == guid && j.Kind == JournalKinds.TaskCompleted)));
        Assert.Equal(1, await _node2.Db(db => db.Tasks.CountAsync(t => t.ProposalId == guid && t.StepId == "international-office")));
        var winner = Array.FindIndex(answers, a => a.Status == HttpStatusCode.OK);
        var stored = await _node2.Db(db => db.Tasks.SingleAsync(t => t.ProposalId == guid && t.StepId == "department-head"));
        Assert.Equal($"Lần {winner + 1}", stored.Comment);
        foreach (var client in clients) client.Dispose();
    }

    [Fact]
    public async Task Timers_due_during_the_test_fire_once_in_total_though_both_nodes_sweep()
    {
        var flow = new Flow(_node1);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
            await flow.SubmitAsync("submitter@demo.local", id);
            await flow.ApproveAsync("head@demo.local", id, "department-head");
            await flow.ApproveAsync("intl@demo.local", id, "international-office");
            await flow.ApproveAsync("finance@demo.local", id, "budget-check");
            await flow.CompleteVisasAsync(id, "not-needed");
            Assert.Equal("approved", await flow.StatusAsync(id));
            ids.Add(Guid.Parse(id));
        }
        Assert.Equal(3, await _node1.Db(db => db.Timers.CountAsync(t => ids.Contains(t.ProposalId))));

        // The trip is over: every node's sweep finds the same three timers due, at the same moment.
        _clock.SetUtcNow(new DateTimeOffset(2024, 4, 24, 8, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime());
        var direct = Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? _node1 : _node2).FireDueTimersAsync())).ToList();
        var jobs = new[] { _node1, _node2, _node1, _node2 }
            .Select(node => node.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<Sweeps>(s => s.RunAsync(CancellationToken.None)))
            .ToList();
        var fired = (await Task.WhenAll(direct)).Sum();
        await WaitForJobsAsync(_node2, jobs);

        Assert.InRange(fired, 0, 3);
        foreach (var id in ids)
        {
            Assert.Equal("report_due", await flow.StatusAsync(id.ToString()));
            Assert.Equal(1, await _node2.Db(db => db.Journal.CountAsync(j => j.ProposalId == id && j.Kind == JournalKinds.Timer)));
            Assert.Equal(1, await _node2.Db(db => db.Tasks.CountAsync(t => t.ProposalId == id && t.StepId == "post-trip-report")));
            Assert.Equal(1, await _node2.Db(db => db.Outbox.CountAsync(m => m.ProposalId == id && m.Template == "report-due")));
        }
        Assert.Equal(0, await _node1.Db(db => db.Timers.CountAsync(t => ids.Contains(t.ProposalId))));
    }

    [Fact]
    public async Task A_token_a_refresh_token_a_cookie_and_a_passport_protected_on_node_1_all_work_on_node_2()
    {
        // Bearer token (Data Protection) from node 1, used on node 2.
        using var login = _node1.CreateClient();
        var tokens = (await (await login.PostAsJsonAsync("/api/auth/login", new { email = "submitter@demo.local", password = DemoData.Password }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;
        using var bearer = _node2.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["accessToken"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/tasks")).StatusCode);

        using var refresh = _node2.CreateClient();
        var refreshed = await refresh.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens["refreshToken"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        // The sign-in cookie as node 1's cookie handler writes it, sent to node 2.
        var cookie = await IssueCookieAsync(_node1, "head@demo.local");
        using var browser = _node2.CreateClient();
        browser.DefaultRequestHeaders.Add("Cookie", $"delegations.auth={cookie}");
        var inbox = await browser.GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);

        // A passport number protected by node 1 reads back on node 2.
        var id = await new Flow(_node1).CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        var onNode2 = await new Flow(_node2).GetAsync("submitter@demo.local", id);
        Assert.Equal("D1234567", onNode2["members"]![0]!["passportNumber"]!.GetValue<string>());

        // Control: an app with a key ring of its own (another database) cannot read any of them.
        var stranger = new AppFactory();
        try
        {
            await stranger.InitializeAsync();
            using var strangerBearer = stranger.CreateClient();
            strangerBearer.DefaultRequestHeaders.Authorization = bearer.DefaultRequestHeaders.Authorization;
            Assert.Equal(HttpStatusCode.Unauthorized, (await strangerBearer.GetAsync("/api/tasks")).StatusCode);
            using var strangerBrowser = stranger.CreateClient();
            strangerBrowser.DefaultRequestHeaders.Add("Cookie", $"delegations.auth={cookie}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await strangerBrowser.GetAsync("/api/tasks")).StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)stranger).DisposeAsync();
        }
    }

    [Fact]
    public async Task Mail_delivered_by_both_nodes_at_once_reaches_the_SMTP_server_once()
    {
        var smtp = SmtpSink.FromEnvironment();
        await using var mailer1 = new PostgresAppFactory(_database, _clock, jobsServer: false, "mailer-1", smtp.Settings, seedOrganisation: false);
        await using var mailer2 = new PostgresAppFactory(_database, _clock, jobsServer: false, "mailer-2", smtp.Settings, seedOrganisation: false);
        await Task.WhenAll(mailer1.InitializeAsync(), mailer2.InitializeAsync());

        var flow = new Flow(_node1);
        var proposals = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
            await flow.SubmitAsync("submitter@demo.local", id);
            await flow.ApproveAsync("head@demo.local", id, "department-head");
            proposals.Add(Guid.Parse(id));
        }
        var queued = await _node1.Db(db => db.Outbox.Where(m => m.ProposalId != null && proposals.Contains(m.ProposalId.Value)).Select(m => m.Id).ToListAsync());
        Assert.True(queued.Count >= 8, $"expected mail for the head and the international office per proposal, got {queued.Count}");

        var deliveries = Enumerable.Range(0, 6)
            .Select(i => Task.Run(() => (i % 2 == 0 ? mailer1 : mailer2).WithScope(sp => sp.GetRequiredService<MailDelivery>().DeliverDueAsync())))
            .ToList();
        var sent = (await Task.WhenAll(deliveries)).Sum();

        var outbox = await _node1.Db(db => db.Outbox.Where(m => queued.Contains(m.Id)).Select(m => $"{m.Status} {m.Attempts} {m.LastError}").ToListAsync());
        Assert.True(queued.Count == sent, $"{sent} of {queued.Count} sent:\n" + string.Join("\n", outbox));
        var received = await smtp.MessageIdsAsync(queued.Select(q => $"{q:N}@delegations").ToHashSet(), queued.Count);
        Assert.Equal(queued.Count, received.Count);
        Assert.Equal(queued.Count, received.Distinct().Count());
        Assert.Equal(queued.Count, await _node1.Db(db => db.Outbox.CountAsync(m => queued.Contains(m.Id) && m.Status == OutboxStatuses.Sent && m.Attempts == 1)));
    }

    private static async Task<string> IssueCookieAsync(AppFactory node, string email) => await node.WithScope(async sp =>
    {
        var user = (await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
        var principal = await sp.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync(user);
        var options = sp.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, IdentityConstants.ApplicationScheme);
        return options.TicketDataFormat.Protect(ticket);
    });

    /// <summary>Waits (at most a minute) until Hangfire reports every job succeeded; fails on a failed one.</summary>
    private static async Task WaitForJobsAsync(AppFactory node, IReadOnlyList<string> jobIds)
    {
        var monitoring = node.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var states = jobIds.Select(id => monitoring.JobDetails(id)?.History.FirstOrDefault()?.StateName).ToList();
            Assert.DoesNotContain(FailedState.StateName, states);
            if (states.All(s => s == SucceededState.StateName)) return;
            Assert.True(DateTime.UtcNow < deadline, "Hangfire jobs did not finish: " + string.Join(", ", states));
            await Task.Delay(200);
        }
    }
}
