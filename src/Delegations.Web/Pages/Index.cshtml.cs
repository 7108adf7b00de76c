using Delegations.Web.Accounts;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Delegations.Web.Pages;

/// <summary>The start page: approvers start from their inbox, everyone else from their proposals.</summary>
public sealed class IndexModel(Viewer viewer) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        var approver = Roles.Approvers.Any(user.IsInRole);
        return Redirect(approver && !user.IsInRole(Roles.Submitter) ? "/inbox" : "/proposals");
    }
}
