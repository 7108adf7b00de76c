using Delegations.Web.Infrastructure;
using Delegations.Workflows.Time;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Workflows;

/// <summary>The holiday calendar an admin maintains, read from the database (a few rows a year, so read per use).</summary>
public static class CalendarSource
{
    public static async Task<WorkingDayCalendar> LoadAsync(DelegationsDbContext db, CancellationToken ct)
    {
        var days = await db.Holidays.AsNoTracking().ToListAsync(ct);
        return new WorkingDayCalendar(days.Select(d => new CalendarDay(d.Date, d.NameVi, d.NameEn, d.Working)));
    }

    /// <summary>On first start: loads workflows/calendars/*.json into the database.</summary>
    public static async Task SeedDefaultsAsync(DelegationsDbContext db, WorkflowOptions options, CancellationToken ct)
    {
        if (await db.Holidays.AnyAsync(ct)) return;
        var dir = Path.Combine(options.ResolveDefaultsPath(), "calendars");
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.GetFiles(dir, "*.json"))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(file, ct));
            foreach (var day in doc.RootElement.GetProperty("days").EnumerateArray())
            {
                var date = DateOnly.Parse(day.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                if (db.Holidays.Local.Any(h => h.Date == date)) continue;
                db.Holidays.Add(new HolidayRecord
                {
                    Date = date,
                    NameVi = day.GetProperty("name").GetString()!,
                    NameEn = day.TryGetProperty("nameEn", out var en) ? en.GetString() : null,
                    Working = day.TryGetProperty("working", out var w) && w.GetBoolean(),
                    Note = day.TryGetProperty("note", out var n) ? n.GetString() : null,
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
