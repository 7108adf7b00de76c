using System.Text.Json.Nodes;
using Delegations.Workflows.Expressions;
using Delegations.Workflows.Time;

namespace Delegations.Workflows.Definitions;

/// <summary>
/// Turns schema-valid JSON into the definition model, checking what a schema cannot: the fields each step type
/// needs and allows, durations, reminders, expressions that compile, roles that exist, titles in both languages.
/// </summary>
internal sealed class DefinitionReader(JsonObject root, IReadOnlySet<string> roles, string json)
{
    private static readonly Dictionary<string, string[]> AllowedByType = new()
    {
        [StepTypes.Approval] = ["assignee", "assignees", "quorum", "due", "remind", "escalate", "form", "on", "kind"],
        [StepTypes.Task] = ["assignee", "due", "remind", "escalate", "form", "next", "kind"],
        [StepTypes.Decision] = ["cases", "otherwise"],
        [StepTypes.Parallel] = ["branches", "join"],
        [StepTypes.Each] = ["items", "step", "next", "on"],
        [StepTypes.Wait] = ["until", "signal", "next"],
        [StepTypes.Notify] = ["template", "to", "next"],
        [StepTypes.End] = ["outcome"],
    };
    private static readonly HashSet<string> Common = ["id", "type", "title", "description", "stage"];

    public List<DefinitionError> Errors { get; } = [];

