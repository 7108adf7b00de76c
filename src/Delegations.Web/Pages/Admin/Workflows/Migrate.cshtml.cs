using Delegations.Web.Admin;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin.Workflows;

/// <summary>
/// Moves chosen running instances of older versions to a newer one. A dry run says per instance whether it can move
/// (every step it waits in exists there, with a compatible type) and why not; moving journals each instance that moved
/// and leaves the others on their version.
/// </summary>
public sealed class MigrateModel(WorkflowAdmin admin, IStringLocalizer<UiText> text) : AdminPage
{
    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int LatestVersion { get; private set; }
    [BindProperty(SupportsGet = true)] public int? ToVersion { get; set; }
    [BindProperty] public List<Guid> Chosen { get; set; } = [];
    public IReadOnlyList<WorkflowAdmin.RunningInstance> Instances { get; private set; } = [];
    public WorkflowAdminApi.MigrateResult? Result { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostDryRunAsync(string id, CancellationToken ct) => RunAsync(id, dryRun: true, ct);

    public Task<IActionResult> OnPostMoveAsync(string id, CancellationToken ct) => RunAsync(id, dryRun: false, ct);

    private async Task<IActionResult> RunAsync(string id, bool dryRun, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Chosen.Count == 0)
        {
            Error = text["Choose the instances to check or move."];
            return Page();
        }
        try
        {
            Result = await admin.MigrateAsync(Admin, id, new WorkflowAdminApi.MigrateRequest(ToVersion, Chosen, dryRun), ct);
        }
        catch (Exception e) when (RefusalMessage(e) is { } message)
        {
            Error = message;
            return Page();
        }
        if (!dryRun) Instances = await admin.RunningAsync(id, ToVersion, ct);
        return Page();
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        var record = await admin.FindAsync(id, ct);
        Id = id;
        Name = UiCulture.IsEnglish ? record.NameEn : record.NameVi;
        LatestVersion = record.LatestVersion;
        ToVersion ??= record.LatestVersion;
        Instances = await admin.RunningAsync(id, ToVersion, ct);
    }

    public WorkflowAdminApi.MigrationItem? ResultFor(Guid instanceId) => Result?.Instances.FirstOrDefault(i => i.InstanceId == instanceId);
}
