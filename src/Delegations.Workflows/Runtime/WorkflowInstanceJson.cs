using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delegations.Workflows.Runtime;

/// <summary>How an instance is stored by a host: compact camelCase JSON.</summary>
public static class WorkflowInstanceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(WorkflowInstance instance) => JsonSerializer.Serialize(instance, Options);

    public static WorkflowInstance Deserialize(string json) =>
        JsonSerializer.Deserialize<WorkflowInstance>(json, Options) ?? throw new JsonException("Empty workflow instance.");
}
