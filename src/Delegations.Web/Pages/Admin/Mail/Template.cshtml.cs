using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin.Mail;

/// <summary>
/// Edits one mail template: the Liquid is checked before anything is saved, and "Preview" renders what is typed
/// against a real proposal the admin picks, without saving. "Back to the default" removes the admin's copy.
/// </summary>
public sealed class TemplateModel(Viewer viewer, MailAdmin mail, UiMessages messages, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Language { get; set; } = "";
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Html { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? ProposalId { get; set; }

    public MailAdmin.TemplateView Template { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string ReferenceNumber, string Title)> Proposals { get; private set; } = [];
    public MailAdmin.Preview? Preview { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? FormError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        Subject = Template.Subject;
        Text = Template.Text;
        Html = Template.Html;
        await PreviewAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        await PreviewAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        try
        {
            await mail.SaveAsync(await viewer.GetAsync(ct), Name, Language, new MailAdmin.TemplateInput(Subject, Text, Html), ct);
        }
        catch (AppProblemException problem) when (problem.Status == StatusCodes.Status400BadRequest)
        {
            Show(problem);
            return Page();
        }
        TempData["Flash"] = text["The template was saved: mail from now on uses it."].Value;
        return Redirect($"/admin/mail/templates/{Name}/{Language}{(ProposalId is { } id ? $"?proposalId={id}" : "")}");
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal) return refusal;
        await mail.ResetAsync(await viewer.GetAsync(ct), Name, Language, ct);
        TempData["Flash"] = text["The template is back to its default."].Value;
        return Redirect($"/admin/mail/templates/{Name}/{Language}");
    }

    private async Task PreviewAsync(CancellationToken ct)
    {
        try
        {
            Preview = await mail.PreviewAsync(await viewer.GetAsync(ct), Name, Language, new MailAdmin.PreviewRequest(ProposalId, Subject, Text, Html), ct);
            ProposalId = Preview.ProposalId;
        }
        catch (AppProblemException problem) when (problem.Status == StatusCodes.Status400BadRequest)
        {
            Show(problem);
        }
    }

    private void Show(AppProblemException problem)
    {
        if (problem.Errors is null) FormError = messages.Translate(problem.Message);
        else foreach (var (field, list) in problem.Errors) Errors[field] = string.Join(" ", messages.Translate(list));
    }

    /// <summary>Admins only (403 page); an unknown template is a 404.</summary>
    private async Task<IActionResult?> RefusalAsync(CancellationToken ct)
    {
        if (!(await viewer.GetAsync(ct)).IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            Template = await mail.TemplateAsync(Name, Language, ct);
        }
        catch (AppProblemException problem) when (problem.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        Proposals = await mail.RecentProposalsAsync(ct);
        return null;
    }
}
