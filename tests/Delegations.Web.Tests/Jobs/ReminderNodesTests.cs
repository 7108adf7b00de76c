using Delegations.Web.Demo;
using Delegations.Web.Jobs;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Workflows.Runtime;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Delegations.Web.Tests.Jobs;

/// <summary>
/// Two app nodes on one PostgreSQL database (Hangfire.PostgreSql, a job server on each, one clock): reminders and
/// escalations swept by both at once — directly and as Hangfire jobs — are each sent once.
/// </summary>
public sealed class ReminderNodesTests : IAsyncLifetime
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
        await Task.WhenAll(Task.Run(_node1.InitializeAsync), Task.Run(_node2.InitializeAsync));
    }

    public async Task DisposeAsync()
    {
        await _node1.DisposeAsync();
        await _node2.DisposeAsync();
        await _database.DropAsync();
    }

    [Fact]
    public async Task Both_nodes_sweeping_at_once_send_each_reminder_and_escalation_once()
    {
        var flow = new Flow(_node1);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
            await flow.SubmitAsync("submitter@demo.local", id);
            ids.Add(Guid.Parse(id));
        }

        // Monday 25 March 2024, 09:30: each head-of-department step has a reminder due and is past its escalation.
        _node1.TravelTo(2024, 3, 25, 9, 30);
        var direct = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var node = i % 2 == 0 ? _node1 : _node2;
            return i % 4 < 2 ? await node.SendRemindersAsync() : await node.EscalateAsync();
        })).ToList();
        var jobs = new[] { _node1, _node2, _node1, _node2 }
            .Select(node => node.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<Sweeps>(s => s.RunAsync(CancellationToken.None)))
            .ToList();
        await Task.WhenAll(direct);
        await WaitForJobsAsync(_node2, jobs);

        foreach (var id in ids)
        {
            Assert.Single(await _node2.MailAsync(TaskReminders.Template, id));
            Assert.Equal("leader@demo.local", Assert.Single(await _node2.MailAsync(TaskEscalations.Template, id)).ToEmail);
            Assert.Equal(1, await _node2.Db(db => db.Journal.CountAsync(j => j.ProposalId == id && j.Kind == JournalKinds.Escalated)));
            var task = await _node2.TaskAsync(id, "department-head");
            Assert.Equal((5, JobsTestKit.Hanoi(2024, 3, 26)), (task.NextReminderNumber, task.NextReminderAt));
        }
        Assert.Equal(0, await _node1.SendRemindersAsync());
        Assert.Equal(0, await _node2.EscalateAsync());
    }

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
