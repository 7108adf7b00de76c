using System.Text.RegularExpressions;

namespace Delegations.Workflows.Time;

public enum ReminderMode { Before, After, Every }

/// <summary>
/// A reminder rule relative to a task's due time: <c>before 1 day</c>, <c>after 0</c>, <c>every 1 day</c>
/// (repeats after the due time until the task is done).
/// </summary>
public sealed partial record ReminderSpec(ReminderMode Mode, Duration Offset, string Text)
{
    [GeneratedRegex(@"^\s*(?<mode>before|after|every)\s+(?<dur>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out ReminderSpec? spec)
    {
        spec = null;
        if (text is null) return false;
        var m = Pattern().Match(text);
        if (!m.Success || !Duration.TryParse(m.Groups["dur"].Value, out var offset)) return false;
        var mode = Enum.Parse<ReminderMode>(m.Groups["mode"].Value, ignoreCase: true);
        if (mode == ReminderMode.Every && offset.Amount == 0) return false;
        spec = new ReminderSpec(mode, offset, text.Trim());
        return true;
    }

    public override string ToString() => Text;
}

/// <summary>One reminder to send: its number for the task (1, 2, …) and when.</summary>
public readonly record struct ScheduledReminder(int Number, DateTimeOffset At);

/// <summary>
/// The reminders of a task in time order, numbered from 1. Pure, so the host can ask for "the one after number n"
/// each time it sends one, and the (task, number) pair identifies a reminder for exactly-once delivery.
/// Reminders that would fall before the task was created are skipped.
/// </summary>
public static class ReminderPlan
{
    private const int MaxRepeats = 365;

    public static IEnumerable<ScheduledReminder> For(IReadOnlyList<ReminderSpec> specs, DateTimeOffset createdAt,
        DateTimeOffset? due, WorkingDayCalendar calendar)
    {
        if (specs.Count == 0 || due is null) yield break;
        var fixedTimes = specs.Where(s => s.Mode != ReminderMode.Every)
            .Select(s => s.Offset.AddTo(due.Value, calendar, s.Mode == ReminderMode.Before ? -1 : 1))
            .Order()
            .ToList();
        var every = specs.FirstOrDefault(s => s.Mode == ReminderMode.Every);
        using var repeating = Repeating(every, due.Value, calendar).GetEnumerator();
        var hasRepeat = repeating.MoveNext();
        var i = 0;
        var number = 0;
        DateTimeOffset? last = null;
        while (i < fixedTimes.Count || hasRepeat)
        {
            DateTimeOffset t;
            if (hasRepeat && (i >= fixedTimes.Count || repeating.Current < fixedTimes[i]))
            {
                t = repeating.Current;
                hasRepeat = repeating.MoveNext();
            }
            else
            {
                t = fixedTimes[i++];
            }
            if (t < createdAt || t == last) continue;
            last = t;
            yield return new ScheduledReminder(++number, t);
        }
    }

    private static IEnumerable<DateTimeOffset> Repeating(ReminderSpec? every, DateTimeOffset due, WorkingDayCalendar calendar)
    {
        if (every is null) yield break;
        var next = due;
        for (var n = 0; n < MaxRepeats; n++)
        {
            next = every.Offset.AddTo(next, calendar);
            yield return next;
        }
    }

    /// <summary>The reminder that follows number <paramref name="afterNumber"/> (0 for the first), or null.</summary>
    public static ScheduledReminder? Next(IReadOnlyList<ReminderSpec> specs, DateTimeOffset createdAt, DateTimeOffset? due,
        WorkingDayCalendar calendar, int afterNumber)
    {
        foreach (var r in For(specs, createdAt, due, calendar))
            if (r.Number > afterNumber) return r;
        return null;
    }
}
