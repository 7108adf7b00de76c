using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Expressions;
using Delegations.Workflows.Time;

namespace Delegations.Workflows.Runtime;

/// <summary>One step the simulated run passed through, with why (the decision case chosen, the outcome given).</summary>
public sealed record SimulatedStep(string StepId, string Type, LocalizedText Title, string? Outcome, DateTimeOffset At);

public sealed record SimulationResult(
    IReadOnlyList<SimulatedStep> Path,
    InstanceStatus Status,
    string? Outcome,
    Incident? Incident,
    IReadOnlyList<string> Notes);

/// <summary>
/// "Try it": runs a definition against sample data with no side effects. Every human task is answered with the
/// outcome given for its step (default approve / done, required form fields filled with plausible values) and
/// waits are passed by moving a private clock to their due time.
/// </summary>
public static class WorkflowSimulator
{
    public const int MaxRounds = 200;

    public static SimulationResult Run(WorkflowDefinition definition, JsonObject variables, DateTimeOffset start,
        IReadOnlyDictionary<string, string>? outcomes = null, WorkingDayCalendar? calendar = null)
    {
        var clock = new SimulationClock(start);
        var engine = new WorkflowEngine(clock, calendar, new ExpressionEvaluator());
        var actor = new Actor("simulation", "Simulation");
        var notes = new List<string>();
        var path = new List<SimulatedStep>();
        var journal = new List<JournalEntry>();

        var result = engine.Start(definition, new StartCommand { Actor = actor, Variables = (JsonObject)variables.DeepClone() });
        journal.AddRange(result.Journal);
        var instance = result.Instance;
        for (var round = 0; round < MaxRounds && !instance.IsFinished && instance.Status != InstanceStatus.Faulted; round++)
        {
            var open = instance.OpenTasks.ToList();
            if (open.Count > 0)
            {
                foreach (var task in open)
                {
                    if (instance.FindTask(task.Id) is not { Status: HumanTaskStatus.Open }) continue;
                    var step = definition.Step(task.StepId);
                    var work = WorkflowEngine.WorkOf(step);
                    var outcome = outcomes?.GetValueOrDefault(step.Id) ?? (task.Kind == StepTypes.Approval ? Outcomes.Approve : Outcomes.Done);
                    if (!work.Outcomes.Contains(outcome))
                    {
                        notes.Add($"'{outcome}' is not an outcome of step '{step.Id}'; used '{work.Outcomes[0]}'.");
                        outcome = work.Outcomes[0];
                    }
                    var run = engine.CompleteTask(definition, instance, new CompleteTaskCommand
                    {
                        Actor = actor,
                        TaskId = task.Id,
                        Outcome = outcome,
                        Comment = Outcomes.NeedsComment(outcome) ? "Simulation" : null,
                        Data = outcome is Outcomes.Approve or Outcomes.Done ? SampleData(work.Form) : null,
                    });
                    journal.AddRange(run.Journal);
                    instance = run.Instance;
                    if (outcome == Outcomes.Changes)
                    {
                        notes.Add($"Step '{step.Id}' asked for changes; the simulation resubmits once and approves the second time.");
                        var resubmitted = engine.Resubmit(definition, instance, new ResubmitCommand { Actor = actor });
                        journal.AddRange(resubmitted.Journal);
                        instance = resubmitted.Instance;
                        outcomes = new Dictionary<string, string>(outcomes ?? new Dictionary<string, string>()) { [step.Id] = Outcomes.Approve };
                    }
                    if (instance.IsFinished || instance.Status == InstanceStatus.Faulted) break;
                }
                continue;
            }
            if (instance.Timers.Count > 0)
            {
                clock.Now = instance.Timers.Min(t => t.DueAt);
                var fired = engine.FireDueTimers(definition, instance, actor);
                journal.AddRange(fired.Journal);
                instance = fired.Instance;
                continue;
            }
            if (instance.Tokens.Any(t => t.State == TokenState.WaitingSignal))
            {
                var waiting = instance.Tokens.First(t => t.State == TokenState.WaitingSignal);
                var signal = ((WaitStep)definition.Step(waiting.StepId)).Signal!;
                notes.Add($"Step '{waiting.StepId}' waits for the signal '{signal}'; the simulation sends it.");
                var signalled = engine.Signal(definition, instance, new SignalCommand { Actor = actor, Signal = signal });
                journal.AddRange(signalled.Journal);
                instance = signalled.Instance;
                continue;
            }
            break;
        }
        if (!instance.IsFinished && instance.Status != InstanceStatus.Faulted)
            notes.Add($"Stopped after {MaxRounds} rounds without reaching an end.");

        foreach (var entry in journal)
        {
            if (entry.Kind is JournalKinds.Started or JournalKinds.Resubmitted && entry.ToStep is { } first)
            {
                if (entry.Kind == JournalKinds.Resubmitted && path.Count > 0 && path[^1].StepId == entry.FromStep && path[^1].Outcome is null)
                    path[^1] = path[^1] with { Outcome = Outcomes.Changes };
                path.Add(Step(definition, first, entry.At));
            }
            else if (entry.Kind == JournalKinds.Transition && entry.ToStep is { } to)
            {
                if (path.Count > 0 && path[^1].StepId == entry.FromStep && path[^1].Outcome is null)
                    path[^1] = path[^1] with { Outcome = entry.Outcome };
                path.Add(Step(definition, to, entry.At));
            }
            else if (entry.Kind == JournalKinds.Finished && path.Count > 0 && path[^1].Outcome is null)
                path[^1] = path[^1] with { Outcome = entry.Outcome };
        }
        return new SimulationResult(path, instance.Status, instance.Outcome, instance.Incident, notes);
    }

    private static SimulatedStep Step(WorkflowDefinition definition, string id, DateTimeOffset at)
    {
        var step = definition.Step(id);
        return new SimulatedStep(step.Id, step.Type, step.DisplayTitle, null, at);
    }

    /// <summary>Plausible values for the required fields of a form.</summary>
    public static JsonObject SampleData(IReadOnlyList<FormField> form)
    {
        var data = new JsonObject();
        foreach (var field in form.Where(f => f.Required))
        {
            data[field.Name] = field.FieldType switch
            {
                "boolean" => true,
                "number" => 0,
                "date" => "2000-01-01",
                "select" => field.Options.FirstOrDefault(o => o is "granted" or "approved") ?? field.Options[0],
                _ => "Simulation",
            };
        }
        return data;
    }

    private sealed class SimulationClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
