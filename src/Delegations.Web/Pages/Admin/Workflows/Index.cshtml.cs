using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Delegations.Web.Ui;

namespace Delegations.Web.Pages.Admin.Workflows;

/// <summary>The workflow definitions: name, latest version, whether a draft is saved, running instances per version; import a file.</summary>
public sealed class IndexModel(DelegationsDbContext db, WorkflowAdmin admin, UiMessages messages, IStringLocalizer<UiText> text) : AdminPage
{
    public sealed record Row(string Id, string NameVi, string NameEn, int LatestVersion, bool DraftPresent, DateTimeOffset? DraftSavedAt, string? AppliesToKind,
        IReadOnlyList<(int Version, int Running)> Running);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<WorkflowAdminApi.ValidationError> ImportErrors { get; private set; } = [];
    public string? ImportError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ImportError = text["Choose a definition file (.json) to import."];
            await LoadAsync(ct);
            return Page();
        }
        if (file.Length > 1_000_000)
        {
            ImportError = text["The file is too large for a workflow definition (at most 1 MB)."];
            await LoadAsync(ct);
            return Page();
        }
        using var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8);
        var json = await reader.ReadToEndAsync(ct);
        var (saved, errors) = await admin.ImportAsync(Admin, json, ct);
        if (saved is null)
        {
            ImportErrors = InLanguage(errors, messages);
            await LoadAsync(ct);
            return Page();
        }
        Flash(text["Imported as the draft of {0}: check it, then publish.", saved.Id]);
        return Redirect($"/admin/workflows/{saved.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var definitions = await db.WorkflowDefinitions.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        var kinds = await db.WorkflowVersions.AsNoTracking().GroupBy(v => v.DefinitionId).Select(g => new { g.Key, Kind = g.Max(v => v.AppliesToKind) }).ToDictionaryAsync(x => x.Key, x => x.Kind, ct);
        var running = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.Status != "completed" && i.Status != "rejected" && i.Status != "cancelled")
            .GroupBy(i => new { i.DefinitionId, i.DefinitionVersion })
            .Select(g => new { g.Key.DefinitionId, g.Key.DefinitionVersion, Count = g.Count() })
            .ToListAsync(ct);
        Rows = definitions.Select(d => new Row(d.Id, d.NameVi, d.NameEn, d.LatestVersion, d.DraftJson is not null, d.DraftSavedAt, kinds.GetValueOrDefault(d.Id),
            running.Where(r => r.DefinitionId == d.Id).OrderByDescending(r => r.DefinitionVersion).Select(r => (r.DefinitionVersion, r.Count)).ToList())).ToList();
    }
}
