namespace Delegations.Workflows.Definitions;

/// <summary>
/// One thing wrong with a definition. <see cref="Path"/> is a JSON path into the definition file
/// (<c>$.steps[2].due</c>); <see cref="StepId"/> names the step when the error is inside one.
/// </summary>
public sealed record DefinitionError(string? StepId, string Path, string Code, string Message)
{
    public override string ToString() => StepId is null ? $"{Path}: {Message}" : $"{Path} (step '{StepId}'): {Message}";
}

/// <summary>Thrown when a definition with errors is asked to load.</summary>
public sealed class InvalidDefinitionException(IReadOnlyList<DefinitionError> errors)
    : Exception("The workflow definition is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;
}
