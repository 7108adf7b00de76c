using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Delegations.Workflows.Definitions;

public sealed record DefinitionValidationResult(WorkflowDefinition? Definition, IReadOnlyList<DefinitionError> Errors)
{
    public bool IsValid => Definition is not null && Errors.Count == 0;
}

/// <summary>
/// Loads a definition from JSON: first against <c>workflows/schema.json</c>, then the reader checks each step's
/// fields (durations, reminders, expressions, roles, titles), then <see cref="DefinitionGraph"/> checks the graph.
/// A definition with any error is never returned as loaded.
/// </summary>
public sealed partial class DefinitionLoader(IEnumerable<string>? knownRoles = null)
{
    /// <summary>The roles of the delegation application; a host may pass its own list.</summary>
    public static readonly IReadOnlyList<string> DefaultRoles =
        ["Submitter", "DepartmentHead", "InternationalOffice", "Finance", "Leadership", "VisaOfficer", "SecurityLiaison", "Admin"];

    private readonly HashSet<string> _roles = (knownRoles ?? DefaultRoles).ToHashSet(StringComparer.Ordinal);

    /// <summary>The JSON Schema the definitions are written against (embedded copy of <c>workflows/schema.json</c>).</summary>
    public static string SchemaJson { get; } = ReadSchema();

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(SchemaJson!).GetAwaiter().GetResult());

    public WorkflowDefinition Load(string json)
    {
        var result = Validate(json);
        return result.IsValid ? result.Definition! : throw new InvalidDefinitionException(result.Errors);
    }

    /// <summary>Loads and overrides the version the file states (publishing assigns versions).</summary>
    public WorkflowDefinition Load(string json, int version) => Load(WithVersion(json, version));

    public DefinitionValidationResult Validate(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                   ?? throw new JsonException("The definition must be a JSON object.");
        }
        catch (JsonException ex)
        {
            return new(null, [new DefinitionError(null, "$", "json", "Not valid JSON: " + ex.Message)]);
        }

        var schemaErrors = new List<DefinitionError>();
        foreach (var error in Schema.Value.Validate(json))
            Flatten(error, root, schemaErrors);
        if (schemaErrors.Count > 0) return new(null, schemaErrors);

        var reader = new DefinitionReader(root, _roles, json);
        var definition = reader.Read();
        var errors = reader.Errors;
        if (errors.Count == 0) errors.AddRange(DefinitionGraph.Check(definition, root));
        return errors.Count == 0 ? new(definition, []) : new(null, errors);
    }

    /// <summary>Returns the JSON with its <c>version</c> set to <paramref name="version"/>, formatting kept readable.</summary>
    public static string WithVersion(string json, int version)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var copy = new JsonObject();
        foreach (var (key, value) in root)
            copy[key] = key == "version" ? version : value?.DeepClone();
        if (!copy.ContainsKey("version")) copy["version"] = version;
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    [GeneratedRegex(@"^\$\.steps\[(?<i>\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex StepPath();

    internal static string? StepIdAt(JsonObject root, string path)
    {
        var m = StepPath().Match(path);
        if (!m.Success || root["steps"] is not JsonArray steps) return null;
        var i = int.Parse(m.Groups["i"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return i < steps.Count && steps[i] is JsonObject step && step["id"] is JsonValue id && id.TryGetValue<string>(out var s) ? s : null;
    }

    private static void Flatten(ValidationError error, JsonObject root, List<DefinitionError> into)
    {
        if (error is ChildSchemaValidationError child && error.Kind is ValidationErrorKind.ArrayItemNotValid or ValidationErrorKind.AdditionalItemNotValid or ValidationErrorKind.AdditionalPropertiesNotValid)
        {
            foreach (var e in child.Errors.Values.SelectMany(v => v))
                Flatten(e, root, into);
            return;
        }
        var path = ToJsonPath(error.Path);
        into.Add(new DefinitionError(StepIdAt(root, path), path, "schema", Describe(error)));
    }

    private static string ToJsonPath(string? schemaPath) =>
        string.IsNullOrEmpty(schemaPath) || schemaPath == "#" ? "$" : "$." + schemaPath.TrimStart('#', '/');

    private static string Describe(ValidationError e)
    {
        var name = e.Property is { Length: > 0 } p && !p.StartsWith('[') ? $"'{p}'" : "this value";
        return e.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"{name} is required.",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"{name} is not a known property here.",
            ValidationErrorKind.NotInEnumeration => $"{name} must be one of: {string.Join(", ", e.Schema?.Enumeration.Select(x => $"'{x}'") ?? [])}.",
            ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf => $"{name} is not valid: {e.Schema?.Description ?? "see the schema"}",
            ValidationErrorKind.PatternMismatch => $"{name} does not have the expected form{(e.Schema?.Description is { } d ? ": " + d : $" ({e.Schema?.Pattern})")}.",
            ValidationErrorKind.StringExpected => $"{name} must be text.",
            ValidationErrorKind.IntegerExpected => $"{name} must be a whole number.",
            ValidationErrorKind.NumberExpected => $"{name} must be a number.",
            ValidationErrorKind.BooleanExpected => $"{name} must be true or false.",
            ValidationErrorKind.ArrayExpected => $"{name} must be a list.",
            ValidationErrorKind.ObjectExpected => $"{name} must be an object.",
            ValidationErrorKind.TooFewItems => $"{name} needs at least {e.Schema?.MinItems} item(s).",
            ValidationErrorKind.StringTooShort => $"{name} must not be empty.",
            ValidationErrorKind.NumberTooSmall => $"{name} is too small (minimum {e.Schema?.Minimum}).",
            _ => $"{name}: {e.Kind}.",
        };
    }

    private static string ReadSchema()
    {
        using var stream = typeof(DefinitionLoader).Assembly.GetManifestResourceStream("Delegations.Workflows.schema.json")
                           ?? throw new InvalidOperationException("The workflow schema is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
