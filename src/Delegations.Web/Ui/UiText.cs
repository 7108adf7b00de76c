using System.Globalization;
using System.Text.RegularExpressions;
using Delegations.Workflows.Time;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Ui;

/// <summary>
/// The UI's strings: <c>UiText.vi.resx</c> holds the Vietnamese for every English phrase the pages use (the key is
/// the English text, so English needs no file); <c>UiText.resx</c> holds the English for keys that are codes
/// (<c>status:in_review</c>, <c>role:Finance</c>).
/// </summary>
public sealed class UiText;

/// <summary>
/// Puts the application's English messages (field errors keyed by JSON path, conflicts) into the UI language.
/// A message is looked up as a key; messages with values in them match a key written as a template
/// (<c>At most {0} characters.</c>), and the values are carried into the translation.
/// </summary>
public sealed partial class UiMessages(IStringLocalizer<UiText> text)
{
    private static IReadOnlyList<(Regex Pattern, string Key)>? _templates;

    public string Translate(string message)
    {
        if (UiCulture.IsEnglish || string.IsNullOrEmpty(message)) return message;
        var exact = text[message];
        if (!exact.ResourceNotFound) return exact.Value;
        foreach (var (pattern, key) in Templates())
        {
            var match = pattern.Match(message);
            if (!match.Success) continue;
            var values = match.Groups.Cast<Group>().Skip(1).OrderBy(g => int.Parse(g.Name[1..], CultureInfo.InvariantCulture)).Select(g => (object)g.Value).ToArray();
            return string.Format(CultureInfo.CurrentCulture, text[key].Value, values);
        }
        return message;
    }

    public IReadOnlyList<string> Translate(IEnumerable<string> messages) => messages.Select(Translate).ToList();

    private IReadOnlyList<(Regex, string)> Templates() => _templates ??= text.GetAllStrings(includeParentCultures: false)
        .Where(s => s.Name.Contains("{0}", StringComparison.Ordinal))
        .Select(s => (new Regex("^" + Placeholder().Replace(Regex.Escape(s.Name), m => $"(?<p{m.Groups[1].Value}>.+?)") + "$", RegexOptions.CultureInvariant), s.Name))
        .ToList();

    [GeneratedRegex(@"\\\{(\d)}")]
    private static partial Regex Placeholder();
}

/// <summary>Dates, moments and money the way each language writes them: 26/04/2024 and 1.234.567 ₫ in Vietnamese, ISO-like in English.</summary>
public static class UiFormat
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static string Date(DateOnly? date) => date is not { } d ? "" :
        d.ToString(UiCulture.IsEnglish ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>A yyyy-MM-dd text (as the views carry dates) in the UI's format.</summary>
    public static string Date(string? iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Date(d) : iso ?? "";

    public static string DateRange(DateOnly start, DateOnly end) => start == end ? Date(start) : $"{Date(start)} – {Date(end)}";

    /// <summary>A moment in Hà Nội time.</summary>
    public static string Moment(DateTimeOffset? moment)
    {
        if (moment is null) return "";
        var local = TimeZoneInfo.ConvertTime(moment.Value, WorkingDayCalendar.VietnamTime);
        return local.ToString(UiCulture.IsEnglish ? "yyyy-MM-dd HH:mm" : "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>The machine-readable form for &lt;time datetime&gt;.</summary>
    public static string Iso(DateTimeOffset moment) => moment.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Vnd(long amount) => UiCulture.IsEnglish
        ? amount.ToString("N0", CultureInfo.InvariantCulture) + " VND"
        : amount.ToString("N0", Vietnamese) + " ₫";

    public static string Number(decimal value) =>
        value.ToString(value == decimal.Truncate(value) ? "N0" : "N2", UiCulture.IsEnglish ? CultureInfo.InvariantCulture : Vietnamese);

    public static string Amount(decimal amount, string currency) =>
        currency == "VND" ? Vnd((long)amount) : $"{Number(amount)} {currency}";
}

public static class UiTextExtensions
{
    /// <summary>The words for a code (<c>grade:minister</c> → "Bộ trưởng"); the code itself when it has none (data from elsewhere).</summary>
    public static string Code(this IStringLocalizer text, string prefix, string? code)
    {
        if (string.IsNullOrEmpty(code)) return "";
        var found = text[prefix + ":" + code];
        return found.ResourceNotFound ? code : found.Value;
    }
}
