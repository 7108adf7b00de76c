using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Approvals;

/// <summary><c>/api/tasks</c>: my inbox, and completing a task (approve, reject, request changes, done).</summary>
public static class TasksApi
{
    public sealed record TaskTitles(string Vi, string En);

    public sealed record TaskItem(
        Guid Id, Guid ProposalId, string ReferenceNumber, string ProposalTitle, string StepId, string Type, string? Kind,
        string Title, TaskTitles Titles, DateTimeOffset? Due, bool Overdue, int? DueInWorkingDays, IReadOnlyList<string> Outcomes,
        IReadOnlyList<TaskFormField> Form, string? Item, string? OnBehalfOf, DateTimeOffset CreatedAt, bool Escalated)
    {
        /// <summary>For an approval (GET /api/tasks/{id} only): the steps already passed it may be sent back to.</summary>
        public IReadOnlyList<StepChoice>? SendBackSteps { get; init; }
        /// <summary>True for a task added by "approve and forward".</summary>
        public bool AdHoc { get; init; }
        /// <summary>GET /api/tasks/{id} only: what the policy rules find on the proposal, for the approver to weigh.</summary>
        public IReadOnlyList<Policies.PolicyFindingView>? PolicyFindings { get; init; }
        /// <summary>GET /api/tasks/{id} only: what the approver should know (a passport expiring too soon, the department's budget at its warning threshold, lines over the norms).</summary>
        public IReadOnlyList<string>? Warnings { get; init; }
        /// <summary>GET /api/tasks/{id} only, for approvals: the department's annual delegation budget with this proposal counted in.</summary>
        public Budget.DepartmentBudgetStatus? DepartmentBudget { get; init; }
    }

    public sealed record StepChoice(string StepId, string Title);

    public sealed record CompleteRequest(string? Outcome, string? Comment, JsonObject? Data);

    public sealed record BulkRequest(List<Guid>? TaskIds, string? Outcome, string? Comment);
    public sealed record BulkItem(Guid TaskId, int Status, string? Error, ProposalStatus? ProposalStatus);

