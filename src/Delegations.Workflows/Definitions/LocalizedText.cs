namespace Delegations.Workflows.Definitions;

/// <summary>Text in Vietnamese (the default) and English, as written in a definition.</summary>
public sealed record LocalizedText(string Vi, string En)
{
    public string For(string? language) =>
        language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Vi;

    public override string ToString() => Vi;
}
