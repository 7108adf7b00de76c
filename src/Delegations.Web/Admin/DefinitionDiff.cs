using System.Text.Json.Nodes;

namespace Delegations.Web.Admin;

/// <summary>One difference between two definition versions, by JSON path.</summary>
public sealed record DefinitionChange(string Kind, string? StepId, string Path, JsonNode? Before, JsonNode? After);

/// <summary>
/// What changed between two versions of a definition, in the admin's terms: steps added, removed or changed (and
/// which of their properties), and top-level changes — not a line diff of the JSON text.
/// </summary>
public static class DefinitionDiff
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Changed = "changed";

    public static IReadOnlyList<DefinitionChange> Compare(string beforeJson, string afterJson)
    {
        var before = JsonNode.Parse(beforeJson)!.AsObject();
        var after = JsonNode.Parse(afterJson)!.AsObject();
        var changes = new List<DefinitionChange>();

        foreach (var key in before.Select(kv => kv.Key).Union(after.Select(kv => kv.Key)).Where(k => k is not "steps" and not "version" and not "$schema"))
            Values(changes, null, "$." + key, before[key], after[key]);

        var beforeSteps = Steps(before);
        var afterSteps = Steps(after);
        foreach (var (id, step) in afterSteps.Where(s => !beforeSteps.ContainsKey(s.Key)))
            changes.Add(new DefinitionChange(Added, id, $"$.steps[{id}]", null, step.DeepClone()));
        foreach (var (id, step) in beforeSteps.Where(s => !afterSteps.ContainsKey(s.Key)))
            changes.Add(new DefinitionChange(Removed, id, $"$.steps[{id}]", step.DeepClone(), null));
        foreach (var (id, a) in afterSteps.Where(s => beforeSteps.ContainsKey(s.Key)))
        {
            var b = beforeSteps[id];
            foreach (var key in b.Select(kv => kv.Key).Union(a.Select(kv => kv.Key)))
                Values(changes, id, $"$.steps[{id}].{key}", b[key], a[key]);
        }
        return changes;
    }

    private static Dictionary<string, JsonObject> Steps(JsonObject definition) =>
        (definition["steps"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(s => s["id"] is JsonValue)
            .GroupBy(s => s["id"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.First());

    private static void Values(List<DefinitionChange> changes, string? stepId, string path, JsonNode? before, JsonNode? after)
    {
        if (JsonNode.DeepEquals(before, after)) return;
        var kind = before is null ? Added : after is null ? Removed : Changed;
        changes.Add(new DefinitionChange(kind, stepId, path, before?.DeepClone(), after?.DeepClone()));
    }
}
