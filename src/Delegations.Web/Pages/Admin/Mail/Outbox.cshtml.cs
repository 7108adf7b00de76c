using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin.Mail;

/// <summary>The outbox for admins: mail that failed, is retrying or is stuck, with its error and a resend button.</summary>
public sealed class OutboxModel(Viewer viewer, MailAdmin mail, UiMessages messages, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public MailAdmin.OutboxPage Outbox { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await viewer.GetAsync(ct)).IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        if (Status is not null && !MailAdmin.OutboxFilters.Contains(Status)) Status = null; // a hand-edited filter is not an error page
        Outbox = await mail.OutboxAsync(Status, PageNumber, 50, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        if (!user.IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            var result = await mail.ResendAsync(user, id, ct);
            TempData["Flash"] = result.Delivered
                ? text["Sent to {0}.", result.Message.ToEmail].Value
                : text["Not sent to {0}: {1}. It stays in the outbox and is tried again.", result.Message.ToEmail, result.Message.LastError ?? ""].Value;
            TempData["FlashKind"] = result.Delivered ? "success" : "warning";
        }
        catch (AppProblemException problem) when (problem.Status is StatusCodes.Status409Conflict or StatusCodes.Status404NotFound)
        {
            TempData["Flash"] = messages.Translate(problem.Message);
            TempData["FlashKind"] = "danger";
        }
        return Redirect($"/admin/mail/outbox{(Status is null ? "" : "?status=" + Uri.EscapeDataString(Status))}");
    }
}
