using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using Delegations.Workflows.Time;

namespace Delegations.Bench.Engine;

/// <summary>
/// The scenario design §8 keeps comparable with other engines: a definition whose only step is one approval;
/// start an instance, then complete its task.
/// </summary>
public static class OneApproval
{
    public const string Kind = "conference";

    public const string DefinitionJson = """
    {
      "id": "bench-one-approval",
      "version": 1,
      "name": { "vi": "Một bước duyệt (benchmark)", "en": "One approval (benchmark)" },
      "appliesTo": { "kind": "conference" },
      "start": "approve",
      "steps": [
        { "id": "approve", "type": "approval",
          "title": { "vi": "Trưởng đơn vị duyệt", "en": "Head of department review" },
          "assignee": { "role": "DepartmentHead", "scope": "submitter-department" },
          "on": { "approve": "completed", "reject": "rejected" } },
        { "id": "completed", "type": "end", "outcome": "completed", "title": { "vi": "Hoàn thành", "en": "Completed" } },
        { "id": "rejected", "type": "end", "outcome": "rejected", "title": { "vi": "Không phê duyệt", "en": "Rejected" } }
      ]
    }
    """;

    public static readonly Actor Submitter = new("u-submitter", "Nguyễn Thị Lan");
    public static readonly Actor Approver = new("u-head", "Trần Văn Bình");
}

/// <summary>The §8 pair in memory: the engine alone, no database, no host.</summary>
[Config(typeof(InMemoryConfig))]
public class EngineInMemory
{
    private WorkflowEngine _engine = null!;
    private WorkflowDefinition _definition = null!;
    private JsonObject _proposal = null!;

    [GlobalSetup]
    public void Setup()
    {
        _definition = new DefinitionLoader().Load(OneApproval.DefinitionJson);
        _engine = new WorkflowEngine(TimeProvider.System, WorkingDayCalendar.WeekendsOnly);
        // What the host passes as variables, kept small: the definition has no expression that reads it.
        _proposal = new JsonObject { ["kind"] = OneApproval.Kind, ["title"] = "Hội thảo khoa học quốc tế", ["startDate"] = "2026-05-04", ["endDate"] = "2026-05-05" };
    }

    [Benchmark(Description = "start + complete, in memory")]
    public WorkflowInstance StartThenCompleteInMemory()
    {
        var started = _engine.Start(_definition, new StartCommand
        {
            Actor = OneApproval.Submitter,
            Variables = new JsonObject { ["proposal"] = _proposal.DeepClone() },
        });
        var task = started.Instance.Tasks[0];
        var done = _engine.CompleteTask(_definition, started.Instance, new CompleteTaskCommand
        {
            Actor = OneApproval.Approver, TaskId = task.Id, Outcome = Outcomes.Approve, Comment = "Đồng ý.",
        });
        if (done.Instance.Status != InstanceStatus.Completed) throw new InvalidOperationException("The instance did not complete.");
        return done.Instance;
    }
}
