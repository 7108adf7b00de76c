using Delegations.Web.Mail;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Delegations.Web.Pages.Admin.Mail;

/// <summary>The mail templates, each in Vietnamese and English: the shipped default, or an admin's edit of it.</summary>
public sealed class TemplatesModel(Viewer viewer, MailAdmin mail) : PageModel
{
    public IReadOnlyList<MailAdmin.TemplateSummary> Templates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await viewer.GetAsync(ct)).IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        Templates = await mail.TemplatesAsync(ct);
        return Page();
    }
}
