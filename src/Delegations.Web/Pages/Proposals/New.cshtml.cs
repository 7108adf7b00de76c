using Delegations.Web.Accounts;
using Delegations.Web.Proposals;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Proposals;

/// <summary>A new proposal: save it as a draft, or save and submit it in one go.</summary>
public sealed class NewModel(Viewer viewer, ProposalCommands commands, IStringLocalizer<UiText> text, UiMessages messages)
    : ProposalFormPage(text, messages)
{
    public async Task<IActionResult> OnGetAsync(string? kind, CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        if (kind is "inbound" or "conference") Form.Kind = kind;
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => SaveAsync(submit: true, ct);

    public async Task<IActionResult> OnPostEstimateAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        await EstimateAsync(ct);
        return Page();
    }

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        var user = await viewer.GetAsync(ct);
        if (ValidInput() is not { } input) return Page();
        Guid id = default;
        if (!await TryAsync(async () => id = await commands.CreateAsync(user, input, ct))) return Page();
        if (!submit)
        {
            Flash(Text["The draft was saved."]);
            return Redirect($"/proposals/{id}/edit");
        }
        if (!await TryAsync(() => commands.SubmitAsync(user, id, ct)))
        {
            // The draft is kept; the reason it could not go further is shown where the user can act on it.
            Flash(Text["The draft was saved but could not be submitted: {0}", FormError ?? ""], "warning");
            return Redirect($"/proposals/{id}/edit");
        }
        Flash(Text["The proposal was submitted for approval."]);
        return Redirect($"/proposals/{id}");
    }

    private async Task<IActionResult?> RefusalAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        ShowPassports = true; // the author always sees the passports of their own proposal
        return user.IsInRole(Roles.Submitter) || user.IsAdmin ? null : StatusCode(StatusCodes.Status403Forbidden);
    }
}
