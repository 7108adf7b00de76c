using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Reports;

/// <summary>The post-trip (or post-visit) report: summary, results, agreements signed, follow-up actions with owner and due date.</summary>
public sealed class ReportModel(
    DelegationsDbContext db,
    Viewer viewer,
    ReportCommands commands,
    UiMessages messages,
    IStringLocalizer<UiText> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public WorkflowTask? Due { get; private set; }
    /// <summary>Why there is no form (already filed, not due yet, not yours); null when the user may file it now.</summary>
    public string? Unavailable { get; private set; }
    public string? FormError { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    // Inputs are named by JSON path (agreements[0].signedOn), bound with the empty prefix.
    [BindProperty] public ReportForm Form { get; set; } = ReportForm.Blank();

    public sealed class ReportForm
    {
        public string? Summary { get; set; }
        public string? Results { get; set; }
        public List<AgreementRow> Agreements { get; set; } = [];
        public List<FollowUpRow> FollowUps { get; set; } = [];

        public sealed class AgreementRow { public string? Title { get; set; } public string? Counterpart { get; set; } public string? SignedOn { get; set; } }
        public sealed class FollowUpRow { public string? Action { get; set; } public string? Owner { get; set; } public string? Due { get; set; } }

        public static ReportForm Blank() => new() { Agreements = [new AgreementRow()], FollowUps = [new FollowUpRow()] };

        public ReportApi.ReportInput ToInput()
        {
            Agreements.RemoveAll(a => string.IsNullOrWhiteSpace(a.Title) && string.IsNullOrWhiteSpace(a.Counterpart) && string.IsNullOrWhiteSpace(a.SignedOn));
            FollowUps.RemoveAll(f => string.IsNullOrWhiteSpace(f.Action) && string.IsNullOrWhiteSpace(f.Owner) && string.IsNullOrWhiteSpace(f.Due));
            return new ReportApi.ReportInput(Summary, Results,
                Agreements.Select(a => (ReportApi.AgreementInput?)new ReportApi.AgreementInput(a.Title, a.Counterpart, a.SignedOn)).ToList(),
                FollowUps.Select(f => (ReportApi.FollowUpInput?)new ReportApi.FollowUpInput(f.Action, f.Owner, f.Due)).ToList());
        }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var posted = Form;
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        Form = posted;
        if (Unavailable is not null) return Page();
        var input = Form.ToInput();
        var errors = ReportApi.Validate(input);
        if (errors.Any)
        {
            foreach (var (path, list) in errors.ToDictionary()) Errors[path] = string.Join(" ", messages.Translate(list));
            return Page();
        }
        var user = await viewer.GetAsync(ct);
        try
        {
            await commands.FileAsync(user, id, input, ct);
        }
        catch (AppProblemException problem)
        {
            if (problem.Errors is not null)
                foreach (var (path, list) in problem.Errors) Errors[path] = string.Join(" ", messages.Translate(list));
            else FormError = messages.Translate(problem.Message);
            return Page();
        }
        TempData["Flash"] = text["The report was filed. Thank you."].Value;
        TempData["FlashKind"] = "success";
        return Redirect($"/proposals/{id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        if (await PageAccess.RefusalAsync(db, user, id, ct) is { } refusal) return StatusCode(refusal);
        Proposal = await db.Proposals.AsNoTracking().Include(p => p.Department).FirstAsync(p => p.Id == id, ct);
        Due = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.ProposalId == id && t.Status == TaskStatuses.Open && t.TaskKind == "post-trip-report", ct);
        if (await db.Reports.AnyAsync(r => r.ProposalId == id, ct))
            Unavailable = text["The report has already been filed."];
        else if (Due is null)
            Unavailable = text["No report is due yet: it opens when the delegation is back."];
        else if (Access.ActingPrincipal(user, Due) is null)
            Unavailable = text["Only the submitting department files this report."];
        return null;
    }
}
