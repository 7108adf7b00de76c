using System.Net;
using Delegations.Web.Demo;
using Delegations.Web.Jobs;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Delegations.Web.Tests.Jobs;

/// <summary>
/// Reminders and escalations of the approval steps, with a fake clock, on a real SQLite file and (below) on
/// PostgreSQL. The Huế union's trip to JICA and KOICA is submitted on Monday 18 March 2024 at 09:00: the head of
/// department has 3 working days (Thursday 21, 09:00), is reminded a day before, at the due time and every working day
/// after, and the step goes to Leadership too after 2 more working days (Monday 25, 09:00).
/// </summary>
public class TaskReminderTests : AppTests
{
    private async Task<Guid> SubmitHueTripAsync(string? title = null)
    {
        var input = DemoSeeds.HueUnionJicaKoica();
        if (title is not null) input = input with { Title = title };
        var id = await Flow.CreateAsync("submitter@demo.local", input);
        await Flow.SubmitAsync("submitter@demo.local", id);
        return Guid.Parse(id);
    }

    [Fact]
    public async Task The_head_is_reminded_a_day_before_at_the_due_time_and_every_working_day_after_each_reminder_once()
    {
        var id = await SubmitHueTripAsync();
        var task = await App.TaskAsync(id, "department-head");
        Assert.Equal(JobsTestKit.Hanoi(2024, 3, 21), task.Due);
        Assert.Equal((1, JobsTestKit.Hanoi(2024, 3, 20)), (task.NextReminderNumber, task.NextReminderAt));

        App.TravelTo(2024, 3, 19);
        Assert.Equal(0, await App.SendRemindersAsync());

        // Wednesday, a day before: "Nhắc việc", in Vietnamese, with a link back to the task.
        App.TravelTo(2024, 3, 20);
        Assert.Equal(1, await App.SendRemindersAsync());
        Assert.Equal(0, await App.SendRemindersAsync());
        var first = Assert.Single(await App.MailAsync(TaskReminders.Template, id));
        Assert.Equal(("head@demo.local", "vi"), (first.ToEmail, first.Language));
        Assert.StartsWith("[DR-2024-", first.Subject);
        Assert.Contains("Nhắc việc: Trưởng đơn vị duyệt", first.Subject);
        Assert.Contains("hạn 21/03/2024 09:00 (còn 1 ngày làm việc)", first.TextBody);
        Assert.Contains($"http://delegations.test/tasks/{task.Id}", first.TextBody);
        Assert.Equal($"reminder:{task.Id}:1:{first.DedupKey.Split(':')[3]}", first.DedupKey);

        // Thursday at the due time ("after 0"), then Friday ("every 1 working day"); nothing over the weekend.
        App.TravelTo(2024, 3, 21);
        Assert.Equal(1, await App.SendRemindersAsync());
        App.TravelTo(2024, 3, 22);
        Assert.Equal(1, await App.SendRemindersAsync());
        App.TravelTo(2024, 3, 23, 12);
        Assert.Equal(0, await App.SendRemindersAsync());
        App.TravelTo(2024, 3, 24, 12);
        Assert.Equal(0, await App.SendRemindersAsync());
        App.TravelTo(2024, 3, 25, 9, 1);
        Assert.Equal(1, await App.SendRemindersAsync());
        var mails = await App.MailAsync(TaskReminders.Template, id);
        Assert.Equal(4, mails.Count);
        Assert.All(mails.Skip(1), m => Assert.Contains("Quá hạn: Trưởng đơn vị duyệt", m.Subject));
        Assert.Contains("đã quá hạn từ 21/03/2024 09:00 (2 ngày làm việc)", mails[3].TextBody);
        Assert.Equal([1, 2, 3, 4], mails.Select(m => int.Parse(m.DedupKey.Split(':')[2])));

        // The server was down Tuesday and Wednesday: on Thursday the head gets the latest reminder, not three.
        App.TravelTo(2024, 3, 28, 10);
        Assert.Equal(1, await App.SendRemindersAsync());
        mails = await App.MailAsync(TaskReminders.Template, id);
        Assert.Equal(5, mails.Count);
        Assert.Equal("7", mails[4].DedupKey.Split(':')[2]);
        task = await App.TaskAsync(id, "department-head");
        Assert.Equal((8, JobsTestKit.Hanoi(2024, 3, 29)), (task.NextReminderNumber, task.NextReminderAt));

        // Approved: no more reminders for that step; the international office's step has its own.
        await Flow.ApproveAsync("head@demo.local", id.ToString(), "department-head");
        App.TravelTo(2024, 3, 29, 10);
        Assert.Equal(0, await App.SendRemindersAsync());
        Assert.Equal(5, (await App.MailAsync(TaskReminders.Template, id)).Count);
        var intl = await App.TaskAsync(id, "international-office");
        Assert.Equal(1, intl.NextReminderNumber);
        Assert.NotNull(intl.NextReminderAt);
    }

