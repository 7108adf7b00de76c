using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Admin;

/// <summary>
/// <c>/api/admin/workflows</c>: admins read, validate, save drafts of, publish, diff, export, import, simulate and
/// migrate workflow definitions; <c>/api/admin/incidents</c>: faulted instances, retried or cancelled.
/// Everything here is for admins only (403 for anyone else) and goes to the audit log.
/// </summary>
public static class WorkflowAdminApi
{
    public sealed record WorkflowSummary(string Id, string NameVi, string NameEn, int LatestVersion, bool DraftPresent, int RunningInstances, string? AppliesToKind);
    public sealed record VersionInfo(int Version, DateTimeOffset PublishedAt, string? PublishedBy, int RunningInstances);
    public sealed record WorkflowDetail(string Id, string NameVi, string NameEn, int LatestVersion, JsonNode? Draft, DateTimeOffset? DraftSavedAt, string? DraftSavedBy, IReadOnlyList<VersionInfo> Versions);
    public sealed record VersionDetail(string Id, int Version, DateTimeOffset PublishedAt, string? PublishedBy, JsonNode Definition);
    public sealed record ValidationError(string? StepId, string Path, string Code, string Message, int? Line = null);
    public sealed record SaveResult(string Id, bool Valid, DateTimeOffset SavedAt);
    public sealed record PublishResult(string Id, int Version, DateTimeOffset PublishedAt);
    public sealed record SimulateRequest(JsonObject? Proposal, Guid? ProposalId, int? Version, bool? UseDraft, Dictionary<string, string>? Outcomes, DateTimeOffset? Start);
    public sealed record MigrateRequest(int? ToVersion, List<Guid>? InstanceIds, bool? DryRun);
    public sealed record MigrationItem(Guid InstanceId, Guid ProposalId, string ReferenceNumber, int FromVersion, bool Migrated, IReadOnlyList<string> Reasons);
    public sealed record MigrateResult(int ToVersion, bool DryRun, IReadOnlyList<MigrationItem> Instances);
    public sealed record IncidentView(Guid InstanceId, Guid ProposalId, string ReferenceNumber, string Title, string DefinitionId, int Version, string StepId, string Message, DateTimeOffset At);
    public sealed record ReasonRequest(string? Reason);