    public sealed record CompleteResponse(Guid TaskId, string Outcome, Guid ProposalId, ProposalStatus ProposalStatus, IReadOnlyList<string> ActiveSteps);

    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks").RequireAuthorization();
        group.MapGet("/", Inbox).WithSummary("My open tasks, including those I hold as a deputy; overdue first.");
        group.MapGet("/{id:guid}", GetTask).WithSummary("One task I may see.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/bulk-complete", BulkComplete)
            .WithSummary("Approve (or complete) several tasks that need no form at once; each is its own transaction and journal entry.")
            .ProducesValidationProblem();
        group.MapPost("/{id:guid}/complete", Complete)
            .WithSummary("Complete a task: approve, reject or request changes (with a comment), or done with the form data. Optional Idempotency-Key header.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<TaskItem>>> Inbox(DelegationsDbContext db, CurrentUser current, WorkflowHost host, CancellationToken ct) =>
        TypedResults.Ok(await Approvals.Inbox.LoadAsync(db, await current.GetAsync(ct), host, ct));

    private static async Task<Ok<TaskItem>> GetTask(Guid id, DelegationsDbContext db, CurrentUser current, WorkflowHost host, Budget.BudgetOptions budget, Policies.PolicyCheck policies, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw AppProblemException.NotFound("The task");
        var proposal = await ProposalsApi.FindVisibleAsync(db, user, task.ProposalId, ct);
        var item = ToItem(task, proposal.ReferenceNumber, proposal.Title, user, await host.CalendarAsync(ct), host.Clock.GetUtcNow())
            with { PolicyFindings = Policies.PolicyCheck.View(await policies.EvaluateAsync(proposal, ct), user.Language) };
        if (task.Kind == StepTypes.Approval && task.Status == TaskStatuses.Open && proposal.WorkflowInstanceId is not null)
        {
            var loaded = await host.LoadAsync(proposal, ct);
            item = item with
            {
                SendBackSteps = WorkflowEngine.SendBackTargets(loaded.Definition, loaded.Instance, task.StepId)
                    .Select(s => new StepChoice(s, loaded.Definition.Step(s).DisplayTitle.For(user.Language))).ToList(),
            };
        }
        var (warnings, departmentBudget) = await TaskWarningsAsync(db, task, proposal, user, budget, ct);
        return TypedResults.Ok(item with { Warnings = warnings, DepartmentBudget = departmentBudget });
    }

    /// <summary>The warnings of one task, for the API and the task page alike.</summary>
    public static async Task<(List<string> Warnings, Budget.DepartmentBudgetStatus? Budget)> TaskWarningsAsync(
        DelegationsDbContext db, WorkflowTask task, Proposal proposal, UserContext user, Budget.BudgetOptions options, CancellationToken ct)
    {
        var warnings = new List<string>();
        var en = user.Language == "en";
        if (task.TaskKind == Visas.VisaTask.TaskKind && Access.CanSeePassports(user, proposal)
            && Visas.VisaTask.MemberOf(task, proposal) is { } member && Visas.VisaTask.PassportWarning(member, proposal, user.Language) is { } passport)
            warnings.Add(passport);
        Budget.DepartmentBudgetStatus? status = null;
        if (task.Kind == StepTypes.Approval)
        {
            status = await Budget.DepartmentBudgets.ForAsync(db, proposal, options, ct);
            if (status is { Level: not Budget.DepartmentBudgetStatus.Ok } s)
                warnings.Add(en
                    ? $"{s.Department}'s delegations in {s.Year} reach {s.Percent}% of its annual budget ({s.SpentVnd:N0} spent, {s.CommittedVnd:N0} committed, {s.ThisProposalVnd:N0} this proposal, of {s.AnnualVnd:N0} VND)."
                    : $"Đoàn của {s.Department} năm {s.Year} đạt {s.Percent}% ngân sách năm ({s.SpentVnd:N0} đã chi, {s.CommittedVnd:N0} đã cam kết, {s.ThisProposalVnd:N0} đề xuất này, trên {s.AnnualVnd:N0} đồng).");
            var over = proposal.BudgetLines.Where(b => b.OverNorm).OrderBy(b => b.Position).ToList();
            foreach (var b in over)
                warnings.Add(en
                    ? $"Budget line {b.Position + 1} ({EnumText.ToText(b.Category)}) is {b.AmountVnd:N0} VND, above the norm of {b.NormVnd:N0} VND ({b.NormBasis})."
                    : $"Khoản {b.Position + 1} ({EnumText.ToText(b.Category)}) {b.AmountVnd:N0} đồng, vượt định mức {b.NormVnd:N0} đồng ({b.NormBasis}).");
        }
        if (Visas.VisaTask.HeadVisaRefused(proposal))
            warnings.Add(en ? "The head of delegation's visa was refused: name a new head or cancel the trip." : "Trưởng đoàn bị từ chối thị thực: cần cử trưởng đoàn khác hoặc hủy chuyến đi.");
        return (warnings, status);
    }

    public static TaskItem ToItem(WorkflowTask t, string reference, string proposalTitle, UserContext user,
        Delegations.Workflows.Time.WorkingDayCalendar calendar, DateTimeOffset now)
    {
        var principal = Access.ActingPrincipal(user, t);
        return new TaskItem(
            t.Id, t.ProposalId, reference, proposalTitle, t.StepId, t.Kind, t.TaskKind,
            user.Language == "en" ? t.TitleEn : t.TitleVi, new TaskTitles(t.TitleVi, t.TitleEn),
            t.Due, t.Due is { } due && due < now, t.Due is { } d ? calendar.WorkingDaysBetween(now, d) : null,
            t.Outcomes.Split(',', StringSplitOptions.RemoveEmptyEntries),
            JsonSerializer.Deserialize<List<TaskFormField>>(t.FormJson, TaskFormField.Json) ?? [],
            t.ItemLabel, principal is { IsDeputyFor: true } ? principal.FullName : null, t.CreatedAt, t.EscalatedAt is not null) { AdHoc = t.AdHoc };
    }

    private static async Task<Ok<List<BulkItem>>> BulkComplete(BulkRequest request, CurrentUser current, TaskCommands commands, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        if (request.TaskIds is not { Count: > 0 }) throw AppProblemException.Invalid("taskIds", "List the tasks to complete.");
        if (request.TaskIds.Count > 100) throw AppProblemException.Invalid("taskIds", "At most 100 tasks at once.");
        if (request.Outcome is not (Outcomes.Approve or Outcomes.Done)) throw AppProblemException.Invalid("outcome", "Bulk completion is for approve or done.");
        var results = new List<BulkItem>();
        foreach (var id in request.TaskIds.Distinct())
            results.Add(await commands.CompleteWithoutFormAsync(user, id, request.Outcome, request.Comment, ct));
        return TypedResults.Ok(results);
    }

    private static async Task<IResult> Complete(
        Guid id, CompleteRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CurrentUser current, TaskCommands commands, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var answer = await commands.CompleteAsync(user, id, request, idempotencyKey, ct);
        return answer.Replay is { } replay
            ? Results.Text(replay.ResponseJson, "application/json", statusCode: replay.StatusCode)
            : TypedResults.Ok(answer.Response);
    }
}
