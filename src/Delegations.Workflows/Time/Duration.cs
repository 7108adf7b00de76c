using System.Globalization;
using System.Text.RegularExpressions;

namespace Delegations.Workflows.Time;

public enum DurationUnit { Minutes, Hours, Days, WorkingDays, Weeks }

/// <summary>
/// A length of time as an admin writes it: <c>3 days</c>, <c>3 working days</c>, <c>2 hours</c>, <c>0</c>.
/// Working days are counted on a <see cref="WorkingDayCalendar"/>.
/// </summary>
public readonly partial record struct Duration(int Amount, DurationUnit Unit)
{
    public static readonly Duration Zero = new(0, DurationUnit.Days);

    [GeneratedRegex(@"^\s*(?<n>\d{1,4})\s*(?:(?<working>working|business)\s+)?(?<unit>minutes?|hours?|days?|weeks?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out Duration duration)
    {
        duration = Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (text.Trim() == "0") return true;
        var m = Pattern().Match(text);
        if (!m.Success) return false;
        var amount = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value.ToLowerInvariant().TrimEnd('s');
        var working = m.Groups["working"].Success;
        if (working && unit != "day") return false; // "working hours" is not a thing we count
        duration = new Duration(amount, unit switch
        {
            "minute" => DurationUnit.Minutes,
            "hour" => DurationUnit.Hours,
            "week" => DurationUnit.Weeks,
            _ => working ? DurationUnit.WorkingDays : DurationUnit.Days,
        });
        return true;
    }

    public static Duration Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"'{text}' is not a duration (try '3 days', '3 working days', '2 hours').");

    /// <summary>Adds (or with <paramref name="sign"/> -1, subtracts) this duration to a moment.</summary>
    public DateTimeOffset AddTo(DateTimeOffset moment, WorkingDayCalendar calendar, int sign = 1) => Unit switch
    {
        DurationUnit.Minutes => moment.AddMinutes(sign * Amount),
        DurationUnit.Hours => moment.AddHours(sign * Amount),
        DurationUnit.Days => calendar.AddCalendarDays(moment, sign * Amount),
        DurationUnit.Weeks => calendar.AddCalendarDays(moment, sign * Amount * 7),
        DurationUnit.WorkingDays => calendar.AddWorkingDays(moment, sign * Amount),
        _ => throw new InvalidOperationException(Unit.ToString()),
    };

    public override string ToString() => Amount == 0 ? "0" : Unit switch
    {
        DurationUnit.Minutes => Plural("minute"),
        DurationUnit.Hours => Plural("hour"),
        DurationUnit.Weeks => Plural("week"),
        DurationUnit.WorkingDays => Amount == 1 ? "1 working day" : $"{Amount} working days",
        _ => Plural("day"),
    };

    private string Plural(string unit) => Amount == 1 ? $"1 {unit}" : $"{Amount} {unit}s";
}
