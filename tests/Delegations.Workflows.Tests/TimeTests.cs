using Delegations.Workflows.Time;
using static Delegations.Workflows.Tests.Fixtures;

namespace Delegations.Workflows.Tests;

public sealed class TimeTests
{
    private static readonly WorkingDayCalendar Vn = Calendar;

    [Theory]
    [InlineData("3 days", 3, DurationUnit.Days)]
    [InlineData("1 day", 1, DurationUnit.Days)]
    [InlineData("3 working days", 3, DurationUnit.WorkingDays)]
    [InlineData("1 working day", 1, DurationUnit.WorkingDays)]
    [InlineData("2 hours", 2, DurationUnit.Hours)]
    [InlineData("30 minutes", 30, DurationUnit.Minutes)]
    [InlineData("2 weeks", 2, DurationUnit.Weeks)]
    [InlineData("0", 0, DurationUnit.Days)]
    [InlineData("  5  Working  Days ", 5, DurationUnit.WorkingDays)]
    public void Durations_parse(string text, int amount, DurationUnit unit)
    {
        Assert.True(Duration.TryParse(text, out var d));
        Assert.Equal(new Duration(amount, unit), d);
    }

    [Theory]
    [InlineData("three days")]
    [InlineData("3 working hours")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData("3 days ago")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(Duration.TryParse(text, out _));

    [Fact]
    public void Due_specs_are_durations_or_anchored_date_expressions()
    {
        var relative = DueSpec.Parse("3 working days");
        Assert.Equal(new Duration(3, DurationUnit.WorkingDays), relative.Relative);
        var anchored = DueSpec.Parse("proposal.startDate - 14 days");
        Assert.Equal(("proposal.startDate", -1, new Duration(14, DurationUnit.Days)), (anchored.BaseExpression, anchored.Sign, anchored.Offset));
        var plain = DueSpec.Parse("proposal.endDate");
        Assert.Equal(("proposal.endDate", Duration.Zero), (plain.BaseExpression, plain.Offset));
        var working = DueSpec.Parse("proposal.endDate + 5 working days");
        Assert.Equal(new Duration(5, DurationUnit.WorkingDays), working.Offset);
    }

    [Fact]
    public void Working_days_skip_weekends()
    {
        var friday = VietnamTime(2025, 6, 6, 16);
        Assert.Equal(VietnamTime(2025, 6, 9, 16), Vn.AddWorkingDays(friday, 1));
        Assert.Equal(VietnamTime(2025, 6, 11, 16), Vn.AddWorkingDays(friday, 3));
        var saturday = VietnamTime(2025, 6, 7, 10);
        Assert.Equal(VietnamTime(2025, 6, 9, 10), Vn.AddWorkingDays(saturday, 1));
        Assert.Equal(VietnamTime(2025, 6, 5, 10), Vn.AddWorkingDays(saturday, -2));
    }

    [Fact]
    public void Three_working_days_before_Tet_2026_land_after_the_holiday()
    {
        // Tết 2026: public sector off Saturday 14/2 to Sunday 22/2 (weekdays 16–20/2 are holidays).
        var thursday = VietnamTime(2026, 2, 12, 9);
        Assert.Equal(VietnamTime(2026, 2, 13, 9), Vn.AddWorkingDays(thursday, 1));
        Assert.Equal(VietnamTime(2026, 2, 24, 9), Vn.AddWorkingDays(thursday, 3));
        Assert.False(Vn.IsWorkingDay(new DateOnly(2026, 2, 17)));
        Assert.True(Vn.IsWorkingDay(new DateOnly(2026, 2, 23)));
        Assert.Equal(3, Vn.WorkingDaysBetween(thursday, VietnamTime(2026, 2, 24, 17)));
        Assert.Equal(-3, Vn.WorkingDaysBetween(VietnamTime(2026, 2, 24, 17), thursday));
    }

    [Fact]
    public void Tet_2025_and_a_make_up_Saturday_are_read_from_the_calendar_data()
    {
        Assert.Equal(VietnamTime(2025, 2, 3, 8), Vn.AddWorkingDays(VietnamTime(2025, 1, 24, 8), 1)); // Friday before Tết → Monday after
        Assert.True(Vn.IsWorkingDay(new DateOnly(2024, 5, 4))); // a Saturday worked to make up for 29/4/2024
        Assert.False(Vn.IsWorkingDay(new DateOnly(2024, 4, 29)));
        Assert.False(Vn.IsWorkingDay(new DateOnly(2024, 9, 2)));
    }

    [Fact]
    public void A_calendar_is_data_a_host_can_replace()
    {
        var custom = WorkingDayCalendar.FromJson("""{ "days": [ { "date": "2025-06-09", "name": "Ngày hội của đơn vị" } ] }""");
        Assert.Equal(VietnamTime(2025, 6, 10, 9), custom.AddWorkingDays(VietnamTime(2025, 6, 6, 9), 1));
        Assert.Equal(VietnamTime(2025, 6, 9, 9), WorkingDayCalendar.WeekendsOnly.AddWorkingDays(VietnamTime(2025, 6, 6, 9), 1));
    }

    [Fact]
    public void Calendar_days_keep_the_local_wall_clock()
    {
        var start = Vn.StartOf(new DateOnly(2024, 4, 26));
        Assert.Equal(new DateTimeOffset(2024, 4, 25, 17, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2024, 4, 26, 17, 0, 0, TimeSpan.Zero), Duration.Parse("1 day").AddTo(start, Vn));
        Assert.Equal(new DateOnly(2024, 4, 26), Vn.LocalDate(start));
    }
}

public sealed class ReminderPlanTests
{
    private static readonly IReadOnlyList<ReminderSpec> DepartmentHeadReminders =
        new[] { "before 1 day", "after 0", "every 1 working day" }.Select(r => { ReminderSpec.TryParse(r, out var s); return s!; }).ToList();

