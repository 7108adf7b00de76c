using System.Globalization;
using Delegations.Web.Calendar;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Delegations.Workflows.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Calendar;

/// <summary>Delegations by month, outbound and inbound told apart, with public holidays; and the user's secret iCal address.</summary>
public sealed class IndexModel(DelegationsDbContext db, Viewer viewer, CalendarFeeds feeds, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public DateOnly First { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<CalendarFeeds.Delegation> Delegations { get; private set; } = [];
    public IReadOnlyDictionary<DateOnly, string> Holidays { get; private set; } = new Dictionary<DateOnly, string>();
    public string? FeedAddress { get; private set; }
    /// <summary>When this month is empty: the nearest month that is not.</summary>
    public DateOnly? Nearest { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), WorkingDayCalendar.VietnamTime).DateTime);
        First = DateOnly.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? m : new DateOnly(Today.Year, Today.Month, 1);
        var last = First.AddMonths(1).AddDays(-1);
        Delegations = await CalendarFeeds.DelegationsAsync(db, user, First, last, ct);
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.Date >= First && h.Date <= last && !h.Working).ToListAsync(ct);
        Holidays = holidays.ToDictionary(h => h.Date, h => UiCulture.IsEnglish ? h.NameEn ?? h.NameVi : h.NameVi);
        FeedAddress = await feeds.AddressAsync(user.Id, ct);
        if (Delegations.Count == 0)
        {
            var all = await CalendarFeeds.DelegationsAsync(db, user, null, null, ct);
            Nearest = all.Select(d => new DateOnly(d.StartDate.Year, d.StartDate.Month, 1))
                .OrderBy(d => Math.Abs(d.DayNumber - First.DayNumber)).Cast<DateOnly?>().FirstOrDefault();
        }
    }

    public async Task<IActionResult> OnPostRenewAsync(CancellationToken ct)
    {
        await feeds.RenewAsync(await viewer.GetAsync(ct), ct);
        TempData["Flash"] = text["Your calendar address is ready. Any earlier address no longer works."].Value;
        return Redirect(Back());
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        await feeds.RevokeAsync(await viewer.GetAsync(ct), ct);
        TempData["Flash"] = text["Your calendar address was revoked."].Value;
        return Redirect(Back());
    }

    /// <summary>Back to the month the user was looking at.</summary>
    private string Back() =>
        DateOnly.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? $"/calendar?month={MonthParam(m)}#feed" : "/calendar#feed";

    public static string MonthParam(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The weeks (Monday first) that cover the month.</summary>
    public IEnumerable<DateOnly[]> Weeks()
    {
        var start = First.AddDays(-(((int)First.DayOfWeek + 6) % 7));
        var last = First.AddMonths(1).AddDays(-1);
        for (var week = start; week <= last; week = week.AddDays(7))
            yield return Enumerable.Range(0, 7).Select(week.AddDays).ToArray();
    }

    public IEnumerable<CalendarFeeds.Delegation> On(DateOnly day) => Delegations.Where(d => d.StartDate <= day && d.EndDate >= day);
}
