using System.Globalization;
using System.Text;

namespace Delegations.Bench;

/// <summary>A Markdown table: readable in the terminal, pasted as is into bench/README.md.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Select(r => i < r.Length ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            sb.Append("| ").Append(string.Join(" | ", widths.Select((w, i) => (i < cells.Count ? cells[i] : "").PadRight(w)))).AppendLine(" |");
        Line(headers);
        sb.Append('|').Append(string.Join('|', widths.Select(w => new string('-', w + 2)))).AppendLine("|");
        foreach (var row in _rows) Line(row);
        return sb.ToString();
    }

    public static string N(double value, string format = "#,##0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 10 * 1024 => (bytes / 1024).ToString("#,##0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString("#,##0", CultureInfo.InvariantCulture) + " B",
    };

    public static string Verdict(bool met) => met ? "met" : "MISSED";
}
