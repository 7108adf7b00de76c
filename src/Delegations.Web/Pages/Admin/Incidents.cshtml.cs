using Delegations.Web.Admin;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin;

/// <summary>
/// Faulted workflow instances (an expression threw, a template failed): the step, the message and the time; retry
/// after the fix (a corrected version the instance was migrated to, or corrected data), or cancel with a reason.
/// </summary>
public sealed class IncidentsModel(WorkflowAdmin admin, UiMessages messages, IStringLocalizer<UiText> text) : AdminPage
{
    public IReadOnlyList<WorkflowAdminApi.IncidentView> Incidents { get; private set; } = [];
    public Guid? ErrorFor { get; private set; }
    public string? Error { get; private set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Incidents = await admin.IncidentsAsync(ct);

    public async Task<IActionResult> OnPostRetryAsync(Guid instance, CancellationToken ct)
    {
        try
        {
            var proposalId = await admin.RetryAsync(Admin, instance, ct);
            var still = (await admin.IncidentsAsync(ct)).FirstOrDefault(i => i.InstanceId == instance);
            if (still is null) Flash(text["Retried: the workflow goes on."]);
            else Flash(text["Retried, but it failed again at {0}: {1}", still.StepId, still.Message], "warning");
            return Redirect("/admin/incidents");
        }
        catch (Exception e) when (RefusalMessage(e) is { } message)
        {
            return await ShowAsync(instance, message, ct);
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid instance, CancellationToken ct)
    {
        try
        {
            await admin.CancelAsync(Admin, instance, Reason, ct);
            Flash(text["The workflow was cancelled."]);
            return Redirect("/admin/incidents");
        }
        catch (Exception e) when (RefusalMessage(e) is { } message)
        {
            return await ShowAsync(instance, message, ct);
        }
    }

    private async Task<IActionResult> ShowAsync(Guid instance, string message, CancellationToken ct)
    {
        ErrorFor = instance;
        Error = messages.Translate(message);
        Incidents = await admin.IncidentsAsync(ct);
        return Page();
    }
}
