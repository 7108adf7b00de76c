using System.Collections;
using System.Collections.Concurrent;
using DotLiquid;

namespace Delegations.Web.Mail;

/// <summary>A mail template in one language: subject, plain-text part and HTML part, each DotLiquid.</summary>
public sealed record MailTemplateText(string Subject, string Text, string Html)
{
    /// <summary>
    /// Reads the file format: a first line <c>Subject: …</c>, then <c>--- text ---</c> and the text part, then
    /// <c>--- html ---</c> and the HTML part.
    /// </summary>
    public static MailTemplateText Parse(string content)
    {
        var lines = content.Replace("\r\n", "\n").Split('\n');
        var subject = lines[0].StartsWith("Subject:", StringComparison.OrdinalIgnoreCase)
            ? lines[0]["Subject:".Length..].Trim()
            : throw new FormatException("A mail template starts with 'Subject: …'.");
        var rest = string.Join('\n', lines.Skip(1));
        var textStart = rest.IndexOf("--- text ---", StringComparison.Ordinal);
        var htmlStart = rest.IndexOf("--- html ---", StringComparison.Ordinal);
        if (textStart < 0 || htmlStart < textStart) throw new FormatException("A mail template has '--- text ---' then '--- html ---' sections.");
        return new MailTemplateText(subject,
            rest[(textStart + "--- text ---".Length)..htmlStart].Trim('\n'),
            rest[(htmlStart + "--- html ---".Length)..].Trim('\n'));
    }

    public string ToFileText() => $"Subject: {Subject}\n--- text ---\n{Text}\n--- html ---\n{Html}\n";
}

public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// Renders mail with DotLiquid. User text can never inject markup: the HTML part is rendered from a copy of the
/// model where every string is HTML-encoded, and the subject loses line breaks.
/// </summary>
public sealed partial class MailRenderer
{
    // Markup characters are encoded; Vietnamese letters are written as they are (as on the pages).
    private static readonly System.Text.Encodings.Web.HtmlEncoder Html =
        System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly ConcurrentDictionary<string, Template> _parsed = new(StringComparer.Ordinal);

    public RenderedMail Render(MailTemplateText template, IDictionary<string, object?> model)
    {
        var plain = Hash.FromDictionary(ToLiquid(model, encode: false)!);
        var encoded = Hash.FromDictionary(ToLiquid(model, encode: true)!);
        var subject = Parse(template.Subject).Render(plain).ReplaceLineEndings(" ").Trim();
        return new RenderedMail(subject, Parse(template.Text).Render(plain), Parse(template.Html).Render(encoded));
    }

    /// <summary>Checks that every part parses; returns the error message when one does not.</summary>
    public static string? Check(MailTemplateText template)
    {
        try
        {
            foreach (var part in new[] { template.Subject, template.Text, template.Html })
                Template.Parse(part);
            return null;
        }
        catch (Exception ex) when (ex is DotLiquid.Exceptions.LiquidException or FormatException)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// One part's problem as Liquid, or null: a syntax error (an unclosed tag, an unknown tag) found when parsing, or a
    /// filter DotLiquid does not have (it would skip it silently, and the mail would read wrong).
    /// </summary>
    public static string? CheckPart(string source)
    {
        try
        {
            Template.Parse(source);
        }
        catch (Exception ex) when (ex is DotLiquid.Exceptions.LiquidException or FormatException or ArgumentException)
        {
            return ex.Message;
        }
        foreach (System.Text.RegularExpressions.Match markup in LiquidMarkup().Matches(source))
        {
            foreach (System.Text.RegularExpressions.Match filter in FilterName().Matches(markup.Value))
            {
                var name = filter.Groups[1].Value;
                if (!KnownFilters.Value.Contains(name)) return $"there is no filter '{name}'.";
            }
        }
        return null;
    }

    private static readonly Lazy<HashSet<string>> KnownFilters = new(() =>
        typeof(StandardFilters).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(m => Template.NamingConvention.GetMemberName(m.Name)).ToHashSet(StringComparer.Ordinal));

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex LiquidMarkup();

    [System.Text.RegularExpressions.GeneratedRegex(@"\|\s*([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial System.Text.RegularExpressions.Regex FilterName();

    private Template Parse(string source) => _parsed.GetOrAdd(source, s => Template.Parse(s));

    private static Dictionary<string, object?>? ToLiquid(IDictionary<string, object?>? model, bool encode) =>
        model?.ToDictionary(kv => kv.Key, kv => Convert(kv.Value, encode));

    private static object? Convert(object? value, bool encode) => value switch
    {
        null => null,
        string s => encode ? Html.Encode(s) : s,
        Uri u => encode ? Html.Encode(u.ToString()) : u.ToString(),
        IDictionary<string, object?> d => Hash.FromDictionary(ToLiquid(d, encode)!),
        IEnumerable e => e.Cast<object?>().Select(x => Convert(x, encode)).ToList(),
        _ => value,
    };
}