    [Fact]
    public void Before_at_and_every_day_after_the_due_time_in_order()
    {
        var created = VietnamTime(2025, 6, 2, 9);   // Monday
        var due = VietnamTime(2025, 6, 5, 9);       // Thursday
        var plan = ReminderPlan.For(DepartmentHeadReminders, created, due, Calendar).Take(5).ToList();
        Assert.Equal(
        [
            new ScheduledReminder(1, VietnamTime(2025, 6, 4, 9)),
            new ScheduledReminder(2, VietnamTime(2025, 6, 5, 9)),
            new ScheduledReminder(3, VietnamTime(2025, 6, 6, 9)),
            new ScheduledReminder(4, VietnamTime(2025, 6, 9, 9)),  // skips the weekend
            new ScheduledReminder(5, VietnamTime(2025, 6, 10, 9)),
        ], plan);
    }

    [Fact]
    public void Every_working_day_reminders_skip_Tet()
    {
        var created = VietnamTime(2026, 2, 9, 9);
        var due = VietnamTime(2026, 2, 12, 9);
        var plan = ReminderPlan.For(DepartmentHeadReminders, created, due, Calendar).Take(4).Select(r => r.At).ToList();
        Assert.Equal([VietnamTime(2026, 2, 11, 9), VietnamTime(2026, 2, 12, 9), VietnamTime(2026, 2, 13, 9), VietnamTime(2026, 2, 23, 9)], plan);
    }

    [Fact]
    public void Reminders_before_the_task_existed_are_skipped_and_numbering_stays_dense()
    {
        var created = VietnamTime(2025, 6, 4, 15);
        var due = VietnamTime(2025, 6, 5, 9);
        var first = ReminderPlan.Next(DepartmentHeadReminders, created, due, Calendar, 0);
        Assert.Equal(new ScheduledReminder(1, due), first);
        Assert.Equal(new ScheduledReminder(2, VietnamTime(2025, 6, 6, 9)), ReminderPlan.Next(DepartmentHeadReminders, created, due, Calendar, 1));
    }

    [Fact]
    public void No_due_time_means_no_reminders()
    {
        Assert.Empty(ReminderPlan.For(DepartmentHeadReminders, VietnamTime(2025, 6, 2), null, Calendar));
        Assert.Null(ReminderPlan.Next([], VietnamTime(2025, 6, 2), VietnamTime(2025, 6, 3), Calendar, 0));
    }

    [Fact]
    public void Without_an_every_rule_the_plan_ends()
    {
        ReminderSpec.TryParse("before 2 days", out var before);
        ReminderSpec.TryParse("after 0", out var at);
        var plan = ReminderPlan.For([at!, before!], VietnamTime(2025, 6, 2), VietnamTime(2025, 6, 10), Calendar).ToList();
        Assert.Equal([VietnamTime(2025, 6, 8), VietnamTime(2025, 6, 10)], plan.Select(p => p.At));
    }
}
