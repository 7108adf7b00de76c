using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Admin;

/// <summary>
/// <c>/api/admin/holidays</c>: the organisation's calendar of days off and make-up working days (Tết changes every
/// year). Working-day durations, due dates and reminders read it from the database, so an edit counts at once.
/// </summary>
public static class HolidaysApi
{
    public sealed record HolidayView(string Date, string Name, string? NameEn, bool Working, string? Note);
    public sealed record HolidayInput(string? Name, string? NameEn, bool? Working, string? Note);

    public static RouteGroupBuilder MapHolidaysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/holidays").WithTags("Admin: calendar").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly);
        group.MapGet("/", List).WithSummary("The days off and make-up working days of a year.");
        group.MapPut("/{date}", Put).WithSummary("Add or change a day (yyyy-MM-dd): a holiday, or a weekend day worked (working: true).").ProducesValidationProblem();
        group.MapDelete("/{date}", Delete).WithSummary("Remove a day from the calendar.").ProducesProblem(404);
        return group;
    }

    private static async Task<Ok<List<HolidayView>>> List(int? year, DelegationsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        return TypedResults.Ok(await YearAsync(db, year ?? clock.GetUtcNow().Year, ct));
    }

    private static async Task<Ok<HolidayView>> Put(string date, HolidayInput input, DelegationsDbContext db, CurrentUser current, AccountAudit audit, CancellationToken ct) =>
        TypedResults.Ok(await SaveAsync(db, audit, await current.GetAsync(ct), date, input, ct));

    private static async Task<NoContent> Delete(string date, DelegationsDbContext db, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        await RemoveAsync(db, audit, await current.GetAsync(ct), date, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The days of a year, in date order (the API and the admin page).</summary>
    public static async Task<List<HolidayView>> YearAsync(DelegationsDbContext db, int year, CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var days = await db.Holidays.AsNoTracking().Where(h => h.Date >= from && h.Date <= to).OrderBy(h => h.Date).ToListAsync(ct);
        return days.Select(ToView).ToList();
    }

    /// <summary>Adds or changes a day, audited; 400 naming the field when the input is wrong.</summary>
    public static async Task<HolidayView> SaveAsync(DelegationsDbContext db, AccountAudit audit, UserContext user, string date, HolidayInput input, CancellationToken ct)
    {
        if (!ProposalInputMapper.TryDate(date, out var day)) throw AppProblemException.Invalid("date", "Must be a date as yyyy-MM-dd.");
        if (string.IsNullOrWhiteSpace(input.Name)) throw AppProblemException.Invalid("name", "Required: the name of the day (Vietnamese).");
        if (input.Working == true && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            throw AppProblemException.Invalid("working", "Only a weekend day can be made a working day.");
        var record = await db.Holidays.FirstOrDefaultAsync(h => h.Date == day, ct);
        if (record is null)
        {
            record = new HolidayRecord { Date = day, NameVi = "" };
            db.Holidays.Add(record);
        }
        record.NameVi = input.Name.Trim();
        record.NameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim();
        record.Working = input.Working ?? false;
        record.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, "calendar " + date, $"{(record.Working ? "working day" : "day off")}: {record.NameVi}");
        await db.SaveChangesAsync(ct);
        return ToView(record);
    }

    /// <summary>Removes a day from the calendar, audited; 404 when it is not there.</summary>
    public static async Task RemoveAsync(DelegationsDbContext db, AccountAudit audit, UserContext user, string date, CancellationToken ct)
    {
        if (!ProposalInputMapper.TryDate(date, out var day)) throw AppProblemException.Invalid("date", "Must be a date as yyyy-MM-dd.");
        var record = await db.Holidays.FirstOrDefaultAsync(h => h.Date == day, ct) ?? throw AppProblemException.NotFound($"The day {date}");
        db.Holidays.Remove(record);
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, "calendar " + date, "removed " + record.NameVi);
        await db.SaveChangesAsync(ct);
    }

    private static HolidayView ToView(HolidayRecord h) =>
        new(h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), h.NameVi, h.NameEn, h.Working, h.Note);
}
