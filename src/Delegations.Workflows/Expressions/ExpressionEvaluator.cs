using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Delegations.Workflows.Time;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Delegations.Workflows.Expressions;

/// <summary>Limits every expression runs under. No CLR access is ever granted.</summary>
public sealed record ExpressionLimits
{
    public int MaxStatements { get; init; } = 10_000;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(500);
    public int MaxRecursionDepth { get; init; } = 64;
    public long MaxMemoryBytes { get; init; } = 8 * 1024 * 1024;

    public static ExpressionLimits Default { get; } = new();
}

/// <summary>An expression failed: it did not compile, threw, ran too long or used too much memory.</summary>
public sealed class ExpressionException(string expression, string message, Exception? inner = null)
    : Exception($"Expression '{expression}' failed: {message}", inner)
{
    public string Expression { get; } = expression;
    public string Reason { get; } = message;
}

/// <summary>
/// Runs definition expressions in Jint, sandboxed: strict mode, no CLR, no <c>eval</c>/<c>Function</c>,
/// statement, time, recursion and memory limits. Data goes in as JSON through Jint's JSON parser, so scripts
/// only ever see plain JavaScript values.
/// </summary>
public sealed partial class ExpressionEvaluator(ExpressionLimits? limits = null)
{
    private static readonly ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> Prepared = new(StringComparer.Ordinal);
    private readonly ExpressionLimits _limits = limits ?? ExpressionLimits.Default;

    [GeneratedRegex(@"\{\{\s*(?<expr>.+?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Checks that an expression parses; returns the parser's message when it does not.</summary>
    public static bool TryCompile(string expression, out string? error)
    {
        try
        {
            Prepare(expression);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Checks every <c>{{ expression }}</c> placeholder of a template.</summary>
    public static bool TryCompileTemplate(string template, out string? error)
    {
        foreach (Match m in Placeholder().Matches(template))
        {
            if (!TryCompile(m.Groups["expr"].Value, out error)) return false;
        }
        error = null;
        return true;
    }

    public JsonNode? Evaluate(string expression, IEnumerable<KeyValuePair<string, JsonNode?>> scope)
    {
        var (engine, value) = Run(expression, scope);
        return ToJson(engine, value, expression);
    }

    public bool EvaluateCondition(string expression, IEnumerable<KeyValuePair<string, JsonNode?>> scope)
    {
        var (_, value) = Run(expression, scope);
        return TypeConverter.ToBoolean(value);
    }

    /// <summary>Evaluates to an array (for <c>each</c>); null or undefined is an empty list.</summary>
    public IReadOnlyList<JsonNode?> EvaluateArray(string expression, IEnumerable<KeyValuePair<string, JsonNode?>> scope)
    {
        var node = Evaluate(expression, scope);
        return node switch
        {
            null => [],
            JsonArray array => array.Select(n => n?.DeepClone()).ToList(),
            _ => throw new ExpressionException(expression, $"expected a list but got {node.GetValueKind().ToString().ToLowerInvariant()}"),
        };
    }

    /// <summary>Evaluates to a moment: a <c>yyyy-MM-dd</c> date (start of that day in the calendar's zone), an ISO time, or a JS Date.</summary>
    public DateTimeOffset EvaluateMoment(string expression, IEnumerable<KeyValuePair<string, JsonNode?>> scope, WorkingDayCalendar calendar)
    {
        var (_, value) = Run(expression, scope);
        if (value.IsDate()) return new DateTimeOffset(value.AsDate().ToDateTime().ToUniversalTime(), TimeSpan.Zero);
        if (value.IsString())
        {
            var text = value.AsString();
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return calendar.StartOf(date);
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
                return moment.ToUniversalTime();
            throw new ExpressionException(expression, $"'{text}' is not a date");
        }
        throw new ExpressionException(expression, value.IsUndefined() || value.IsNull() ? "has no value (is the field filled in?)" : "is not a date");
    }

    /// <summary>Fills <c>{{ expression }}</c> placeholders; the result is plain text (the host encodes it).</summary>
    public string Render(string template, IEnumerable<KeyValuePair<string, JsonNode?>> scope)
    {
        if (!template.Contains("{{", StringComparison.Ordinal)) return template;
        return Placeholder().Replace(template, m =>
        {
            var (_, value) = Run(m.Groups["expr"].Value, scope);
            return value.IsNull() || value.IsUndefined() ? "" : TypeConverter.ToString(value);
        });
    }

    private (Engine Engine, JsValue Value) Run(string expression, IEnumerable<KeyValuePair<string, JsonNode?>> scope)
    {
        Prepared<Acornima.Ast.Script> script;
        try
        {
            script = Prepare(expression);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ExpressionException(expression, "does not compile: " + ex.Message, ex);
        }

        var engine = new Engine(options =>
        {
            options.Strict = true;
            options.DisableStringCompilation();
            options.MaxStatements(_limits.MaxStatements);
            options.TimeoutInterval(_limits.Timeout);
            options.LimitRecursion(_limits.MaxRecursionDepth);
            options.LimitMemory(_limits.MaxMemoryBytes);
            options.Culture = CultureInfo.InvariantCulture;
        });
        try
        {
            var parser = new Jint.Native.Json.JsonParser(engine);
            foreach (var (name, node) in scope)
                engine.SetValue(name, node is null ? JsValue.Null : parser.Parse(node.ToJsonString()));
            return (engine, engine.Evaluate(script));
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionException(expression, "threw " + ex.Error, ex);
        }
        catch (StatementsCountOverflowException ex)
        {
            throw new ExpressionException(expression, $"ran more than {_limits.MaxStatements} statements", ex);
        }
        catch (TimeoutException ex)
        {
            throw new ExpressionException(expression, $"ran longer than {_limits.Timeout.TotalMilliseconds:0} ms", ex);
        }
        catch (RecursionDepthOverflowException ex)
        {
            throw new ExpressionException(expression, $"recursed deeper than {_limits.MaxRecursionDepth}", ex);
        }
        catch (MemoryLimitExceededException ex)
        {
            throw new ExpressionException(expression, $"used more than {_limits.MaxMemoryBytes / 1024 / 1024} MB", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not ExpressionException)
        {
            throw new ExpressionException(expression, ex.Message, ex);
        }
    }

    private static Prepared<Acornima.Ast.Script> Prepare(string expression) =>
        Prepared.GetOrAdd(expression, static e =>
        {
            if (string.IsNullOrWhiteSpace(e)) throw new FormatException("the expression is empty");
            // Parenthesised so that only an expression (not statements) is accepted.
            return Engine.PrepareScript("(" + e + "\n)", options: new ScriptPreparationOptions { ParsingOptions = new ScriptParsingOptions { Tolerant = false } });
        });

    private static JsonNode? ToJson(Engine engine, JsValue value, string expression)
    {
        if (value.IsUndefined() || value.IsNull()) return null;
        try
        {
            var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(value);
            return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ExpressionException(expression, "result is not plain data: " + ex.Message, ex);
        }
    }
}
