using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using Delegations.Workflows.Time;
using Microsoft.Extensions.Time.Testing;

namespace Delegations.Workflows.Tests;

/// <summary>Drives one instance through the engine with a fake clock, keeping every journal entry and effect.</summary>
internal sealed class Harness
{
    public static readonly Actor Submitter = new("u-submitter", "Nguyễn Thị Lan");
    public static readonly Actor Head = new("u-head", "Trần Văn Bình");
    public static readonly Actor Intl = new("u-intl", "Lê Thu Hà");
    public static readonly Actor Leader = new("u-leader", "Phạm Quốc Hưng");
    public static readonly Actor Finance = new("u-finance", "Đỗ Minh Châu");
    public static readonly Actor Visa = new("u-visa", "Vũ Thanh Tâm");

    public Harness(WorkflowDefinition definition, DateTimeOffset now, WorkingDayCalendar? calendar = null)
    {
        Definition = definition;
        Clock = new FakeTimeProvider(now);
        Engine = new WorkflowEngine(Clock, calendar ?? Fixtures.Calendar);
    }

    public FakeTimeProvider Clock { get; }
    public WorkflowEngine Engine { get; }
    public WorkflowDefinition Definition { get; private set; }
    public WorkflowInstance Instance { get; private set; } = null!;
    public List<JournalEntry> Journal { get; } = [];
    public List<WorkflowEffect> Effects { get; } = [];

    public CommandResult Start(JsonObject proposal, Actor? actor = null) =>
        Apply(Engine.Start(Definition, new StartCommand { Actor = actor ?? Submitter, Variables = new JsonObject { ["proposal"] = proposal.DeepClone() } }));

    public CommandResult Apply(CommandResult result)
    {
        Instance = result.Instance;
        Journal.AddRange(result.Journal);
        Effects.AddRange(result.Effects);
        return result;
    }

    public IReadOnlyList<HumanTask> Open(string stepId) => Instance.OpenTasks.Where(t => t.StepId == stepId).ToList();

    public IReadOnlyList<string> ActiveSteps => Instance.Tokens.Select(t => t.StepId).Distinct().Order().ToList();

    public HumanTask Task(string stepId) => Assert.Single(Open(stepId));

    public CommandResult Complete(string stepId, string outcome, Actor actor, string? comment = null, JsonObject? data = null, string? key = null) =>
        Complete(Task(stepId), outcome, actor, comment, data, key);

    public CommandResult Complete(HumanTask task, string outcome, Actor actor, string? comment = null, JsonObject? data = null, string? key = null) =>
        Apply(Engine.CompleteTask(Definition, Instance, new CompleteTaskCommand
        {
            Actor = actor, TaskId = task.Id, Outcome = outcome, Comment = comment, Data = data, IdempotencyKey = key,
        }));

    public CommandResult Resubmit(JsonObject? proposal = null) =>
        Apply(Engine.Resubmit(Definition, Instance, new ResubmitCommand
        {
            Actor = Submitter, Variables = proposal is null ? null : new JsonObject { ["proposal"] = proposal.DeepClone() },
        }));

    public CommandResult AdvanceTo(DateTimeOffset moment)
    {
        Clock.SetUtcNow(moment);
        return Apply(Engine.FireDueTimers(Definition, Instance, Actor.System));
    }

    public void UseDefinition(WorkflowDefinition definition) => Definition = definition;

    /// <summary>Approves through department head and international office.</summary>
    public void ApproveInitialReview()
    {
        Complete("department-head", Outcomes.Approve, Head, "Đồng ý.");
        Complete("international-office", Outcomes.Approve, Intl, "Phù hợp kế hoạch hợp tác.");
    }

    public void CompleteVisas(string status = "granted")
    {
        foreach (var task in Open("visas"))
            Complete(task, Outcomes.Done, Visa, data: new JsonObject { ["passportType"] = "official", ["visaStatus"] = status });
    }
}
