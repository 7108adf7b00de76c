using System.Net;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Ui;

/// <summary>
/// The per-user iCal feed: made and revoked from the calendar page, served without sign-in to whoever holds the
/// secret address, parsed back with Ical.Net: the delegations the user may see and the due dates of their tasks.
/// </summary>
public sealed class CalendarFeedTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private Flow Flow => new(_app);

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    /// <summary>Makes (or renews) the user's address on the calendar page and returns its path.</summary>
    private static async Task<string> RenewAsync(PageClient client)
    {
        var renewed = await client.SubmitAsync("/calendar?month=2024-04", "form[action*='handler=Renew']", []);
        Assert.Equal(HttpStatusCode.Redirect, renewed.Status);
        var page = await client.FollowAsync(renewed);
        var address = page.One("[data-testid=feed-address]")!.GetAttribute("value")!;
        Assert.StartsWith("http://delegations.test/calendar/feed/", address); // links use App:BaseUrl
        return new Uri(address).AbsolutePath;
    }

    private async Task<Ical.Net.Calendar> FeedAsync(string path)
    {
        using var anonymous = _app.CreateClient();
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        return Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var anonymous = _app.CreateClient();
        return (await anonymous.GetAsync(path)).StatusCode;
    }

    [Fact]
    public async Task The_feed_holds_the_users_visible_delegations_and_their_task_due_dates_and_nothing_else()
    {
        var beijing = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", beijing);
        await Flow.ApproveAsync("head@demo.local", beijing, "department-head");
        var draft = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica()); // drafts stay off the calendar
        var otherDepartment = await Flow.CreateAsync("submitter2@demo.local", DemoSeeds.ZhongguancunForumDraft());
        await Flow.SubmitAsync("submitter2@demo.local", otherDepartment);

        using var submitter = await PageClient.SignInAsync(_app, "submitter@demo.local");
        var calendar = await FeedAsync(await RenewAsync(submitter));
        var trip = Assert.Single(calendar.Events);
        Assert.Equal($"proposal-{beijing}@delegations", trip.Uid);
        Assert.Equal("[Đoàn ra] Đoàn công tác của Bộ KH&CN thăm và làm việc tại Trung Quốc", trip.Summary);
        Assert.False(trip.DtStart!.HasTime);
        Assert.Equal(new DateOnly(2024, 4, 22), trip.DtStart.Date);
        Assert.Equal(new DateOnly(2024, 4, 27), trip.DtEnd!.Date); // exclusive end of an all-day event
        Assert.Contains("Bắc Kinh (Trung Quốc)", trip.Location);
        Assert.Contains("Huỳnh Thành Đạt", trip.Description);
        Assert.Equal($"http://delegations.test/proposals/{beijing}", trip.Url!.ToString());
        Assert.DoesNotContain(calendar.Events, e => e.Uid!.Contains(draft.ToString(), StringComparison.Ordinal) || e.Uid!.Contains(otherDepartment, StringComparison.Ordinal));

        // The international office sees the trip (it was assigned to them) and the due time of its task.
        using var intl = await PageClient.SignInAsync(_app, "intl@demo.local");
        var intlCalendar = await FeedAsync(await RenewAsync(intl));
        var task = (await Flow.InboxTasksAsync("intl@demo.local", beijing, "international-office")).Single();
        var due = Assert.Single(intlCalendar.Events, e => e.Uid == $"task-{task["id"]}@delegations");
        Assert.StartsWith("Hạn: Ban Hợp tác quốc tế thẩm định — DR-2024-", due.Summary);
        Assert.True(due.DtStart!.HasTime);
        Assert.Equal(task["due"]!.GetValue<DateTimeOffset>().UtcDateTime, due.DtStart.AsUtc);
        Assert.Contains(intlCalendar.Events, e => e.Uid == $"proposal-{beijing}@delegations");
        Assert.DoesNotContain(intlCalendar.Events, e => e.Uid == $"proposal-{otherDepartment}@delegations"); // not theirs, nor asked of them yet
    }

    [Fact]
    public async Task A_renewed_or_revoked_address_stops_working_and_unknown_ones_never_did()
    {
        using var submitter = await PageClient.SignInAsync(_app, "submitter@demo.local");
        var first = await RenewAsync(submitter);
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(first));
        var second = await RenewAsync(submitter);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(first));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(second));

        // The token is kept only as a hash and protected, never in the clear.
        var stored = await _app.Db(db => db.Set<Delegations.Web.Calendar.CalendarFeed>().SingleAsync());
        var token = second.Split('/').Last()[..^4];
        Assert.DoesNotContain(token, stored.TokenHash + stored.TokenProtected);

        var revoked = await submitter.SubmitAsync("/calendar", "form[action*='handler=Revoke']", []);
        Assert.Equal(HttpStatusCode.Redirect, revoked.Status);
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(second));
        Assert.Null((await submitter.GetAsync("/calendar")).One("[data-testid=feed-address]"));

        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync("/calendar/feed/not-a-token.ics"));

        // A disabled account's address stops working too.
        var third = await RenewAsync(submitter);
        await _app.Db(async db =>
        {
            (await db.Users.FirstAsync(u => u.Email == "submitter@demo.local")).IsDisabled = true;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(third));
    }
}
