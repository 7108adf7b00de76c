using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Approvals;

/// <summary>Hand an open task to someone, with a reason: admins anywhere, department heads within their department.</summary>
public sealed class ReassignModel(DelegationsDbContext db, Viewer viewer, Reassignment reassignment, UiMessages messages, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public WorkflowTask Task { get; private set; } = null!;
    public string Reference { get; private set; } = "";
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? FormError { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        try
        {
            var result = await reassignment.ReassignAsync(await viewer.GetAsync(ct), id, new Reassignment.Request(null, Email, Reason), ct);
            TempData["Flash"] = text["The task now goes to {0}.", result.AssignedTo.Name].Value;
            return Redirect($"/tasks/{id}");
        }
        catch (AppProblemException e) when (e.Status is StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict)
        {
            if (e.Errors is { Count: > 0 } errors) foreach (var (field, list) in errors) Errors[field == "userId" ? "email" : field] = string.Join(" ", list.Select(messages.Translate));
            else FormError = messages.Translate(e.Message);
            return Page();
        }
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return NotFound();
        if (await PageAccess.RefusalAsync(db, user, task.ProposalId, ct) is { } refusal) return StatusCode(refusal);
        var proposal = await db.Proposals.AsNoTracking().FirstAsync(p => p.Id == task.ProposalId, ct);
        if (!await reassignment.MayReassignAsync(user, proposal, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        Task = task;
        Reference = proposal.ReferenceNumber;
        return null;
    }
}