    [Fact]
    public async Task Working_days_skip_Tet_for_the_due_date_the_reminders_and_the_escalation()
    {
        // Wednesday 22 January 2025: three working days are Thursday, Friday and — after Tết (27–31 January) and
        // two weekends — Monday 3 February.
        App.TravelTo(2025, 1, 22);
        var id = Guid.Parse(await Flow.CreateAsync("submitter@demo.local", DemoSeeds.DeputyMinisterParisUnesco()));
        await Flow.SubmitAsync("submitter@demo.local", id.ToString());
        var task = await App.TaskAsync(id, "department-head");
        Assert.Equal(JobsTestKit.Hanoi(2025, 2, 3), task.Due);
        Assert.Equal(JobsTestKit.Hanoi(2025, 2, 5), task.EscalateAt); // 2 working days after the due time

        foreach (var day in new[] { 24, 27, 28, 29, 30, 31 })
        {
            App.TravelTo(2025, 1, day, 10);
            Assert.Equal(0, await App.SendRemindersAsync());
        }
        App.TravelTo(2025, 2, 2, 9); // "before 1 day" is a calendar day: Sunday
        Assert.Equal(1, await App.SendRemindersAsync());
        App.TravelTo(2025, 2, 3, 9); // at the due time
        Assert.Equal(1, await App.SendRemindersAsync());
        Assert.Equal(0, await App.EscalateAsync());
        App.TravelTo(2025, 2, 4, 9); // the first working day after
        Assert.Equal(1, await App.SendRemindersAsync());
        Assert.Equal(0, await App.EscalateAsync());
        App.TravelTo(2025, 2, 5, 9);
        Assert.Equal(1, await App.EscalateAsync());
        var mails = await App.MailAsync(TaskReminders.Template, id);
        Assert.Equal(3, mails.Count);
        Assert.Contains("hạn 03/02/2025 09:00", mails[0].TextBody);
    }

    [Fact]
    public async Task After_the_escalation_period_Leadership_gets_the_task_too_the_journal_says_so_and_they_get_one_mail()
    {
        var id = await SubmitHueTripAsync();
        App.TravelTo(2024, 3, 25, 8, 59);
        Assert.Equal(0, await App.EscalateAsync());
        Assert.Empty(await Flow.InboxTasksAsync("leader@demo.local", id.ToString(), "department-head"));

        App.TravelTo(2024, 3, 25, 9);
        Assert.Equal(1, await App.EscalateAsync());
        Assert.Equal(0, await App.EscalateAsync());

        var inbox = Assert.Single(await Flow.InboxTasksAsync("leader@demo.local", id.ToString(), "department-head"));
        Assert.True(inbox["escalated"]!.GetValue<bool>());
        Assert.Single(await Flow.InboxTasksAsync("head@demo.local", id.ToString(), "department-head")); // still the head's too
        var proposal = await Flow.GetAsync("submitter@demo.local", id.ToString());
        var step = Assert.Single(proposal["activeSteps"]!.AsArray())!;
        Assert.Equal(["DepartmentHead", "Leadership"], step["assignees"]!.AsArray().Select(a => a!["role"]!.GetValue<string>()));
        Assert.Contains("Phạm Quốc Hưng", step["assignees"]![1]!["people"]!.AsArray().Select(p => p!.GetValue<string>()));
        var journal = proposal["journal"]!.AsArray();
        var entry = Assert.Single(journal, j => j!["kind"]!.GetValue<string>() == JournalKinds.Escalated)!;
        Assert.Equal(("department-head", "Leadership"), (entry["fromStep"]!.GetValue<string>(), entry["outcome"]!.GetValue<string>()));
        Assert.Equal("escalated to Leadership: overdue since 2024-03-21 09:00", entry["comment"]!.GetValue<string>());
        var mail = Assert.Single(await App.MailAsync(TaskEscalations.Template, id));
        Assert.Equal("leader@demo.local", mail.ToEmail);
        Assert.Contains("Việc quá hạn chuyển lên Anh/Chị: Trưởng đơn vị duyệt", mail.Subject);
        Assert.Contains("Trần Văn Bình", mail.TextBody); // who had it

        // From now on Leadership hears the reminders too, and may act on the task.
        App.TravelTo(2024, 3, 26, 9);
        Assert.Equal(1, await App.SendRemindersAsync());
        Assert.Equal(["head@demo.local", "leader@demo.local"],
            (await App.MailAsync(TaskReminders.Template, id)).Where(m => m.CreatedAt == App.Clock.GetUtcNow()).Select(m => m.ToEmail).Order());
        await Flow.ApproveAsync("leader@demo.local", id.ToString(), "department-head", "Lãnh đạo Bộ đồng ý thay Trưởng đơn vị.");
        Assert.Single(await Flow.InboxTasksAsync("intl@demo.local", id.ToString(), "international-office"));
    }

