using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin;

/// <summary>
/// The holiday calendar, a year at a time: days off (Tết changes every year) and weekend days worked to make up for
/// them. Every working-day due date, reminder and escalation reads it, so a change counts at once. Same rules as
/// <see cref="HolidaysApi"/> (it is the same code).
/// </summary>
public sealed class HolidaysModel(DelegationsDbContext db, AccountAudit audit, UiMessages messages, IStringLocalizer<UiText> text, TimeProvider clock) : AdminPage
{
    public int Year { get; private set; }
    public IReadOnlyList<HolidaysApi.HolidayView> Days { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [BindProperty] public bool Working { get; set; }
    [BindProperty] public string? Note { get; set; }
    /// <summary>The day being edited (its row's "edit" link), or null when adding.</summary>
    public string? Editing { get; private set; }

    public async Task OnGetAsync(int? year, string? edit, CancellationToken ct)
    {
        await LoadAsync(year, ct);
        if (edit is not null && Days.FirstOrDefault(d => d.Date == edit) is { } day)
        {
            Editing = day.Date;
            (Date, Name, NameEn, Working, Note) = (day.Date, day.Name, day.NameEn, day.Working, day.Note);
        }
    }

    public async Task<IActionResult> OnPostSaveAsync(int? year, CancellationToken ct)
    {
        try
        {
            var saved = await HolidaysApi.SaveAsync(db, audit, Admin, Date?.Trim() ?? "", new HolidaysApi.HolidayInput(Name, NameEn, Working, Note), ct);
            Flash(text["Saved: {0} {1}.", UiFormat.Date(saved.Date), saved.Name]);
            return Redirect($"/admin/holidays?year={saved.Date[..4]}");
        }
        catch (AppProblemException e) when (e.Errors is not null)
        {
            foreach (var (field, list) in e.Errors) Errors[field] = messages.Translate(list[0]);
            await LoadAsync(year, ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRemoveAsync(int? year, string date, CancellationToken ct)
    {
        await HolidaysApi.RemoveAsync(db, audit, Admin, date, ct);
        Flash(text["Removed: {0}.", UiFormat.Date(date)]);
        return Redirect($"/admin/holidays?year={(date.Length >= 4 ? date[..4] : "")}");
    }

    private async Task LoadAsync(int? year, CancellationToken ct)
    {
        Year = year is >= 2000 and <= 2100 ? year.Value : TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime).Year;
        Days = await HolidaysApi.YearAsync(db, Year, ct);
    }

    public static string Weekday(string iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("dddd", CultureInfo.GetCultureInfo(UiCulture.IsEnglish ? "en-GB" : "vi-VN"))
            : "";
}
