using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delegations.Workflows.Time;

/// <summary>A dated entry of a holiday calendar: a day off, or a weekend day made a working day.</summary>
public sealed record CalendarDay(
    DateOnly Date,
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("nameEn")] string? NameEn = null,
    [property: JsonPropertyName("working")] bool Working = false);

/// <summary>
/// Working days for an organisation: weekends and dated holidays are days off; a weekend day listed as
/// working (a make-up day) is a working day. The dates are data the host loads (Vietnamese public holidays
/// including Tết), never code. Date-only values are read in the calendar's time zone.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly HashSet<DateOnly> _daysOff;
    private readonly HashSet<DateOnly> _workingWeekendDays;
    private readonly HashSet<DayOfWeek> _weekend;

    public WorkingDayCalendar(IEnumerable<CalendarDay> days, TimeZoneInfo? timeZone = null, IEnumerable<DayOfWeek>? weekend = null)
    {
        var list = days.ToList();
        _daysOff = list.Where(d => !d.Working).Select(d => d.Date).ToHashSet();
        _workingWeekendDays = list.Where(d => d.Working).Select(d => d.Date).ToHashSet();
        _weekend = (weekend ?? [DayOfWeek.Saturday, DayOfWeek.Sunday]).ToHashSet();
        TimeZone = timeZone ?? VietnamTime;
        Days = list;
    }

    /// <summary>Asia/Ho_Chi_Minh (UTC+7, no daylight saving).</summary>
    public static TimeZoneInfo VietnamTime { get; } = FindVietnamTime();

    /// <summary>Weekends only, in Vietnam time. For tests and for hosts that have not loaded a calendar yet.</summary>
    public static WorkingDayCalendar WeekendsOnly { get; } = new([]);

    public TimeZoneInfo TimeZone { get; }
    public IReadOnlyList<CalendarDay> Days { get; }

    public bool IsWorkingDay(DateOnly date) =>
        _workingWeekendDays.Contains(date) || (!_weekend.Contains(date.DayOfWeek) && !_daysOff.Contains(date));

    public DateOnly LocalDate(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, TimeZone).DateTime);

    /// <summary>Midnight at the start of a local date, as a moment.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    public DateTimeOffset AddCalendarDays(DateTimeOffset moment, int days)
    {
        // Move the local wall-clock time, so "1 day" stays "same time tomorrow" in the calendar's zone.
        var local = TimeZoneInfo.ConvertTime(moment, TimeZone);
        var moved = local.DateTime.AddDays(days);
        return new DateTimeOffset(moved, TimeZone.GetUtcOffset(moved)).ToUniversalTime();
    }

    /// <summary>Moves <paramref name="days"/> working days (back when negative), keeping the local time of day.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset moment, int days)
    {
        var local = TimeZoneInfo.ConvertTime(moment, TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var step = Math.Sign(days);
        for (var remaining = Math.Abs(days); remaining > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date)) remaining--;
        }
        var moved = date.ToDateTime(TimeOnly.FromDateTime(local.DateTime));
        return new DateTimeOffset(moved, TimeZone.GetUtcOffset(moved)).ToUniversalTime();
    }

    /// <summary>
    /// Working days from <paramref name="from"/>'s date (exclusive) to <paramref name="to"/>'s date (inclusive);
    /// negative when <paramref name="to"/> is earlier. "Due in 2 working days", "3 working days overdue".
    /// </summary>
    public int WorkingDaysBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var a = LocalDate(from);
        var b = LocalDate(to);
        if (a == b) return 0;
        var step = b > a ? 1 : -1;
        var count = 0;
        for (var d = a; d != b;)
        {
            d = d.AddDays(step);
            if (IsWorkingDay(step > 0 ? d : d.AddDays(1))) count += step;
        }
        return count;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a calendar file: <c>{ "days": [ { "date": "2026-02-16", "name": "Tết" }, … ] }</c>.</summary>
    public static WorkingDayCalendar FromJson(string json, TimeZoneInfo? timeZone = null)
    {
        var file = JsonSerializer.Deserialize<CalendarFile>(json, JsonOptions) ?? throw new FormatException("Empty calendar file.");
        return new WorkingDayCalendar(file.Days ?? [], timeZone);
    }

    private sealed record CalendarFile(List<CalendarDay>? Days);

    private static TimeZoneInfo FindVietnamTime()
    {
        foreach (var id in new[] { "Asia/Ho_Chi_Minh", "SE Asia Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz)) return tz;
        }
        return TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Indochina Time", "ICT");
    }
}