    [Fact]
    public async Task Sweeps_running_at_once_on_their_own_connections_send_each_reminder_and_escalation_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++) ids.Add(await SubmitHueTripAsync());
        App.TravelTo(2024, 3, 25, 9, 5); // the Monday reminder and the escalation are both due

        var reminders = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(App.SendRemindersAsync)));
        var escalations = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(App.EscalateAsync)));
        var sweeps = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(App.SweepAsync)));

        Assert.Equal(4, reminders.Sum());
        Assert.Equal(4, escalations.Sum());
        foreach (var id in ids)
        {
            var mails = await App.MailAsync(TaskReminders.Template, id);
            Assert.Single(mails); // the latest reminder of four past (Wednesday, Thursday, Friday, Monday)
            Assert.Single(await App.MailAsync(TaskEscalations.Template, id));
            Assert.Equal(1, await App.Db(db => db.Journal.CountAsync(j => j.ProposalId == id && j.Kind == JournalKinds.Escalated)));
        }
    }

    [Fact]
    public async Task A_sweep_killed_before_its_commit_leaves_every_reminder_due_and_the_next_sweep_sends_each_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await SubmitHueTripAsync());
        App.TravelTo(2024, 3, 20, 9, 30);
        var before = await App.Db(db => db.Tasks.AsNoTracking().Where(t => ids.Contains(t.ProposalId)).Select(t => t.NextReminderNumber).ToListAsync());

        // The process dies after its claims ran but before the outbox rows and the commit: as if killed.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var reminders = scope.ServiceProvider.GetRequiredService<TaskReminders>();
            var db = scope.ServiceProvider.GetRequiredService<Delegations.Web.Infrastructure.DelegationsDbContext>();
            db.SavingChanges += (_, _) => throw new OperationCanceledException("killed");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reminders.SendDueAsync(CancellationToken.None));
        }
        Assert.Equal(before, await App.Db(db => db.Tasks.AsNoTracking().Where(t => ids.Contains(t.ProposalId)).Select(t => t.NextReminderNumber).ToListAsync()));
        Assert.Empty(await App.MailAsync(TaskReminders.Template));

        Assert.Equal(3, await App.SendRemindersAsync());
        Assert.Equal(0, await App.SendRemindersAsync());
        foreach (var id in ids) Assert.Single(await App.MailAsync(TaskReminders.Template, id));
    }

    [Fact]
    public async Task A_report_past_its_due_date_gets_the_report_overdue_mail_to_the_department_and_its_head()
    {
        var id = await SubmitHueTripAsync();
        await Flow.ApproveAsync("head@demo.local", id.ToString(), "department-head");
        await Flow.ApproveAsync("intl@demo.local", id.ToString(), "international-office");
        await Flow.ApproveAsync("finance@demo.local", id.ToString(), "budget-check");
        await Flow.CompleteVisasAsync(id.ToString(), "not-needed");
        await Flow.TravelToAsync(2024, 4, 24); // the meetings in Hà Nội are over: the report is due 15 days after the end date
        var report = await App.TaskAsync(id, "post-trip-report");
        Assert.Equal(JobsTestKit.Hanoi(2024, 5, 8, 0), report.Due);
        Assert.Single(await App.MailAsync("report-due", id));

        App.TravelTo(2024, 5, 6, 8); // "before 2 days": an ordinary reminder
        await App.SendRemindersAsync();
        var reminder = Assert.Single(await App.MailAsync(TaskReminders.Template, id));
        Assert.Equal("submitter@demo.local", reminder.ToEmail);

        App.TravelTo(2024, 5, 8, 8); // at the due time ("after 0"): report overdue, to the submitting department and its head
        Assert.Equal(1, await App.SendRemindersAsync());
        var overdue = await App.MailAsync(TaskReminders.ReportOverdueTemplate, id);
        Assert.Equal(["head@demo.local", "submitter@demo.local"], overdue.Select(m => m.ToEmail).Order());
        Assert.All(overdue, m => Assert.Contains("Quá hạn nộp báo cáo kết quả", m.Subject));
        App.TravelTo(2024, 5, 10, 8); // "every 2 days"
        Assert.Equal(1, await App.SendRemindersAsync());
        Assert.Equal(4, (await App.MailAsync(TaskReminders.ReportOverdueTemplate, id)).Count);

        (await Flow.FileReportAsync("submitter@demo.local", id.ToString(), DemoSeeds.HueUnionJicaKoicaReport())).Expect(HttpStatusCode.Created);
        App.TravelTo(2024, 5, 20, 8);
        Assert.Equal(0, await App.SendRemindersAsync());
        Assert.Equal(4, (await App.MailAsync(TaskReminders.ReportOverdueTemplate, id)).Count);
    }
}

public sealed class TaskReminderTestsOnPostgres : TaskReminderTests, IOnPostgres;