    public static RouteGroupBuilder MapWorkflowAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin: workflows").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly);
        group.MapGet("/workflows", List).WithSummary("Every definition: name, latest version, whether a draft is saved, running instances.");
        group.MapPost("/workflows", Import).WithSummary("Import a definition file (validated like a draft; saved as the draft of its id).")
            .Accepts<JsonObject>("application/json").ProducesProblem(400).ProducesProblem(409);
        group.MapGet("/workflows/{id}", Get).WithSummary("A definition: its current draft and its published versions.").ProducesProblem(404);
        group.MapPut("/workflows/{id}", SaveDraft).WithSummary("Save a draft; 400 with every error as { stepId, path, message } and nothing saved when it is not valid.")
            .Accepts<JsonObject>("application/json").ProducesProblem(400).ProducesProblem(404);
        group.MapPost("/workflows/{id}/validate", Validate).WithSummary("Validate a definition without saving it.").Accepts<JsonObject>("application/json");
        group.MapPost("/workflows/{id}/diagram", Diagram).WithSummary("The diagram (SVG) of a posted definition, for the editor's live preview; 400 with its errors (in Vietnamese with lang=vi) when it is not valid.")
            .Accepts<JsonObject>("application/json").Produces(200, contentType: "image/svg+xml").ProducesProblem(400);
        group.MapPost("/workflows/{id}/publish", Publish).WithSummary("Publish the draft as a new immutable version (n+1).").ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/workflows/{id}/versions/{version:int}", GetVersion).WithSummary("A published version.").ProducesProblem(404);
        group.MapGet("/workflows/{id}/versions/{version:int}/export", Export).WithSummary("A published version as its JSON file.").ProducesProblem(404);
        group.MapGet("/workflows/{id}/versions/{a:int}/diff/{b:int}", Diff).WithSummary("What changed from version a to version b (\"draft\" compares with the draft: use b = 0).").ProducesProblem(404);
        group.MapPost("/workflows/{id}/simulate", Simulate).WithSummary("Run a proposal (JSON, or an existing proposal's data) through a version or the draft, with no side effects.").ProducesProblem(400).ProducesProblem(404);
        group.MapPost("/workflows/{id}/migrate", Migrate).WithSummary("Move running instances to a newer version; dryRun lists which can move and why not.").ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/workflow-schema.json", () => TypedResults.Content(DefinitionLoader.SchemaJson, "application/schema+json; charset=utf-8"))
            .WithSummary("The JSON Schema of workflow definitions (workflows/schema.json), for the editor's completion.");
        group.MapGet("/incidents", Incidents).WithSummary("Faulted instances with their step, message and time.");
        group.MapPost("/instances/{id:guid}/retry", Retry).WithSummary("Retry a faulted instance (after fixing its data or migrating it to a fixed version).").ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/instances/{id:guid}/cancel", CancelInstance).WithSummary("Cancel an instance with a reason.").ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return group;
    }

    private static async Task<Ok<List<WorkflowSummary>>> List(DelegationsDbContext db, CancellationToken ct)
    {
        var definitions = await db.WorkflowDefinitions.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        var running = await RunningByVersionAsync(db, ct);
        var kinds = await db.WorkflowVersions.AsNoTracking().GroupBy(v => v.DefinitionId).Select(g => new { g.Key, Kind = g.Max(v => v.AppliesToKind) }).ToDictionaryAsync(x => x.Key, x => x.Kind, ct);
        return TypedResults.Ok(definitions.Select(d => new WorkflowSummary(d.Id, d.NameVi, d.NameEn, d.LatestVersion, d.DraftJson is not null,
            running.Where(r => r.Key.Id == d.Id).Sum(r => r.Value), kinds.GetValueOrDefault(d.Id))).ToList());
    }

    private static async Task<Ok<WorkflowDetail>> Get(string id, DelegationsDbContext db, CancellationToken ct)
    {
        var d = await db.WorkflowDefinitions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw AppProblemException.NotFound($"Workflow '{id}'");
        var running = await RunningByVersionAsync(db, ct);
        var versions = await db.WorkflowVersions.AsNoTracking().Where(v => v.DefinitionId == id).OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.PublishedAt, v.PublishedBy }).ToListAsync(ct);
        return TypedResults.Ok(new WorkflowDetail(d.Id, d.NameVi, d.NameEn, d.LatestVersion, d.DraftJson is null ? null : JsonNode.Parse(d.DraftJson),
            d.DraftSavedAt, d.DraftSavedBy,
            versions.Select(v => new VersionInfo(v.Version, v.PublishedAt, v.PublishedBy, running.GetValueOrDefault((id, v.Version)))).ToList()));
    }

    private static async Task<Ok<VersionDetail>> GetVersion(string id, int version, DelegationsDbContext db, CancellationToken ct)
    {
        var v = await FindVersionAsync(db, id, version, ct);
        return TypedResults.Ok(new VersionDetail(v.DefinitionId, v.Version, v.PublishedAt, v.PublishedBy, JsonNode.Parse(v.Json)!));
    }

    private static async Task<FileContentHttpResult> Export(string id, int version, DelegationsDbContext db, CancellationToken ct)
    {
        var v = await FindVersionAsync(db, id, version, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(v.Json), "application/json", $"{id}-v{version}.json");
    }

    private static async Task<Ok<IReadOnlyList<DefinitionChange>>> Diff(string id, int a, int b, DelegationsDbContext db, CancellationToken ct)
    {
        async Task<string> Json(int n)
        {
            if (n != 0) return (await FindVersionAsync(db, id, n, ct)).Json;
            return (await db.WorkflowDefinitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct))?.DraftJson
                   ?? throw AppProblemException.NotFound($"A draft of '{id}'");
        }
        return TypedResults.Ok(DefinitionDiff.Compare(await Json(a), await Json(b)));
    }

    private static async Task<Results<Ok<IReadOnlyList<ValidationError>>, ProblemHttpResult>> Validate(string id, HttpRequest request, DefinitionStore store, CancellationToken ct)
    {
        var json = await ReadBodyAsync(request, ct);
        var errors = Errors(store, json, id);
        return errors.Count == 0 ? TypedResults.Ok<IReadOnlyList<ValidationError>>([]) : Invalid(errors);
    }

    /// <summary>The diagram of posted JSON (the editor's live preview): SVG when it is valid, else its errors as for validate.</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Diagram(string id, string? lang, HttpRequest request, DefinitionStore store, Ui.UiMessages messages, CancellationToken ct)
    {
        var json = await ReadBodyAsync(request, ct);
        var errors = Errors(store, json, id);
        if (errors.Count > 0)
        {
            // The editor asks in its page's language: the messages follow (the API's other endpoints answer in English).
            if (lang == "vi")
            {
                System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("vi");
                errors = errors.Select(e => e with { Message = messages.Translate(e.Message) }).ToList();
            }
            return Invalid(errors);
        }
        var svg = WorkflowDiagram.Render(store.Loader.Load(json), WorkflowDiagram.Marks.None, lang == "en" ? "en" : "vi", "draft");
        return TypedResults.Content(svg, "image/svg+xml; charset=utf-8");
    }

    private static async Task<Results<Ok<SaveResult>, ProblemHttpResult>> SaveDraft(string id, HttpRequest request, WorkflowAdmin admin, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var json = await ReadBodyAsync(request, ct);
        var (saved, errors) = await admin.SaveDraftAsync(user, id, json, "draft saved", ct);
        return saved is null ? Invalid(errors) : TypedResults.Ok(saved);
    }

    private static async Task<Results<Created<SaveResult>, ProblemHttpResult>> Import(HttpRequest request, WorkflowAdmin admin, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var json = await ReadBodyAsync(request, ct);
        var (saved, errors) = await admin.ImportAsync(user, json, ct);
        return saved is null ? Invalid(errors) : TypedResults.Created($"/api/admin/workflows/{saved.Id}", saved);
    }

    private static async Task<Results<Ok<PublishResult>, ProblemHttpResult>> Publish(string id, WorkflowAdmin admin, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var (published, errors) = await admin.PublishAsync(user, id, ct);
        return published is null ? Invalid(errors) : TypedResults.Ok(published);
    }

    private static async Task<Ok<SimulationResult>> Simulate(string id, SimulateRequest request, WorkflowAdmin admin, CurrentUser current, CancellationToken ct) =>
        TypedResults.Ok(await admin.SimulateAsync(await current.GetAsync(ct), id, request, ct));

    private static async Task<Ok<MigrateResult>> Migrate(string id, MigrateRequest request, WorkflowAdmin admin, CurrentUser current, CancellationToken ct) =>
        TypedResults.Ok(await admin.MigrateAsync(await current.GetAsync(ct), id, request, ct));

    private static async Task<Ok<List<IncidentView>>> Incidents(WorkflowAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.IncidentsAsync(ct));

    private static async Task<Ok<ProposalView>> Retry(Guid id, DelegationsDbContext db, WorkflowAdmin admin, CurrentUser current, ProposalViews views, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var proposalId = await admin.RetryAsync(user, id, ct);
        return TypedResults.Ok(await views.BuildAsync((await ProposalsApi.LoadAsync(db, proposalId, ct))!, user, ct));
    }

    private static async Task<Ok<ProposalView>> CancelInstance(Guid id, ReasonRequest request, DelegationsDbContext db, WorkflowAdmin admin, CurrentUser current, ProposalViews views, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var proposalId = await admin.CancelAsync(user, id, request.Reason, ct);
        return TypedResults.Ok(await views.BuildAsync((await ProposalsApi.LoadAsync(db, proposalId, ct))!, user, ct));
    }

    private static async Task<Dictionary<(string Id, int Version), int>> RunningByVersionAsync(DelegationsDbContext db, CancellationToken ct) =>
        (await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.Status != "completed" && i.Status != "rejected" && i.Status != "cancelled")
            .GroupBy(i => new { i.DefinitionId, i.DefinitionVersion })
            .Select(g => new { g.Key.DefinitionId, g.Key.DefinitionVersion, Count = g.Count() })
            .ToListAsync(ct))
        .ToDictionary(x => (x.DefinitionId, x.DefinitionVersion), x => x.Count);

    private static async Task<WorkflowVersionRecord> FindVersionAsync(DelegationsDbContext db, string id, int version, CancellationToken ct) =>
        await db.WorkflowVersions.AsNoTracking().FirstOrDefaultAsync(v => v.DefinitionId == id && v.Version == version, ct)
        ?? throw AppProblemException.NotFound($"Version {version} of '{id}'");

    /// <summary>Schema and graph errors, plus: the file's id must be the one being edited. Each names its line in <paramref name="json"/>.</summary>
    public static List<ValidationError> Errors(DefinitionStore store, string json, string? expectedId)
    {
        var result = store.Loader.Validate(json);
        var errors = result.Errors.Select(e => new ValidationError(e.StepId, e.Path, e.Code, e.Message)).ToList();
        if (expectedId is not null && result.Definition is { } d && d.Id != expectedId)
            errors.Add(new ValidationError(null, "$.id", "id-mismatch", $"The definition's id is '{d.Id}' but you are editing '{expectedId}'."));
        if (errors.Count == 0) return errors;
        var lines = JsonLines.Map(json);
        return errors.Select(e => e with { Line = e.Code == "json" ? JsonErrorLine(e.Message) : JsonLines.LineOf(lines, e.Path) }).ToList();
    }

    // System.Text.Json's message ends "LineNumber: 3 | BytePositionInLine: 5." (from 0).
    private static int? JsonErrorLine(string message) =>
        System.Text.RegularExpressions.Regex.Match(message, @"LineNumber: (\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1 : null;

    private static ProblemHttpResult Invalid(IReadOnlyList<ValidationError> errors) =>
        TypedResults.Problem(
            detail: $"The definition has {errors.Count} error(s); nothing was saved.",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid workflow definition",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) throw AppProblemException.Invalid("$", "The body must be the definition's JSON.");
        return text;
    }
}