    public WorkflowDefinition Read()
    {
        var steps = new List<StepDefinition>();
        var array = root["steps"]!.AsArray();
        for (var i = 0; i < array.Count; i++)
        {
            if (ReadStep(array[i]!.AsObject(), i) is { } step) steps.Add(step);
        }
        var appliesTo = root["appliesTo"] is JsonObject a
            ? a.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal)
            : new Dictionary<string, string>();
        return new WorkflowDefinition(
            root["id"]!.GetValue<string>(),
            root["version"]!.GetValue<int>(),
            Text(root["name"])!,
            appliesTo,
            root["start"]!.GetValue<string>(),
            steps,
            json);
    }

    private StepDefinition? ReadStep(JsonObject s, int index)
    {
        var id = s["id"]!.GetValue<string>();
        var type = s["type"]!.GetValue<string>();
        var path = $"$.steps[{index}]";
        var errorsBefore = Errors.Count;

        foreach (var (key, _) in s)
        {
            if (!Common.Contains(key) && !AllowedByType[type].Contains(key))
                Error(id, $"{path}.{key}", "unexpected-property", $"'{key}' does not apply to a {type} step{Hint(type, key)}.");
        }

        var title = Text(s["title"]);
        var stage = Str(s, "stage") ?? DefaultStage(type, Str(s, "kind"));
        StepDefinition? step = null;
        switch (type)
        {
            case StepTypes.Approval:
            {
                if (title is null) Error(id, $"{path}.title", "title-missing", "An approval needs a title in Vietnamese and English.");
                var work = Work(s, id, path, StepTypes.Approval, title, allowGroup: true);
                var on = s["on"] as JsonObject;
                var approve = on is null ? null : Str(on, "approve");
                if (approve is null) Error(id, $"{path}.on.approve", "missing-property", "An approval needs 'on.approve': the step after approval.");
                if (work is not null && approve is not null)
                    step = new ApprovalStep { Id = id, Index = index, Title = title, Stage = stage, Work = work, OnApprove = approve, OnReject = Str(on!, "reject"), OnChanges = Str(on!, "changes") };
                break;
            }
            case StepTypes.Task:
            {
                if (title is null) Error(id, $"{path}.title", "title-missing", "A task needs a title in Vietnamese and English.");
                var work = Work(s, id, path, StepTypes.Task, title, allowGroup: false);
                var next = Required(s, id, path, "next", "the step after this task");
                if (work is not null && next is not null)
                    step = new TaskStep { Id = id, Index = index, Title = title, Stage = stage, Work = work, Next = next };
                break;
            }
            case StepTypes.Decision:
            {
                var cases = new List<DecisionCase>();
                if (s["cases"] is not JsonArray caseArray || caseArray.Count == 0)
                    Error(id, $"{path}.cases", "missing-property", "A decision needs at least one case ({ \"when\": …, \"next\": … }).");
                else
                    for (var c = 0; c < caseArray.Count; c++)
                    {
                        var when = caseArray[c]!["when"]!.GetValue<string>();
                        Expression(id, $"{path}.cases[{c}].when", when);
                        cases.Add(new DecisionCase(when, caseArray[c]!["next"]!.GetValue<string>()));
                    }
                var otherwise = Required(s, id, path, "otherwise", "the step when no case matches");
                if (otherwise is not null && cases.Count > 0)
                    step = new DecisionStep { Id = id, Index = index, Title = title, Stage = stage, Cases = cases, Otherwise = otherwise };
                break;
            }
            case StepTypes.Parallel:
            {
                var branches = s["branches"] is JsonArray b ? b.Select(x => x!.GetValue<string>()).ToList() : null;
                if (branches is null) Error(id, $"{path}.branches", "missing-property", "A parallel step needs 'branches': the steps that start side by side.");
                var join = Required(s, id, path, "join", "the step where the branches meet again");
                if (branches is not null && join is not null)
                    step = new ParallelStep { Id = id, Index = index, Title = title, Stage = stage, Branches = branches, Join = join };
                break;
            }
            case StepTypes.Each:
            {
                var items = Required(s, id, path, "items", "the expression giving the list, e.g. proposal.members");
                if (items is not null) Expression(id, $"{path}.items", items);
                HumanWork? work = null;
                if (s["step"] is not JsonObject inner)
                    Error(id, $"{path}.step", "missing-property", "An each step needs 'step': the task opened for every item.");
                else
                    work = Work(inner, id, $"{path}.step", inner["type"]!.GetValue<string>(), Text(inner["title"]), allowGroup: false);
                var next = Required(s, id, path, "next", "the step after every item is done");
                var onReject = s["on"] is JsonObject on ? Str(on, "reject") : null;
                if (s["on"] is JsonObject on2 && (on2.ContainsKey("approve") || on2.ContainsKey("changes")))
                    Error(id, $"{path}.on", "unexpected-property", "An each step only routes 'on.reject'; after every item it goes to 'next'.");
                if (items is not null && work is not null && next is not null)
                    step = new EachStep { Id = id, Index = index, Title = title, Stage = stage, Items = items, Work = work, Next = next, OnReject = onReject };
                break;
            }
            case StepTypes.Wait:
            {
                DueSpec? until = null;
                if (Str(s, "until") is { } u) until = Due(id, $"{path}.until", u);
                var signal = Str(s, "signal");
                if (!s.ContainsKey("until") && signal is null)
                    Error(id, path, "missing-property", "A wait step needs 'until' (a date expression) or 'signal' (a name), or both.");
                var next = Required(s, id, path, "next", "the step after the wait");
                if (next is not null && (until is not null || signal is not null))
                    step = new WaitStep { Id = id, Index = index, Title = title, Stage = stage, Until = until, Signal = signal, Next = next };
                break;
            }
            case StepTypes.Notify:
            {
                var template = Required(s, id, path, "template", "the mail template to send");
                var to = new List<AssigneeSpec>();
                if (s["to"] is not JsonArray toArray)
                    Error(id, $"{path}.to", "missing-property", "A notify step needs 'to': the roles or people to tell.");
                else
                    for (var t = 0; t < toArray.Count; t++)
                        if (Assignee(toArray[t]!.AsObject(), id, $"{path}.to[{t}]") is { } a) to.Add(a);
                var next = Required(s, id, path, "next", "the step after the notification");
                if (template is not null && next is not null && to.Count > 0)
                    step = new NotifyStep { Id = id, Index = index, Title = title, Stage = stage, Template = template, To = to, Next = next };
                break;
            }
            case StepTypes.End:
            {
                var outcome = Required(s, id, path, "outcome", "completed, rejected or cancelled");
                if (outcome is not null)
                    step = new EndStep { Id = id, Index = index, Title = title, Stage = stage, Outcome = outcome };
                break;
            }
        }
        return Errors.Count == errorsBefore ? step : null;
    }

    private HumanWork? Work(JsonObject s, string id, string path, string kind, LocalizedText? title, bool allowGroup)
    {
        var before = Errors.Count;
        var assignees = new List<AssigneeSpec>();
        if (s["assignees"] is JsonArray group)
        {
            if (!allowGroup) Error(id, $"{path}.assignees", "unexpected-property", "Only an approval step takes a group of 'assignees'; use 'assignee'.");
            if (s.ContainsKey("assignee")) Error(id, $"{path}.assignee", "unexpected-property", "Give either 'assignee' or 'assignees', not both.");
            for (var i = 0; i < group.Count; i++)
                if (Assignee(group[i]!.AsObject(), id, $"{path}.assignees[{i}]") is { } a) assignees.Add(a);
        }
        else if (s["assignee"] is JsonObject single)
        {
            if (Assignee(single, id, $"{path}.assignee") is { } a) assignees.Add(a);
        }
        else
        {
            Error(id, $"{path}.assignee", "missing-property", "Who does this? Add 'assignee' (a role and scope, or a user).");
        }

        var quorum = Quorum.Any;
        if (s["quorum"] is JsonValue q)
        {
            if (kind != StepTypes.Approval)
                Error(id, $"{path}.quorum", "unexpected-property", "Only approvals have a quorum.");
            else if (q.TryGetValue<int>(out var n))
            {
                quorum = Quorum.OfN(n);
                if (n > assignees.Count)
                    Error(id, $"{path}.quorum", "quorum", $"A quorum of {n} needs at least {n} assignees; there are {assignees.Count}.");
            }
            else
            {
                quorum = q.GetValue<string>() == "all" ? Quorum.All : Quorum.Any;
            }
        }

        DueSpec? due = null;
        if (Str(s, "due") is { } d) due = Due(id, $"{path}.due", d);

        var reminders = new List<ReminderSpec>();
        if (s["remind"] is JsonArray remind)
        {
            for (var i = 0; i < remind.Count; i++)
            {
                var text = remind[i]!.GetValue<string>();
                if (!ReminderSpec.TryParse(text, out var r))
                    Error(id, $"{path}.remind[{i}]", "bad-reminder", $"'{text}' is not a reminder; write 'before 1 day', 'after 0' or 'every 1 working day'.");
                else
                    reminders.Add(r!);
            }
            if (due is null && reminders.Count > 0)
                Error(id, $"{path}.remind", "bad-reminder", "Reminders are counted from the due time: add 'due'.");
            if (reminders.Count(r => r.Mode == ReminderMode.Every) > 1)
                Error(id, $"{path}.remind", "bad-reminder", "Only one 'every …' reminder per task.");
        }

        EscalationSpec? escalation = null;
        if (s["escalate"] is JsonObject esc)
        {
            var afterText = esc["after"]!.GetValue<string>();
            if (!Duration.TryParse(afterText, out var after))
                Error(id, $"{path}.escalate.after", "bad-duration", $"'{afterText}' is not a duration (try '2 working days').");
            var to = Assignee(esc["to"]!.AsObject(), id, $"{path}.escalate.to");
            if (due is null)
                Error(id, $"{path}.escalate", "missing-property", "Escalation is counted from the due time: add 'due'.");
            if (to is not null) escalation = new EscalationSpec(after, to);
        }

        var form = new List<FormField>();
        if (s["form"] is JsonArray fields)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                var f = fields[i]!.AsObject();
                var name = f["name"]!.GetValue<string>();
                var fieldType = f["type"]!.GetValue<string>();
                var options = f["options"] is JsonArray o ? o.Select(x => x!.GetValue<string>()).ToList() : [];
                if (fieldType == "select" && options.Count == 0)
                    Error(id, $"{path}.form[{i}].options", "missing-property", $"Field '{name}' is a select: list its 'options'.");
                if (form.Any(x => x.Name == name))
                    Error(id, $"{path}.form[{i}].name", "duplicate-field", $"Field '{name}' appears twice.");
                form.Add(new FormField(name, fieldType, f["required"]?.GetValue<bool>() ?? false, options, Text(f["label"])));
            }
        }

        if (title is not null)
        {
            if (!ExpressionEvaluator.TryCompileTemplate(title.Vi, out var e1))
                Error(id, $"{path}.title.vi", "expression", $"A placeholder in the title does not compile: {e1}");
            if (!ExpressionEvaluator.TryCompileTemplate(title.En, out var e2))
                Error(id, $"{path}.title.en", "expression", $"A placeholder in the title does not compile: {e2}");
        }

        if (Errors.Count != before || title is null) return null;
        return new HumanWork
        {
            Kind = kind,
            Title = title,
            Assignees = assignees,
            Quorum = quorum,
            Due = due,
            Reminders = reminders,
            Escalation = escalation,
            Form = form,
            TaskKind = Str(s, "kind"),
        };
    }

    private AssigneeSpec? Assignee(JsonObject a, string id, string path)
    {
        var role = Str(a, "role");
        var user = Str(a, "user");
        var scope = Str(a, "scope") ?? AssigneeSpec.ScopeAny;
        if (role is null && user is null)
        {
            Error(id, path, "missing-property", "An assignee needs a 'role' or a 'user'.");
            return null;
        }
        if (role is not null && user is not null)
        {
            Error(id, path, "unexpected-property", "An assignee is either a 'role' or a 'user', not both.");
            return null;
        }
        if (role is not null && !roles.Contains(role))
        {
            Error(id, $"{path}.role", "unknown-role", $"'{role}' is not a role; known roles: {string.Join(", ", roles.Order())}.");
            return null;
        }
        return new AssigneeSpec(role, scope, user);
    }

    private DueSpec? Due(string id, string path, string text)
    {
        if (!DueSpec.TryParse(text, out var spec, out var error))
        {
            Error(id, path, "bad-duration", error!);
            return null;
        }
        if (spec!.BaseExpression is { } expr && !ExpressionEvaluator.TryCompile(expr, out var compileError))
        {
            Error(id, path, "expression", $"'{expr}' does not compile: {compileError}");
            return null;
        }
        return spec;
    }

    private void Expression(string id, string path, string expression)
    {
        if (!ExpressionEvaluator.TryCompile(expression, out var error))
            Error(id, path, "expression", $"'{expression}' does not compile: {error}");
    }

    private string? Required(JsonObject s, string id, string path, string property, string what)
    {
        var value = Str(s, property);
        if (value is null) Error(id, $"{path}.{property}", "missing-property", $"'{property}' is required: {what}.");
        return value;
    }

    private void Error(string id, string path, string code, string message) => Errors.Add(new DefinitionError(id, path, code, message));

    private static string? Str(JsonObject o, string property) =>
        o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static LocalizedText? Text(JsonNode? node) =>
        node is JsonObject o ? new LocalizedText(o["vi"]!.GetValue<string>(), o["en"]!.GetValue<string>()) : null;

    private static string DefaultStage(string type, string? kind) => type switch
    {
        StepTypes.Task when kind is "post-trip-report" or "report" => Stages.Report,
        StepTypes.Task or StepTypes.Each => Stages.Preparation,
        StepTypes.Wait => Stages.Travel,
        _ => Stages.Review,
    };

    private static string Hint(string type, string key) => (type, key) switch
    {
        (StepTypes.Approval, "next") => "; an approval routes with 'on': { \"approve\": …, \"reject\": … }",
        (StepTypes.Decision, "next") => "; a decision routes with 'cases' and 'otherwise'",
        (StepTypes.Parallel, "next") => "; a parallel continues at its 'join'",
        _ => "",
    };
}
