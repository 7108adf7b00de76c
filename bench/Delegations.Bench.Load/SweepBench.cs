using System.Diagnostics;
using Delegations.Web.Demo;
using Delegations.Web.Infrastructure;
using Delegations.Web.Jobs;
using Delegations.Web.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Delegations.Bench.Load;

/// <summary>
/// Item 4: the sweeps over a big backlog, in-process on the app's own services (a Hangfire job is a plain method):
/// the wait-timer sweep (Jobs/WorkflowSweep) over proposals whose return date has passed, and the task reminder
/// sweep over 100,000 open tasks whose reminders are due, when the application has one (Jobs/TaskReminders).
/// Each sweep call is timed; afterwards the database must show every timer fired and every reminder sent once.
/// </summary>
public static class SweepBench
{
    public static async Task<int> RunAsync(Options options)
    {
        var openTasks = options.Int("--open", 100_000);
        var timers = options.Int("--timers", 2_000);
        await using var app = new BenchApp();
        Console.WriteLine($"SQLite: {openTasks:N0} open tasks with due reminders, {timers:N0} proposals back from their trip; data in {app.Root}");
        _ = app.Services;
        var sw = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().EnsureOrganisationAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
            var seeder = await Seeder.OpenAsync(db, DateTimeOffset.UtcNow);
            var departments = await seeder.AddDepartmentsAsync(100);
            Console.WriteLine($"  organisation in {sw.Elapsed.TotalSeconds:0.0} s");
            // Submitted 4–9 days ago: past the "before 1 day" reminder, most past their due time too.
            for (var i = 0; i < openTasks; i++)
            {
                var d = departments[i % departments.Count];
                await seeder.AddProposalAsync(d.Id, d.SubmitterId, d.SubmitterName, Shape.AtHead, ageDays: 4 + i % 6);
            }
            Console.WriteLine($"  open tasks in {sw.Elapsed.TotalSeconds:0.0} s ({seeder.Rows:N0} rows)");
            // Left 60 days ago for a 5-day trip: the wait timer (end date + 1 day) is due.
            for (var i = 0; i < timers; i++)
            {
                var d = departments[i % departments.Count];
                await seeder.AddProposalAsync(d.Id, d.SubmitterId, d.SubmitterName, Shape.Travelling, ageDays: 60);
            }
            await seeder.DisposeAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        }
        Console.WriteLine($"  seeded in {sw.Elapsed.TotalSeconds:0} s");

        var table = new Table("sweep", "backlog", "calls", "per call (first / slowest)", "items per call", "total", "exactly once", "target");

        // ------------------------------------------------------------ wait timers (on main now)
        var (calls, times, fired) = await SweepUntilDoneAsync(app, sp => sp.GetRequiredService<WorkflowSweep>().FireDueTimersAsync(CancellationToken.None));
        int journal, reportTasks, left;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
            journal = await db.Journal.CountAsync(j => j.Kind == "timer");
            reportTasks = await db.Tasks.CountAsync(t => t.StepId == "post-trip-report");
            left = await db.Timers.CountAsync();
        }
        var once = journal == timers && reportTasks == timers && left == 0 && fired == timers;
        table.Row("wait timers (WorkflowSweep.FireDueTimersAsync)", $"{timers:N0} due timers", calls.ToString(),
            $"{times[0]:0.00} s / {times.Max():0.00} s", Table.N(fired / (double)calls, "#,##0"), $"{times.Sum():0.0} s",
            once ? $"yes ({journal:N0} timer journal entries, {reportTasks:N0} report tasks)" : $"NO: {fired} fired, {journal} journal, {reportTasks} report tasks, {left} left",
            "(no target; shown for the shape of a sweep)");

        // ------------------------------------------------------------ task reminders (when the application has them)
        var reminders = typeof(WorkflowSweep).Assembly.GetType("Delegations.Web.Jobs.TaskReminders");
        if (reminders?.GetMethod("SendDueAsync") is { } send)
        {
            var (rCalls, rTimes, sent) = await SweepUntilDoneAsync(app, sp => (Task<int>)send.Invoke(sp.GetRequiredService(reminders), [CancellationToken.None])!);
            int mails, distinct, tasksReminded;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
                var keys = db.Outbox.Where(m => m.Template == "reminder" || m.Template == "report-overdue");
                mails = await keys.CountAsync();
                distinct = await keys.Select(m => m.DedupKey).Distinct().CountAsync();
                tasksReminded = await keys.Select(m => m.TaskId).Distinct().CountAsync();
            }
            var first = rTimes.Count > 0 ? rTimes[0] : 0;
            table.Row("task reminders (TaskReminders.SendDueAsync)", $"{openTasks:N0} open tasks, reminders due", rCalls.ToString(),
                $"{first:0.00} s / {rTimes.DefaultIfEmpty(0).Max():0.00} s", Table.N(sent / (double)Math.Max(1, rCalls), "#,##0"), $"{rTimes.Sum():0.0} s",
                mails == distinct && tasksReminded == openTasks ? $"yes ({mails:N0} mails, {tasksReminded:N0} tasks)" : $"NO: {mails} mails, {distinct} distinct, {tasksReminded} tasks",
                $"< 5 s per sweep — {Table.Verdict(rTimes.DefaultIfEmpty(0).Max() < 5)}; all {openTasks:N0} in one sweep: {Table.Verdict(rTimes.Sum() < 5)}");
        }
        else
        {
            table.Row("task reminders", $"{openTasks:N0} open tasks, reminders due", "—", "—", "—", "—", "—",
                "< 5 s per sweep — not measured: the reminder sweep (Jobs/TaskReminders) is not in this build yet");
        }

        Console.WriteLine();
        Console.WriteLine("## Reminder and timer sweeps (issue 12 item 4)");
        Console.WriteLine();
        Console.WriteLine(Machine.Describe() + "; load average " + Machine.LoadAverage());
        Console.WriteLine();
        Console.WriteLine(table);
        return once ? 0 : 1;
    }

    /// <summary>Calls a sweep (each call in a fresh scope, as Hangfire does) until it finds nothing left.</summary>
    private static async Task<(int Calls, List<double> Seconds, int Items)> SweepUntilDoneAsync(BenchApp app, Func<IServiceProvider, Task<int>> sweep)
    {
        var times = new List<double>();
        var total = 0;
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var sw = Stopwatch.StartNew();
            var n = await sweep(scope.ServiceProvider);
            if (n == 0) break;
            times.Add(sw.Elapsed.TotalSeconds);
            total += n;
            Console.WriteLine($"  sweep {times.Count}: {n:N0} in {sw.Elapsed.TotalSeconds:0.00} s");
        }
        return (times.Count, times, total);
    }
}
