using System.Text.Json.Nodes;

namespace Delegations.Workflows.Definitions;

/// <summary>
/// Checks a definition as a graph: duplicate and unknown step ids, steps that cannot be reached from the start,
/// steps with no path to an end, and parallels whose branches do not all reach their join.
/// </summary>
public static class DefinitionGraph
{
    /// <summary>A step's outgoing references with the JSON path each is written at.</summary>
    public static IEnumerable<(string Target, string Path)> References(StepDefinition step) => step switch
    {
        ApprovalStep a => new (string?, string)[] { (a.OnApprove, ".on.approve"), (a.OnReject, ".on.reject"), (a.OnChanges, ".on.changes") }
            .Where(r => r.Item1 is not null).Select(r => (r.Item1!, step.Path + r.Item2)),
        TaskStep t => [(t.Next, step.Path + ".next")],
        DecisionStep d => d.Cases.Select((c, i) => (c.Next, $"{step.Path}.cases[{i}].next")).Append((d.Otherwise, step.Path + ".otherwise")),
        ParallelStep p => p.Branches.Select((b, i) => (b, $"{step.Path}.branches[{i}]")).Append((p.Join, step.Path + ".join")),
        EachStep e => e.OnReject is null ? [(e.Next, step.Path + ".next")] : [(e.Next, step.Path + ".next"), (e.OnReject, step.Path + ".on.reject")],
        WaitStep w => [(w.Next, step.Path + ".next")],
        NotifyStep n => [(n.Next, step.Path + ".next")],
        _ => [],
    };

    /// <summary>Where control can go from a step; a parallel also leads to its join.</summary>
    public static IEnumerable<string> Edges(StepDefinition step) =>
        step is ParallelStep p ? p.Branches.Append(p.Join) : step.Successors;

    public static IReadOnlyList<DefinitionError> Check(WorkflowDefinition definition, JsonObject root)
    {
        var errors = new List<DefinitionError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            if (!seen.Add(step.Id))
                errors.Add(new(step.Id, step.Path + ".id", "duplicate-id", $"Step id '{step.Id}' is used by more than one step."));
        }

        if (!definition.TryGetStep(definition.Start, out _))
            errors.Add(new(null, "$.start", "unknown-step", $"The start step '{definition.Start}' does not exist."));

        foreach (var step in definition.Steps)
        foreach (var (target, path) in References(step))
        {
            if (!definition.TryGetStep(target, out _))
                errors.Add(new(step.Id, path, "unknown-step", $"There is no step '{target}'."));
            else if (target == step.Id && step is not ApprovalStep)
                errors.Add(new(step.Id, path, "self-loop", $"Step '{step.Id}' leads to itself."));
        }
        if (errors.Count > 0) return errors; // the checks below need every reference to resolve

        if (!definition.Steps.Any(s => s is EndStep))
            errors.Add(new(null, "$.steps", "no-end", "The workflow has no 'end' step."));

        var reachable = Reach(definition, [definition.Start], Edges);
        foreach (var step in definition.Steps.Where(s => !reachable.Contains(s.Id)))
            errors.Add(new(step.Id, step.Path, "unreachable", $"Step '{step.Id}' cannot be reached from the start '{definition.Start}'."));

        var predecessors = definition.Steps
            .SelectMany(s => Edges(s).Select(t => (From: s.Id, To: t)))
            .ToLookup(e => e.To, e => e.From);
        var reachesEnd = Reach(definition, definition.Steps.OfType<EndStep>().Select(e => e.Id), s => predecessors[s.Id]);
        foreach (var step in definition.Steps.Where(s => reachable.Contains(s.Id) && !reachesEnd.Contains(s.Id)))
            errors.Add(new(step.Id, step.Path, "no-end", $"From step '{step.Id}' there is no path to an 'end' step."));

        foreach (var parallel in definition.Steps.OfType<ParallelStep>())
        {
            if (parallel.Branches.Contains(parallel.Join))
            {
                errors.Add(new(parallel.Id, parallel.Path + ".join", "parallel-join", $"The join '{parallel.Join}' cannot also be a branch."));
                continue;
            }
            for (var i = 0; i < parallel.Branches.Count; i++)
            {
                var branch = parallel.Branches[i];
                // Walk the branch without passing through its join: the join must be among the places it leads to.
                var walked = Reach(definition, [branch], s => s.Id == parallel.Join || s.Id == parallel.Id ? [] : Edges(s));
                if (!walked.Contains(parallel.Join))
                    errors.Add(new(parallel.Id, $"{parallel.Path}.branches[{i}]", "parallel-join",
                        $"Branch '{branch}' never reaches the join '{parallel.Join}'."));
            }
        }
        return errors;
    }

    /// <summary>The steps inside a parallel: reachable from its branches without passing its join.</summary>
    public static IReadOnlySet<string> Inside(WorkflowDefinition definition, ParallelStep parallel) =>
        Reach(definition, parallel.Branches, s => s.Id == parallel.Join || s.Id == parallel.Id ? [] : Edges(s));

    private static HashSet<string> Reach(WorkflowDefinition definition, IEnumerable<string> from, Func<StepDefinition, IEnumerable<string>> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(from);
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id) || !definition.TryGetStep(id, out var step)) continue;
            foreach (var n in next(step)) queue.Enqueue(n);
        }
        return seen;
    }
}
