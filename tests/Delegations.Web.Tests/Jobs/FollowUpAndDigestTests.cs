using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Jobs;
using Delegations.Web.Reports;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Jobs;

/// <summary>
/// Follow-up actions after the Huế union's report (reminded before and after their due date, to the responsible
/// account) and the opt-in daily digest of open tasks (once a day, working days only, in the reader's language),
/// with a fake clock, on SQLite and on PostgreSQL.
/// </summary>
public class FollowUpAndDigestTests : AppTests
{
    /// <summary>The Huế trip from submission to its report (filed 24 April 2024) with two follow-up actions.</summary>
    private async Task<Guid> HueTripWithFollowUpsAsync()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        await Flow.ApproveAsync("finance@demo.local", id, "budget-check");
        await Flow.CompleteVisasAsync(id, "not-needed");
        await Flow.TravelToAsync(2024, 4, 24);
        var report = DemoSeeds.HueUnionJicaKoicaReport() with
        {
            FollowUps =
            [
                new("Gửi danh mục đề xuất, dự án cụ thể tới JICA và KOICA", "Liên hiệp các Hội KH&KT tỉnh Thừa Thiên Huế", "2024-05-10"),
                new("Cử đầu mối làm việc với KOICA về tình nguyện viên", "Vụ Hợp tác quốc tế", "2024-05-31", "intl@demo.local"),
            ],
        };
        (await Flow.FileReportAsync("submitter@demo.local", id, report)).Expect(HttpStatusCode.Created);
        return Guid.Parse(id);
    }

    [Fact]
    public async Task Follow_up_actions_are_reminded_a_week_before_the_day_after_and_weekly_while_open_each_once()
    {
        await App.Db(db => db.Users.Where(u => u.Email == "intl@demo.local").ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, "en")));
        var id = await HueTripWithFollowUpsAsync();

        App.TravelTo(2024, 5, 2, 10);
        Assert.Equal(0, await App.SendFollowUpRemindersAsync());
        App.TravelTo(2024, 5, 3, 7, 59); // a week before the 10th, but reminders wait for the morning
        Assert.Equal(0, await App.SendFollowUpRemindersAsync());
        App.TravelTo(2024, 5, 3, 8);
        Assert.Equal(1, await App.SendFollowUpRemindersAsync());
        Assert.Equal(0, await App.SendFollowUpRemindersAsync());
        var soon = Assert.Single(await App.MailAsync(FollowUpReminders.Template, id));
        Assert.Equal(("submitter@demo.local", "vi"), (soon.ToEmail, soon.Language)); // no owner account: the submitter
        Assert.Contains("Việc sau chuyến đi sắp đến hạn: Gửi danh mục đề xuất", soon.Subject);
        Assert.Contains("đến hạn ngày 10/05/2024", soon.TextBody);
        Assert.Contains($"http://delegations.test/proposals/{id}/report", soon.TextBody);

        App.TravelTo(2024, 5, 11, 8); // the day after: overdue
        Assert.Equal(1, await App.SendFollowUpRemindersAsync());
        App.TravelTo(2024, 5, 17, 9);
        Assert.Equal(0, await App.SendFollowUpRemindersAsync());
        App.TravelTo(2024, 5, 18, 9); // a week later, still open
        Assert.Equal(1, await App.SendFollowUpRemindersAsync());
        var late = (await App.MailAsync(FollowUpReminders.Template, id)).Where(m => m.ToEmail == "submitter@demo.local").ToList();
        Assert.Equal(3, late.Count);
        Assert.Contains("Việc sau chuyến đi quá hạn", late[2].Subject);
        Assert.Contains("đã quá hạn 8 ngày (hạn 10/05/2024)", late[2].TextBody);

        // The owner named by account gets the other one, in English.
        App.TravelTo(2024, 5, 24, 8);
        Assert.Equal(1, await App.SendFollowUpRemindersAsync());
        var owner = Assert.Single(await App.MailAsync(FollowUpReminders.Template, id), m => m.ToEmail == "intl@demo.local");
        Assert.Equal("en", owner.Language);
        Assert.Contains("Follow-up due soon: Cử đầu mối làm việc với KOICA", owner.Subject);

        // Done: no more about it.
        var followUp = await App.Db(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.ProposalId == id && f.Due == new DateOnly(2024, 5, 10)));
        using (var submitter = await App.As("submitter@demo.local"))
            (await submitter.Post($"/api/follow-ups/{followUp.Id}/done", new { note = "Đã gửi danh mục 12 dự án ngày 24/5." })).Expect(HttpStatusCode.OK);
        App.TravelTo(2024, 5, 25, 9);
        Assert.Equal(0, await App.SendFollowUpRemindersAsync());
        Assert.Equal(4, (await App.MailAsync(FollowUpReminders.Template, id)).Count);
        Assert.Equal([1, 2, 3], (await App.MailAsync(FollowUpReminders.Template, id)).Where(m => m.ToEmail == "submitter@demo.local")
            .Select(m => int.Parse(m.DedupKey.Split(':')[2])));
    }

    [Fact]
    public void A_follow_ups_reminder_number_follows_its_due_date()
    {
        var due = new DateOnly(2024, 5, 10);
        Assert.Equal(0, FollowUpReminders.ReminderNumber(due, new DateOnly(2024, 5, 2), 7, 7));
        Assert.Equal(1, FollowUpReminders.ReminderNumber(due, new DateOnly(2024, 5, 3), 7, 7));
        Assert.Equal(1, FollowUpReminders.ReminderNumber(due, due, 7, 7));
        Assert.Equal(2, FollowUpReminders.ReminderNumber(due, new DateOnly(2024, 5, 11), 7, 7));
        Assert.Equal(2, FollowUpReminders.ReminderNumber(due, new DateOnly(2024, 5, 17), 7, 7));
        Assert.Equal(3, FollowUpReminders.ReminderNumber(due, new DateOnly(2024, 5, 18), 7, 7));
        Assert.Equal(2, FollowUpReminders.ReminderNumber(due, new DateOnly(2024, 9, 1), 7, 0)); // repeats off
        Assert.Equal(0, FollowUpReminders.ReminderNumber(due, new DateOnly(2024, 5, 9), 0, 7)); // "on the day" only
    }

    [Fact]
    public async Task The_daily_digest_is_opt_in_once_a_day_on_working_days_and_in_the_readers_language()
    {
        using (var head = await App.As("head@demo.local"))
        {
            var settings = (await head.Get("/api/account/settings")).Expect(HttpStatusCode.OK);
            Assert.Equal(("head@demo.local", "vi", false), (settings["email"], settings["language"], settings.Object["dailyDigest"]!.GetValue<bool>()));
            var bad = (await head.Put("/api/account/settings", new { language = "fr" })).Expect(HttpStatusCode.BadRequest);
            Assert.Contains("language", bad.Errors.Keys);
            var on = (await head.Put("/api/account/settings", new { dailyDigest = true })).Expect(HttpStatusCode.OK);
            Assert.True(on.Object["dailyDigest"]!.GetValue<bool>());
            Assert.Equal("vi", on["language"]);
        }
        using (var anonymous = App.Anonymous())
            (await anonymous.Get("/api/account/settings")).Expect(HttpStatusCode.Unauthorized);

        // Two trips wait for the head of department; the international office did not ask for a digest.
        var first = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", first);
        var second = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", second);

        App.TravelTo(2024, 3, 19, 7, 30);
        Assert.Equal(1, await App.SendDigestsAsync());
        Assert.Equal(0, await App.SendDigestsAsync());
        var digest = Assert.Single(await App.MailAsync(DailyDigest.Template));
        Assert.Equal(("head@demo.local", "vi"), (digest.ToEmail, digest.Language));
        Assert.Equal("Việc cần xử lý ngày 19/03/2024: 2 việc", digest.Subject);
        Assert.Contains("Làm việc với JICA và KOICA", digest.TextBody);
        Assert.Contains("Đoàn công tác của Bộ KH&amp;CN thăm và làm việc tại Trung Quốc", digest.HtmlBody);
        Assert.Contains("http://delegations.test/account/settings", digest.TextBody);

        App.TravelTo(2024, 3, 23, 7, 30); // Saturday
        Assert.Equal(0, await App.SendDigestsAsync());
        await App.Db(db => db.Users.Where(u => u.Email == "head@demo.local").ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, "en")));
        App.TravelTo(2024, 3, 25, 7, 30); // Monday: both overdue now
        Assert.Equal(1, await App.SendDigestsAsync());
        var monday = (await App.MailAsync(DailyDigest.Template)).Last();
        Assert.Equal(("en", "Your open tasks on 2024-03-25: 2, 2 overdue"), (monday.Language, monday.Subject));
        Assert.Contains("(OVERDUE)", monday.TextBody);

        using (var head = await App.As("head@demo.local"))
            (await head.Put("/api/account/settings", new { dailyDigest = false })).Expect(HttpStatusCode.OK);
        App.TravelTo(2024, 3, 26, 7, 30);
        Assert.Equal(0, await App.SendDigestsAsync());
        Assert.Equal(2, (await App.MailAsync(DailyDigest.Template)).Count);
    }

    [Fact]
    public async Task No_digest_is_sent_during_Tet_and_none_to_someone_with_nothing_open()
    {
        App.TravelTo(2025, 1, 22);
        foreach (var email in new[] { "head@demo.local", "leader@demo.local" })
        {
            using var api = await App.As(email);
            (await api.Put("/api/account/settings", new { dailyDigest = true })).Expect(HttpStatusCode.OK);
        }
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.DeputyMinisterParisUnesco());
        await Flow.SubmitAsync("submitter@demo.local", id);

        App.TravelTo(2025, 1, 28, 7, 30); // Tết
        Assert.Equal(0, await App.SendDigestsAsync());
        App.TravelTo(2025, 2, 3, 7, 30); // the first working day after it
        Assert.Equal(1, await App.SendDigestsAsync());
        Assert.Equal("head@demo.local", Assert.Single(await App.MailAsync(DailyDigest.Template)).ToEmail); // Leadership has nothing open yet
    }

    [Fact]
    public async Task The_settings_page_switches_the_digest_on_and_off_with_its_anti_forgery_token()
    {
        using var client = await PageClient.SignInAsync(App, "finance@demo.local");
        var page = (await client.GetAsync("/account/settings")).Expect(HttpStatusCode.OK);
        Assert.Equal("Cài đặt của tôi", page.One("h1")!.TextContent);
        Assert.False(page.One("#daily-digest")!.HasAttribute("checked"));
        Assert.Empty(page.All("[style], style"));
        Assert.Equal("daily-digest", page.One("label[for=daily-digest]") is not null ? "daily-digest" : null);
        Assert.Equal("/account/settings", (await client.GetAsync("/inbox")).One("[data-testid=settings-link]")!.GetAttribute("href"));

        var saved = await client.SubmitAsync("/account/settings", "[data-testid=settings-form]", new() { ["DailyDigest"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        page = await client.FollowAsync(saved);
        Assert.True(page.One("#daily-digest")!.HasAttribute("checked"));
        Assert.Contains("Đã lưu", page.One("[data-testid=flash]")!.TextContent);
        using (var api = await App.As("finance@demo.local"))
            Assert.True((await api.Get("/api/account/settings")).Object["dailyDigest"]!.GetValue<bool>());

        // Without the form's token the post is refused and nothing changes.
        var forged = await client.PostAsync("/account/settings", [new("DailyDigest", "false")]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        using (var api = await App.As("finance@demo.local"))
            Assert.True((await api.Get("/api/account/settings")).Object["dailyDigest"]!.GetValue<bool>());
    }
}

public sealed class FollowUpAndDigestTestsOnPostgres : FollowUpAndDigestTests, IOnPostgres;
