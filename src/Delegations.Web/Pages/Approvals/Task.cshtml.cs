using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Approvals;

/// <summary>
/// One task: the proposal in short, the task's form (visa status, budget check, …) and its outcomes. A reject or a
/// request for changes needs a comment. A second click, or a task someone else completed a moment ago, ends in
/// a plain message: the form carries an idempotency key, and a completed task says who completed it.
/// </summary>
public sealed class TaskModel(
    DelegationsDbContext db,
    Viewer viewer,
    ProposalViews views,
    TaskCommands commands,
    WorkflowHost host,
    UiMessages messages,
    IStringLocalizer<UiText> text,
    Delegations.Web.Budget.BudgetOptions budgetOptions) : PageModel
{
    /// <summary>Passport expiring too soon, department budget at its threshold, lines over the norms, a refused head.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];
    /// <summary>Finance's budget approval: the lines may be corrected one by one, each with a reason.</summary>
    public bool IsBudgetCheck => TaskRecord.TaskKind == Delegations.Web.Budget.BudgetCheck.TaskKind;
    /// <summary>The posted corrections by line index: (amount, reason).</summary>
    public Dictionary<int, (string? Amount, string? Reason)> Corrections { get; } = [];

    public WorkflowTask TaskRecord { get; private set; } = null!;
    public ProposalView Proposal { get; private set; } = null!;
    public TasksApi.TaskItem Item { get; private set; } = null!;
    public IReadOnlyList<TaskFormField> Fields { get; private set; } = [];
    /// <summary>For a per-member task (visa): that member.</summary>
    public MemberView? Member { get; private set; }
    public bool ShowPassports { get; private set; }
    /// <summary>Why this user cannot act (not assigned, separation of duties, no longer open); null when they can.</summary>
    public string? CannotAct { get; private set; }
    public string? FormError { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? IdempotencyKey { get; set; }
    /// <summary>"Approve and forward": a role (any holder) or a person's e-mail.</summary>
    [BindProperty] public string? ForwardRole { get; set; }
    [BindProperty] public string? ForwardUser { get; set; }
    /// <summary>"Send back": a step this proposal has already passed.</summary>
    [BindProperty] public string? SendBackStep { get; set; }
    public IReadOnlyList<TasksApi.StepChoice> SendBackSteps { get; private set; } = [];
    /// <summary>The posted form values by field name (inputs named data.fieldName).</summary>
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        if (TaskRecord.Status == TaskStatuses.Open && TaskRecord.TaskKind == "post-trip-report" && CannotAct is null)
            return Redirect($"/proposals/{TaskRecord.ProposalId}/report");
        IdempotencyKey = Guid.NewGuid().ToString("N");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        foreach (var f in Fields) Values[f.Name] = Request.Form[$"data.{f.Name}"].ToString();
        if (IsBudgetCheck)
            for (var i = 0; i < Proposal.Budget.Lines.Count; i++)
                Corrections[i] = (Request.Form[$"corrections[{i}].amount"].ToString(), Request.Form[$"corrections[{i}].reason"].ToString());
        // A closed task still goes to the command: a repeated post (same idempotency key) gets its first answer;
        // anything else is refused there and the page says who completed it.
        if (CannotAct is not null && TaskRecord.Status == TaskStatuses.Open) return Page();

        var outcome = Outcome?.Trim().ToLowerInvariant();
        if (outcome is null || !Item.Outcomes.Contains(outcome))
        {
            FormError = text["Choose what to do with this task."];
            return Page();
        }
        if (Outcomes.NeedsComment(outcome) && string.IsNullOrWhiteSpace(Comment))
            Errors["comment"] = outcome switch
            {
                Outcomes.Reject => text["Say why you reject it: the comment is kept in the proposal's history."],
                Outcomes.Forward => text["Say why you ask another approver: the comment is kept in the proposal's history."],
                Outcomes.SendBack => text["Say why you send it back: the comment is kept in the proposal's history."],
                _ => text["Say what should change: the comment goes to the submitter."],
            };
        var data = outcome switch
        {
            Outcomes.Forward => ForwardData(),
            Outcomes.SendBack => string.IsNullOrWhiteSpace(SendBackStep) ? Missing("data.step") : new JsonObject { ["step"] = SendBackStep },
            _ => Data(outcome),
        };
        if (Errors.Count > 0) return Page();

        var user = await viewer.GetAsync(ct);
        try
        {
            var answer = await commands.CompleteAsync(user, id, new TasksApi.CompleteRequest(outcome, Comment, data), IdempotencyKey, ct);
            TempData["Flash"] = answer.Replay is not null
                ? text["This was already recorded: {0} — {1}.", Item.Title, Item.ReferenceNumber].Value
                : text[$"outcome-done:{outcome}", Item.Title, Item.ReferenceNumber].Value;
            TempData["FlashKind"] = "success";
            return Redirect("/inbox");
        }
        catch (Exception e) when (e is AppProblemException or WorkflowCommandException)
        {
            var (status, message, field) = e switch
            {
                AppProblemException p => (p.Status, p.Message, p.Errors?.Keys.FirstOrDefault()),
                WorkflowCommandException w => (w.Kind == WorkflowErrorKind.Conflict ? 409 : w.Kind == WorkflowErrorKind.NotFound ? 404 : 400, w.Message, w.Field),
                _ => (500, e.Message, null),
            };
            if (status == StatusCodes.Status409Conflict || status == StatusCodes.Status404NotFound)
            {
                // Someone else was quicker (or the workflow moved on): show the task as it is now, with who did what.
                db.ChangeTracker.Clear();
                await LoadAsync(id, ct);
                CannotAct ??= messages.Translate(message);
                return Page();
            }
            if (field is not null && (field == "comment" || field.StartsWith("data.", StringComparison.Ordinal))) Errors[field] = messages.Translate(message);
            else FormError = messages.Translate(message);
            return Page();
        }
    }

    private JsonObject? ForwardData()
    {
        if (!string.IsNullOrWhiteSpace(ForwardUser)) return new JsonObject { ["forwardTo"] = new JsonObject { ["user"] = ForwardUser.Trim() } };
        if (!string.IsNullOrWhiteSpace(ForwardRole)) return new JsonObject { ["forwardTo"] = new JsonObject { ["role"] = ForwardRole } };
        return Missing("data.forwardTo");
    }

    private JsonObject? Missing(string field)
    {
        Errors[field] = text["Required."];
        return null;
    }

    /// <summary>The form values as the task's data: numbers as numbers, yes/no as booleans; input errors noted by field.</summary>
    private JsonObject? Data(string outcome)
    {
        if (Fields.Count == 0) return null;
        var data = new JsonObject();
        if (IsBudgetCheck && outcome == Outcomes.Approve)
        {
            var corrections = new JsonArray();
            foreach (var (line, (amount, reason)) in Corrections.Where(c => !string.IsNullOrWhiteSpace(c.Value.Amount)))
            {
                if (!decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) { Errors[$"data.corrections[{corrections.Count}].amount"] = text["Must be a number."]; continue; }
                corrections.Add(new JsonObject { ["line"] = line, ["amount"] = value, ["reason"] = reason?.Trim() });
            }
            if (corrections.Count > 0) data["corrections"] = corrections;
        }
        foreach (var f in Fields)
        {
            var value = Values.GetValueOrDefault(f.Name)?.Trim();
            var path = $"data.{f.Name}";
            if (string.IsNullOrEmpty(value))
            {
                if (f.Required && outcome is Outcomes.Approve or Outcomes.Done) Errors[path] = text["Required."];
                continue;
            }
            switch (f.Type)
            {
                case "number" when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n):
                    data[f.Name] = n;
                    break;
                case "number":
                    Errors[path] = text["Must be a number."];
                    break;
                case "boolean":
                    data[f.Name] = value == "true";
                    break;
                default:
                    data[f.Name] = value;
                    break;
            }
        }
        return data;
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return NotFound();
        if (await PageAccess.RefusalAsync(db, user, task.ProposalId, ct) is { } refusal) return StatusCode(refusal);
        var proposal = await ProposalsApi.LoadAsync(db, task.ProposalId, ct) ?? throw AppProblemException.NotFound("The proposal");
        TaskRecord = task;
        Proposal = await views.BuildAsync(proposal, user, ct);
        Item = TasksApi.ToItem(task, proposal.ReferenceNumber, proposal.Title, user, await host.CalendarAsync(ct), host.Clock.GetUtcNow());
        Fields = JsonSerializer.Deserialize<List<TaskFormField>>(task.FormJson, TaskFormField.Json) ?? [];
        if (task.Status == TaskStatuses.Open && Item.Outcomes.Contains(Outcomes.SendBack) && proposal.WorkflowInstanceId is not null)
        {
            var loaded = await host.LoadAsync(proposal, ct);
            SendBackSteps = Delegations.Workflows.Runtime.WorkflowEngine.SendBackTargets(loaded.Definition, loaded.Instance, task.StepId)
                .Select(s => new TasksApi.StepChoice(s, loaded.Definition.Step(s).DisplayTitle.For(UiCulture.IsEnglish ? "en" : "vi"))).ToList();
        }
        ShowPassports = Access.CanSeePassports(user, proposal);
        if (Delegations.Web.Visas.VisaTask.MemberOf(task, proposal) is { } member)
            Member = Proposal.Members.FirstOrDefault(m => m.Id == member.Id);
        Warnings = (await TasksApi.TaskWarningsAsync(db, task, proposal, user, budgetOptions, ct)).Warnings;

        CannotAct = task.Status switch
        {
            TaskStatuses.Completed => text["This task was completed by {0} ({1}) on {2}.", task.CompletedByName ?? "?", text.Code("outcome", task.Outcome), UiFormat.Moment(task.CompletedAt)].Value,
            TaskStatuses.Cancelled => text["This task is no longer open: the workflow has moved on."].Value,
            _ => Access.ActingPrincipal(user, task) is null
                ? text["This task is assigned to {0}; you can follow it but not act on it.", task.AssigneeRole is null ? task.AssigneeUser ?? "" : text["role:" + task.AssigneeRole].Value].Value
                : Access.SeparationOfDutiesViolation(user, proposal, task) is { } violation ? messages.Translate(violation) : null,
        };
        return null;
    }

    public string FieldLabel(TaskFormField f) => f.Label is null ? f.Name : UiCulture.IsEnglish ? f.Label.En : f.Label.Vi;
}
