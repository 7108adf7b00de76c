using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Delegations.Workflows.Definitions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Proposals;

/// <summary>
/// A proposal read-only: its data, the steps it waits in (who, until when), its journal as a timeline and the
/// diagram of its workflow version. Drafts and proposals sent back can be submitted (or cancelled) from here.
/// </summary>
public sealed class DetailsModel(
    DelegationsDbContext db,
    Viewer viewer,
    ProposalViews views,
    ProposalCommands commands,
    DefinitionStore definitions,
    UiMessages messages,
    IStringLocalizer<UiText> text,
    TimeProvider clock,
    Delegations.Web.Comments.CommentCommands comments) : PageModel
{
    public ProposalView Proposal { get; private set; } = null!;
    public WorkflowDefinition? Definition { get; private set; }
    public string? Diagram { get; private set; }
    public bool DiagramIsPreview { get; private set; }
    public bool ShowPassports { get; private set; }
    public ReportApi.ReportView? Report { get; private set; }
    public IReadOnlyList<MyTask> MyTasks { get; private set; } = [];
    public string? CancelError { get; private set; }
    public IReadOnlyList<Delegations.Web.Documents.DocumentsApi.DocumentView> Documents { get; private set; } = [];
    public IReadOnlyList<Delegations.Web.Comments.CommentsApi.CommentView> Comments { get; private set; } = [];
    public string? CommentError { get; private set; }
    public string? CommentText { get; private set; }

    public sealed record MyTask(Guid Id, string Title, DateTimeOffset? Due, string? TaskKind);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        if (await PageAccess.RefusalAsync(db, user, id, ct) is { } refusal) return StatusCode(refusal);
        await LoadAsync(user, id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        if (await PageAccess.RefusalAsync(db, user, id, ct) is { } refusal) return StatusCode(refusal);
        try
        {
            await commands.SubmitAsync(user, id, ct);
            Flash(text["The proposal was submitted for approval."], "success");
        }
        catch (AppProblemException problem)
        {
            Flash(messages.Translate(problem.Message), "danger");
        }
        return Redirect($"/proposals/{id}");
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        if (await PageAccess.RefusalAsync(db, user, id, ct) is { } refusal) return StatusCode(refusal);
        if (string.IsNullOrWhiteSpace(reason))
        {
            CancelError = text["Give a reason for cancelling."];
            await LoadAsync(user, id, ct);
            return Page();
        }
        try
        {
            await commands.CancelAsync(user, id, reason, ct);
            Flash(text["The proposal was cancelled."], "success");
        }
        catch (AppProblemException problem)
        {
            Flash(messages.Translate(problem.Message), "danger");
        }
        return Redirect($"/proposals/{id}");
    }

    /// <summary>A comment with its files (multipart form, anti-forgery checked by Razor Pages); mentions mail the people named.</summary>
    public async Task<IActionResult> OnPostCommentAsync(Guid id, [FromForm(Name = "text")] string? commentText, CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        if (await PageAccess.RefusalAsync(db, user, id, ct) is { } refusal) return StatusCode(refusal);
        try
        {
            await comments.AddAsync(user, id, commentText, Request.Form.Files.GetFiles("file"), ct);
            Flash(text["Your comment was added."], "success");
            return Redirect($"/proposals/{id}#comments");
        }
        catch (AppProblemException problem) when (problem.Errors is not null)
        {
            CommentError = string.Join(" ", problem.Errors.Values.SelectMany(v => v).Select(messages.Translate));
            CommentText = commentText;
            await LoadAsync(user, id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(UserContext user, Guid id, CancellationToken ct)
    {
        var proposal = await ProposalsApi.LoadAsync(db, id, ct) ?? throw AppProblemException.NotFound("The proposal");
        Proposal = await views.BuildAsync(proposal, user, ct);
        ShowPassports = Access.CanSeePassports(user, proposal);

        if (Proposal.Workflow is { } workflow)
        {
            Definition = await definitions.GetAsync(db, workflow.DefinitionId, workflow.Version, ct);
            // Approvers added by "approve and forward" show under their step, and in the history.
            var adHoc = await db.Tasks.AsNoTracking().Where(t => t.ProposalId == id && t.AdHoc).OrderBy(t => t.CreatedAt)
                .Select(t => new { t.StepId, t.AssigneeRole, t.AssigneeUser }).ToListAsync(ct);
            var emails = adHoc.Select(a => a.AssigneeUser).OfType<string>().Distinct().ToList();
            _names = await db.Users.AsNoTracking().Where(u => emails.Contains(u.Email!)).ToDictionaryAsync(u => u.Email!, u => u.FullName, ct);
            var marks = WorkflowDiagram.Marks.From(workflow.Visited, Proposal.ActiveSteps.Select(s => s.StepId)) with
            {
                AdHoc = adHoc.GroupBy(a => a.StepId).ToDictionary(g => g.Key,
                    g => (IReadOnlyList<string>)g.Select(a => a.AssigneeUser is { } email ? _names.GetValueOrDefault(email, email) : text.Code("role", a.AssigneeRole)).Distinct().ToList()),
            };
            Diagram = WorkflowDiagram.Render(Definition, marks, user.Language, "wf-proposal");
        }
        else if (await definitions.LatestForKindAsync(db, EnumText.ToText(proposal.Kind), ct) is { } latest)
        {
            // Not submitted yet: the route it would take.
            Definition = latest;
            DiagramIsPreview = true;
            Diagram = WorkflowDiagram.Render(latest, WorkflowDiagram.Marks.None, user.Language, "wf-proposal");
        }

        Report = await ReportApi.LoadViewAsync(db, proposal, ReportApi.Today(clock), ct);
        Documents = await Delegations.Web.Documents.DocumentsApi.VisibleAsync(db, user, proposal, ct);
        Comments = await Delegations.Web.Comments.CommentsApi.LoadAsync(db, id, ct);

        var mine = await db.Tasks.AsNoTracking().Where(t => t.ProposalId == id && t.Status == TaskStatuses.Open).Where(Access.AssignedTo(user))
            .OrderBy(t => t.Due).ToListAsync(ct);
        MyTasks = mine.Select(t => new MyTask(t.Id, user.Language == "en" ? t.TitleEn : t.TitleVi, t.Due, t.TaskKind)).ToList();
    }

    private Dictionary<string, string> _names = [];

    /// <summary>Who a forward added, in words: "forwarded" journal entries hold <c>user:email</c> or <c>Role@scope</c>.</summary>
    public string ForwardTarget(string? outcome)
    {
        if (outcome is null) return "";
        if (outcome.StartsWith("user:", StringComparison.Ordinal)) return _names.GetValueOrDefault(outcome[5..], outcome[5..]);
        return text.Code("role", outcome.Split('@')[0]);
    }

    /// <summary>A step id in words, from the proposal's workflow version.</summary>
    public string StepTitle(string? stepId) =>
        stepId is null ? "" : Definition is not null && Definition.TryGetStep(stepId, out var step) ? step.DisplayTitle.For(UiCulture.Language) : stepId;

    private void Flash(string message, string kind)
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = kind;
    }
}
