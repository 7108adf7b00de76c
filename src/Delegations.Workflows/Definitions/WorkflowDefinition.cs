using System.Text.Json.Nodes;
using Delegations.Workflows.Time;

namespace Delegations.Workflows.Definitions;

/// <summary>
/// A parsed, validated, immutable workflow definition version. Built only by <see cref="DefinitionLoader"/>,
/// so holding one means it passed the schema and the graph validator.
/// </summary>
public sealed class WorkflowDefinition
{
    private readonly Dictionary<string, StepDefinition> _steps;

    internal WorkflowDefinition(string id, int version, LocalizedText name, IReadOnlyDictionary<string, string> appliesTo,
        string start, IReadOnlyList<StepDefinition> steps, string json)
    {
        Id = id;
        Version = version;
        Name = name;
        AppliesTo = appliesTo;
        Start = start;
        Steps = steps;
        Json = json;
        _steps = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
        foreach (var step in steps) _steps.TryAdd(step.Id, step); // duplicates are reported by the graph check
    }

    public string Id { get; }
    public int Version { get; }
    public LocalizedText Name { get; }
    /// <summary>Which records the host should start this definition for, e.g. <c>kind = outbound</c>.</summary>
    public IReadOnlyDictionary<string, string> AppliesTo { get; }
    public string Start { get; }
    public IReadOnlyList<StepDefinition> Steps { get; }
    /// <summary>The JSON text the definition was loaded from (what an export writes back).</summary>
    public string Json { get; }

    public StepDefinition Step(string id) =>
        _steps.TryGetValue(id, out var step) ? step : throw new KeyNotFoundException($"Step '{id}' is not in {Id} v{Version}.");

    public bool TryGetStep(string id, out StepDefinition step) => _steps.TryGetValue(id, out step!);

