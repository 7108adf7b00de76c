using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;

namespace Delegations.Workflows.Runtime;

/// <summary>Checks a task's <c>data</c> against the form its step declares; errors name the field (<c>data.visaStatus</c>).</summary>
public static class FormValidation
{
    public static void Check(IReadOnlyList<FormField> form, JsonObject? data)
    {
        foreach (var field in form)
        {
            var path = "data." + field.Name;
            var node = data?[field.Name];
            var empty = node is null || (node.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(node.GetValue<string>()));
            if (empty)
            {
                if (field.Required)
                    throw new WorkflowCommandException(WorkflowErrorKind.Invalid, $"'{field.Name}' is required.", path);
                continue;
            }
            var kind = node!.GetValueKind();
            var ok = field.FieldType switch
            {
                "number" => kind == JsonValueKind.Number,
                "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
                "date" => kind == JsonValueKind.String && DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "select" => kind == JsonValueKind.String && field.Options.Contains(node.GetValue<string>()),
                _ => kind == JsonValueKind.String,
            };
            if (!ok)
            {
                var expected = field.FieldType switch
                {
                    "number" => "a number",
                    "boolean" => "true or false",
                    "date" => "a date (yyyy-MM-dd)",
                    "select" => "one of " + string.Join(", ", field.Options.Select(o => $"'{o}'")),
                    _ => "text",
                };
                throw new WorkflowCommandException(WorkflowErrorKind.Invalid, $"'{field.Name}' must be {expected}.", path);
            }
        }
    }
}
