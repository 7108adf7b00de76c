using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Proposals;

/// <summary>Editing a draft or a proposal sent back for changes; a save made on a stale copy is refused and the typed changes kept.</summary>
public sealed class EditModel(
    DelegationsDbContext db,
    Viewer viewer,
    ProposalViews views,
    ProposalCommands commands,
    IStringLocalizer<UiText> text,
    UiMessages messages) : ProposalFormPage(text, messages)
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct) => SaveAsync(id, submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct) => SaveAsync(id, submit: true, ct);

    public async Task<IActionResult> OnPostEstimateAsync(Guid id, CancellationToken ct)
    {
        var posted = Form;
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        var revision = Form.Revision;
        Form = posted;
        Form.Revision = revision;
        await EstimateAsync(ct);
        return Page();
    }

    private async Task<IActionResult> SaveAsync(Guid id, bool submit, CancellationToken ct)
    {
        var posted = Form;
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        var current = Form.Revision;
        Form = posted;
        var user = await viewer.GetAsync(ct);
        if (ValidInput() is not { } input) return Page();
        if (!await TryAsync(() => commands.UpdateAsync(user, id, input, Form.Revision, ct)))
        {
            if (Form.Revision != current)
            {
                // Someone saved in between: keep what this user typed, and let a second save replace the other version knowingly.
                FormError = Text["Someone else saved this proposal while you were editing it. Your changes are kept below; saving again will replace the other version."];
                Form.Revision = current;
            }
            return Page();
        }
        if (!submit)
        {
            Flash(Text["The draft was saved."]);
            return Redirect($"/proposals/{id}/edit");
        }
        if (!await TryAsync(() => commands.SubmitAsync(user, id, ct)))
        {
            Flash(Text["The changes were saved but could not be submitted: {0}", FormError ?? ""], "warning");
            return Redirect($"/proposals/{id}/edit");
        }
        Flash(Text["The proposal was submitted for approval."]);
        return Redirect($"/proposals/{id}");
    }

    /// <summary>Fills the page from the stored proposal; a refusal (403/404, or not editable now) instead.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        if (await PageAccess.RefusalAsync(db, user, id, ct) is { } refusal) return StatusCode(refusal);
        var proposal = await ProposalsApi.LoadAsync(db, id, ct) ?? throw AppProblemException.NotFound("The proposal");
        if (!Access.CanEdit(user, proposal)) return StatusCode(StatusCodes.Status403Forbidden);
        if (proposal.Status is not (ProposalStatus.Draft or ProposalStatus.ChangesRequested))
        {
            Flash(Text["Only a draft or a proposal sent back for changes can be edited."], "warning");
            return Redirect($"/proposals/{id}");
        }
        var view = await views.BuildAsync(proposal, user, ct);
        Form = ProposalForm.From(view);
        ProposalId = id;
        ReferenceNumber = proposal.ReferenceNumber;
        Status = proposal.Status;
        KindLocked = proposal.Status != ProposalStatus.Draft;
        ShowPassports = Access.CanSeePassports(user, proposal);
        return null;
    }
}