    public bool AppliesToRecord(IReadOnlyDictionary<string, string> attributes) =>
        AppliesTo.All(kv => attributes.TryGetValue(kv.Key, out var value) && string.Equals(value, kv.Value, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{Id} v{Version}";
}

public static class StepTypes
{
    public const string Approval = "approval";
    public const string Task = "task";
    public const string Decision = "decision";
    public const string Parallel = "parallel";
    public const string Each = "each";
    public const string Wait = "wait";
    public const string Notify = "notify";
    public const string End = "end";

    public static readonly IReadOnlyList<string> All = [Approval, Task, Decision, Parallel, Each, Wait, Notify, End];
}

/// <summary>The phase of the host's record while a step is active; the host maps it to its own status.</summary>
public static class Stages
{
    public const string Review = "review";
    public const string Preparation = "preparation";
    public const string Travel = "travel";
    public const string Report = "report";

    public static readonly IReadOnlyList<string> All = [Review, Preparation, Travel, Report];
}

public abstract record StepDefinition
{
    public required string Id { get; init; }
    public required int Index { get; init; }
    public LocalizedText? Title { get; init; }
    /// <summary>Explicit stage, or the default for the step type.</summary>
    public required string Stage { get; init; }
    public abstract string Type { get; }

    /// <summary>JSON path of this step in its definition, for error messages.</summary>
    public string Path => $"$.steps[{Index}]";

    /// <summary>Every step id this step can lead to (for the graph validator and the diagram).</summary>
    public abstract IEnumerable<string> Successors { get; }

    public LocalizedText DisplayTitle => Title ?? new LocalizedText(Id, Id);
}

/// <summary>Who a human task is for: a role within a scope, or a named user.</summary>
public sealed record AssigneeSpec(string? Role, string Scope, string? User)
{
    public const string ScopeSubmitterDepartment = "submitter-department";
    public const string ScopeAny = "any";
    public const string DepartmentScopePrefix = "department:";

    public static AssigneeSpec ForRole(string role, string scope = ScopeAny) => new(role, scope, null);

    public override string ToString() => User is not null ? $"user:{User}" : $"{Role}@{Scope}";
}

public sealed record FormField(string Name, string FieldType, bool Required, IReadOnlyList<string> Options, LocalizedText? Label)
{
    public static readonly IReadOnlyList<string> Types = ["text", "date", "number", "boolean", "select"];
}

/// <summary>How many of an approval's assignees must approve: any one, all, or N of them.</summary>
public sealed record Quorum(string Mode, int Count)
{
    public static readonly Quorum Any = new("any", 1);
    public static Quorum All => new("all", 0);
    public static Quorum OfN(int n) => new("count", n);

    public int Required(int groupSize) => Mode switch { "all" => groupSize, "any" => 1, _ => Count };

    public override string ToString() => Mode == "count" ? Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : Mode;
}

public sealed record EscalationSpec(Duration After, AssigneeSpec To);

/// <summary>The human work of an approval, a task, or each item of an <c>each</c> step.</summary>
public sealed record HumanWork
{
    public required string Kind { get; init; }                 // approval | task
    public required LocalizedText Title { get; init; }          // may hold {{ expression }} placeholders
    public required IReadOnlyList<AssigneeSpec> Assignees { get; init; }
    public required Quorum Quorum { get; init; }
    public DueSpec? Due { get; init; }
    public required IReadOnlyList<ReminderSpec> Reminders { get; init; }
    public EscalationSpec? Escalation { get; init; }
    public required IReadOnlyList<FormField> Form { get; init; }
    /// <summary>A free label the host uses to recognise special tasks (visa, budget, post-trip-report).</summary>
    public string? TaskKind { get; init; }

    public IReadOnlyList<string> Outcomes => Kind == StepTypes.Approval ? Runtime.Outcomes.ApprovalOutcomes : Runtime.Outcomes.TaskOutcomes;
}

public sealed record ApprovalStep : StepDefinition
{
    public override string Type => StepTypes.Approval;
    public required HumanWork Work { get; init; }
    public required string OnApprove { get; init; }
    /// <summary>Where a rejection goes; null ends the instance as rejected.</summary>
    public string? OnReject { get; init; }
    /// <summary>Where to resume after the submitter resubmits; null resumes at this step.</summary>
    public string? OnChanges { get; init; }

    public override IEnumerable<string> Successors =>
        new[] { OnApprove, OnReject, OnChanges }.Where(s => s is not null)!;
}

public sealed record TaskStep : StepDefinition
{
    public override string Type => StepTypes.Task;
    public required HumanWork Work { get; init; }
    public required string Next { get; init; }
    public override IEnumerable<string> Successors => [Next];
}

public sealed record DecisionCase(string When, string Next);

public sealed record DecisionStep : StepDefinition
{
    public override string Type => StepTypes.Decision;
    public required IReadOnlyList<DecisionCase> Cases { get; init; }
    public required string Otherwise { get; init; }
    public override IEnumerable<string> Successors => Cases.Select(c => c.Next).Append(Otherwise);
}

public sealed record ParallelStep : StepDefinition
{
    public override string Type => StepTypes.Parallel;
    public required IReadOnlyList<string> Branches { get; init; }
    public required string Join { get; init; }
    public override IEnumerable<string> Successors => Branches;
}

public sealed record EachStep : StepDefinition
{
    public override string Type => StepTypes.Each;
    /// <summary>Expression giving the array of items, e.g. <c>proposal.members</c>.</summary>
    public required string Items { get; init; }
    public required HumanWork Work { get; init; }
    public required string Next { get; init; }
    /// <summary>For approvals per item: where a rejection of any item goes; null ends as rejected.</summary>
    public string? OnReject { get; init; }
    public override IEnumerable<string> Successors => OnReject is null ? [Next] : [Next, OnReject];
}

public sealed record WaitStep : StepDefinition
{
    public override string Type => StepTypes.Wait;
    public DueSpec? Until { get; init; }
    public string? Signal { get; init; }
    public required string Next { get; init; }
    public override IEnumerable<string> Successors => [Next];
}

public sealed record NotifyStep : StepDefinition
{
    public override string Type => StepTypes.Notify;
    public required string Template { get; init; }
    public required IReadOnlyList<AssigneeSpec> To { get; init; }
    public required string Next { get; init; }
    public override IEnumerable<string> Successors => [Next];
}

public sealed record EndStep : StepDefinition
{
    public const string Completed = "completed";
    public const string Rejected = "rejected";
    public const string Cancelled = "cancelled";
    public static readonly IReadOnlyList<string> Outcomes = [Completed, Rejected, Cancelled];

    public override string Type => StepTypes.End;
    public required string Outcome { get; init; }
    public override IEnumerable<string> Successors => [];
}
