using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin.Workflows;

/// <summary>
/// The workflow editor: the definition's JSON (CodeMirror with completion from the schema, when scripts run) beside a
/// live diagram, the validator's errors linked to their lines; save the draft, validate, publish, discard; the
/// versions with their running instances, export and diff. Without scripts it still works as a plain form.
/// </summary>
public sealed class EditModel(DelegationsDbContext db, WorkflowAdmin admin, UiMessages messages, IStringLocalizer<UiText> text) : AdminPage
{
    public sealed record VersionRow(int Version, DateTimeOffset PublishedAt, string? PublishedBy, int Running);

    public WorkflowDefinitionRecord Record { get; private set; } = null!;
    [BindProperty] public string? Json { get; set; }
    /// <summary>What the editor holds: "draft", "version" (the latest, no draft saved) or "from" (an older version opened to start from).</summary>
    public string Source { get; private set; } = "draft";
    public int? FromVersion { get; private set; }
    public IReadOnlyList<WorkflowAdminApi.ValidationError> Errors { get; private set; } = [];
    public bool ValidatedOk { get; private set; }
    public string? Diagram { get; private set; }
    public IReadOnlyList<DefinitionChange> DraftChanges { get; private set; } = [];
    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, int? from, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (from is { } v)
        {
            Json = await admin.VersionJsonAsync(id, v, ct);
            Source = "from";
            FromVersion = v;
        }
        else
        {
            var (json, isDraft) = await admin.WorkingCopyAsync(id, ct);
            Json = json;
            Source = isDraft ? "draft" : "version";
        }
        Draw();
        return Page();
    }

    public async Task<IActionResult> OnPostValidateAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Errors = InLanguage(WorkflowAdminApi.Errors(admin.Store, Json ?? "", id), messages);
        ValidatedOk = Errors.Count == 0;
        Draw();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var (saved, errors) = string.IsNullOrWhiteSpace(Json)
            ? (null, [new WorkflowAdminApi.ValidationError(null, "$", "json", "The definition is empty.", 1)])
            : await admin.SaveDraftAsync(Admin, id, Json, "draft saved", ct);
        if (saved is null)
        {
            Errors = InLanguage(errors, messages);
            Draw();
            return Page();
        }
        Flash(text["Draft saved. Nothing changes for proposals until you publish it."]);
        return Redirect($"/admin/workflows/{id}");
    }

    public async Task<IActionResult> OnPostPublishAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Record.DraftJson is null)
        {
            Flash(text["There is no saved draft to publish."], "warning");
            return Redirect($"/admin/workflows/{id}");
        }
        var (published, errors) = await admin.PublishAsync(Admin, id, ct);
        if (published is null)
        {
            Json = Record.DraftJson;
            Errors = InLanguage(errors, messages);
            Draw();
            return Page();
        }
        Flash(text["Published as version {0}. New proposals follow it; running ones stay on their version.", published.Version]);
        return Redirect($"/admin/workflows/{id}");
    }

    public async Task<IActionResult> OnPostDiscardAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        await admin.DiscardDraftAsync(Admin, id, ct);
        Flash(text["The draft was discarded."]);
        return Redirect($"/admin/workflows/{id}");
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        Record = await admin.FindAsync(id, ct);
        var running = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == id && i.Status != "completed" && i.Status != "rejected" && i.Status != "cancelled")
            .GroupBy(i => i.DefinitionVersion).Select(g => new { Version = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Version, x => x.Count, ct);
        var versions = await db.WorkflowVersions.AsNoTracking().Where(v => v.DefinitionId == id).OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.PublishedAt, v.PublishedBy }).ToListAsync(ct);
        Versions = versions.Select(v => new VersionRow(v.Version, v.PublishedAt, v.PublishedBy, running.GetValueOrDefault(v.Version))).ToList();
        if (Record.DraftJson is not null)
        {
            var latest = await admin.VersionJsonAsync(id, Record.LatestVersion, ct);
            DraftChanges = DefinitionDiff.Compare(latest, Record.DraftJson);
        }
    }

    /// <summary>The diagram of what the editor holds, when it is valid.</summary>
    private void Draw()
    {
        if (string.IsNullOrWhiteSpace(Json)) return;
        var result = admin.Store.Loader.Validate(Json);
        if (result.Definition is { } definition && result.Errors.Count == 0)
            Diagram = WorkflowDiagram.Render(definition, WorkflowDiagram.Marks.None, UiCulture.Language, "draft");
    }

    public string Name => UiCulture.IsEnglish ? Record.NameEn : Record.NameVi;
}
