using System.Globalization;
using System.Text;

namespace Delegations.Web.Infrastructure;

/// <summary>Text folded for search: lower case, no diacritics, đ → d ("Huỳnh Thành Đạt" → "huynh thanh dat").</summary>
public static class SearchText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark:
                    continue;
                default:
                    sb.Append(c switch { 'đ' or 'Đ' => 'd', _ => char.ToLowerInvariant(c) });
                    break;
            }
        }
        return string.Join(' ', sb.ToString().Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    public static string Join(params IEnumerable<string?>[] parts) =>
        Fold(string.Join(' ', parts.SelectMany(p => p).Where(p => !string.IsNullOrWhiteSpace(p))));

    /// <summary>The words of a query, folded, ready for LIKE (with % and _ escaped by <see cref="LikeEscape"/>).</summary>
    public static IReadOnlyList<string> Words(string? query) =>
        Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Take(8).ToList();

    public const char EscapeChar = '\\';

    public static string LikeEscape(string word) =>
        word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
