using System.Text.RegularExpressions;

namespace Delegations.Workflows.Time;

/// <summary>
/// When something is due: either a duration from the moment the step starts (<c>3 working days</c>) or a date
/// expression with an optional offset (<c>proposal.startDate - 14 days</c>, <c>proposal.endDate + 1 day</c>).
/// </summary>
public sealed partial record DueSpec
{
    private DueSpec(string text, Duration? relative, string? baseExpression, Duration offset, int sign)
    {
        Text = text;
        Relative = relative;
        BaseExpression = baseExpression;
        Offset = offset;
        Sign = sign;
    }

    public string Text { get; }
    /// <summary>Set when the spec is a plain duration from the step's start.</summary>
    public Duration? Relative { get; }
    /// <summary>Set when the spec is anchored on a date expression.</summary>
    public string? BaseExpression { get; }
    public Duration Offset { get; }
    public int Sign { get; }

    [GeneratedRegex(@"^(?<base>.+?)\s*(?<sign>[+-])\s*(?<dur>\d{1,4}\s+(?:(?:working|business)\s+)?[a-z]+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Anchored();

    [GeneratedRegex(@"^\s*\d", RegexOptions.CultureInvariant)]
    private static partial Regex StartsWithDigit();

    public static bool TryParse(string? text, out DueSpec? spec, out string? error)
    {
        spec = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }
        if (Duration.TryParse(text, out var relative))
        {
            spec = new DueSpec(text, relative, null, Duration.Zero, 1);
            return true;
        }
        if (StartsWithDigit().IsMatch(text))
        {
            error = $"'{text}' is not a duration (try '3 days', '3 working days', '2 hours') or a date expression (try 'proposal.startDate - 14 days')";
            return false;
        }
        var m = Anchored().Match(text);
        if (m.Success)
        {
            if (!Duration.TryParse(m.Groups["dur"].Value, out var offset))
            {
                error = $"'{m.Groups["dur"].Value}' in '{text}' is not a duration";
                return false;
            }
            spec = new DueSpec(text, null, m.Groups["base"].Value.Trim(), offset, m.Groups["sign"].Value == "-" ? -1 : 1);
            return true;
        }
        spec = new DueSpec(text, null, text.Trim(), Duration.Zero, 1);
        return true;
    }

    public static DueSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec! : throw new FormatException(error);

    public override string ToString() => Text;
}
