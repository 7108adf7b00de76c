using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using static Delegations.Web.Admin.WorkflowAdminApi;

namespace Delegations.Web.Admin;

/// <summary>
/// What an admin does to workflow definitions and their instances — save a draft, import, publish, simulate, migrate,
/// retry, cancel — in one place, used by the API (<see cref="WorkflowAdminApi"/>) and the admin pages alike. Each
/// change is one transaction with its audit entry; an invalid definition comes back as its errors and saves nothing.
/// </summary>
public sealed class WorkflowAdmin(
    DelegationsDbContext db,
    DefinitionStore store,
    WorkflowHost host,
    AccountAudit audit,
    WorkflowOptions options,
    TimeProvider clock)
{
    public DefinitionStore Store => store;

    public async Task<WorkflowDefinitionRecord> FindAsync(string id, CancellationToken ct) =>
        await db.WorkflowDefinitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw AppProblemException.NotFound($"Workflow '{id}'");

    /// <summary>The JSON an edit starts from: the saved draft, else the latest published version.</summary>
    public async Task<(string Json, bool IsDraft)> WorkingCopyAsync(string id, CancellationToken ct)
    {
        var record = await FindAsync(id, ct);
        if (record.DraftJson is not null) return (record.DraftJson, true);
        var latest = await db.WorkflowVersions.AsNoTracking().FirstAsync(v => v.DefinitionId == id && v.Version == record.LatestVersion, ct);
        return (latest.Json, false);
    }

    public async Task<string> VersionJsonAsync(string id, int version, CancellationToken ct) =>
        (await db.WorkflowVersions.AsNoTracking().FirstOrDefaultAsync(v => v.DefinitionId == id && v.Version == version, ct)
         ?? throw AppProblemException.NotFound($"Version {version} of '{id}'")).Json;

    /// <summary>Saves the draft when it is valid; else returns every error and saves nothing.</summary>
    public async Task<(SaveResult? Saved, List<ValidationError> Errors)> SaveDraftAsync(UserContext user, string id, string json, string note, CancellationToken ct)
    {
        var record = await db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw AppProblemException.NotFound($"Workflow '{id}'");
        var errors = Errors(store, json, id);
        if (errors.Count > 0) return (null, errors);
        record.DraftJson = Pretty(json);
        record.DraftSavedAt = clock.GetUtcNow();
        record.DraftSavedBy = user.FullName;
        audit.Add(AuditKinds.DefinitionSaved, user.Id, user.FullName, id, note);
        await db.SaveChangesAsync(ct);
        return (new SaveResult(id, true, record.DraftSavedAt.Value), []);
    }

    /// <summary>Imports a definition file as the draft of its id (a new definition when the id is new).</summary>
    public async Task<(SaveResult? Saved, List<ValidationError> Errors)> ImportAsync(UserContext user, string json, CancellationToken ct)
    {
        var errors = Errors(store, json, expectedId: null);
        if (errors.Count > 0) return (null, errors);
        var definition = store.Loader.Load(json);
        var now = clock.GetUtcNow();
        var record = await db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.Id == definition.Id, ct);
        if (record is null)
        {
            record = new WorkflowDefinitionRecord { Id = definition.Id, NameVi = definition.Name.Vi, NameEn = definition.Name.En, CreatedAt = now };
            db.WorkflowDefinitions.Add(record);
        }
        record.DraftJson = Pretty(json);
        record.DraftSavedAt = now;
        record.DraftSavedBy = user.FullName;
        audit.Add(AuditKinds.DefinitionSaved, user.Id, user.FullName, definition.Id, "imported as draft");
        await db.SaveChangesAsync(ct);
        return (new SaveResult(definition.Id, true, now), []);
    }

    /// <summary>Publishes the saved draft as version n+1 (409 when there is none; its errors when it is not valid).</summary>
    public async Task<(PublishResult? Published, List<ValidationError> Errors)> PublishAsync(UserContext user, string id, CancellationToken ct)
    {
        var record = await FindAsync(id, ct);
        if (record.DraftJson is null) throw AppProblemException.Conflict("There is no draft to publish: save one first.");
        var errors = Errors(store, record.DraftJson, id);
        if (errors.Count > 0) return (null, errors);
        var version = await db.SaveWithRetryAsync(async () =>
        {
            var published = await store.PublishAsync(db, record.DraftJson, user.FullName, clock.GetUtcNow(), ct);
            audit.Add(AuditKinds.DefinitionPublished, user.Id, user.FullName, id, $"version {published.Version}");
            return published;
        }, ct);
        return (new PublishResult(id, version.Version, version.PublishedAt), []);
    }

    /// <summary>Discards the saved draft (the published versions stay as they are).</summary>
    public async Task DiscardDraftAsync(UserContext user, string id, CancellationToken ct)
    {
        var record = await db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw AppProblemException.NotFound($"Workflow '{id}'");
        if (record.DraftJson is null) return;
        record.DraftJson = null;
        record.DraftSavedAt = null;
        record.DraftSavedBy = null;
        audit.Add(AuditKinds.DefinitionSaved, user.Id, user.FullName, id, "draft discarded");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>"Try it": a proposal (JSON, or an existing one's data) through a version or the draft, with no side effects.</summary>
    public async Task<SimulationResult> SimulateAsync(UserContext user, string id, SimulateRequest request, CancellationToken ct)
    {
        var definition = await DefinitionForAsync(id, request.UseDraft == true, request.Version, ct);
        JsonObject proposal;
        if (request.ProposalId is { } proposalId)
        {
            var existing = await ProposalsApi.FindVisibleAsync(db, user, proposalId, ct);
            proposal = ProposalWorkflowData.Build(existing, options);
        }
        else
        {
            proposal = request.Proposal ?? throw AppProblemException.Invalid("proposal", "Give the proposal data to simulate (as the workflow sees it), or a proposalId.");
        }
        return WorkflowSimulator.Run(definition, new JsonObject { ["proposal"] = proposal.DeepClone() }, request.Start ?? clock.GetUtcNow(),
            request.Outcomes, await host.CalendarAsync(ct));
    }

    /// <summary>The draft (which must be valid) or a published version (the latest when none is named).</summary>
    public async Task<WorkflowDefinition> DefinitionForAsync(string id, bool draft, int? version, CancellationToken ct)
    {
        var record = await FindAsync(id, ct);
        if (!draft) return await store.GetAsync(db, id, version ?? record.LatestVersion, ct);
        var json = record.DraftJson ?? throw AppProblemException.NotFound($"A draft of '{id}'");
        var errors = Errors(store, json, id);
        if (errors.Count > 0) throw AppProblemException.Invalid("draft", "The draft is not valid: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        return store.Loader.Load(json);
    }

    public sealed record RunningInstance(Guid InstanceId, Guid ProposalId, string ReferenceNumber, string Title, int Version, string Status, IReadOnlyList<string> WaitingIn);

    /// <summary>Running (not finished) instances of a definition on any version other than <paramref name="exceptVersion"/>.</summary>
    public async Task<List<RunningInstance>> RunningAsync(string id, int? exceptVersion, CancellationToken ct)
    {
        var rows = await (from i in db.WorkflowInstances.AsNoTracking()
                          join p in db.Proposals.AsNoTracking() on i.ProposalId equals p.Id
                          where i.DefinitionId == id && i.Status != "completed" && i.Status != "rejected" && i.Status != "cancelled"
                          select new { i.Id, i.ProposalId, p.ReferenceNumber, p.Title, i.DefinitionVersion, i.Status, i.StateJson }).ToListAsync(ct);
        return rows.Where(r => exceptVersion is null || r.DefinitionVersion != exceptVersion)
            .OrderBy(r => r.ReferenceNumber, StringComparer.Ordinal)
            .Select(r => new RunningInstance(r.Id, r.ProposalId, r.ReferenceNumber, r.Title, r.DefinitionVersion, r.Status,
                WorkflowInstanceJson.Deserialize(r.StateJson).Tokens.Select(t => t.StepId).Distinct().ToList()))
            .ToList();
    }

    /// <summary>
    /// Moves running instances to a version: a dry run says per instance whether it can move and why not; a real run
    /// moves each movable one in its own transaction (journalled and audited) and leaves the others alone.
    /// </summary>
    public async Task<MigrateResult> MigrateAsync(UserContext user, string id, MigrateRequest request, CancellationToken ct)
    {
        var record = await FindAsync(id, ct);
        var toVersion = request.ToVersion ?? record.LatestVersion;
        if (toVersion < 1 || toVersion > record.LatestVersion) throw AppProblemException.Invalid("toVersion", $"'{id}' has no version {toVersion}.");
        var target = await store.GetAsync(db, id, toVersion, ct);
        var candidates = await (from i in db.WorkflowInstances.AsNoTracking()
                                join p in db.Proposals.AsNoTracking() on i.ProposalId equals p.Id
                                where i.DefinitionId == id && i.DefinitionVersion != toVersion
                                      && i.Status != "completed" && i.Status != "rejected" && i.Status != "cancelled"
                                select new { i.Id, i.ProposalId, p.ReferenceNumber, i.DefinitionVersion, i.StateJson }).ToListAsync(ct);
        if (request.InstanceIds is { Count: > 0 } chosen)
        {
            var unknown = chosen.Except(candidates.Select(c => c.Id)).ToList();
            if (unknown.Count > 0) throw AppProblemException.Invalid("instanceIds", $"Not running instances of '{id}' on another version: {string.Join(", ", unknown)}.");
            candidates = candidates.Where(c => chosen.Contains(c.Id)).ToList();
        }

        var items = new List<MigrationItem>();
        foreach (var c in candidates.OrderBy(c => c.ReferenceNumber, StringComparer.Ordinal))
        {
            var reasons = WorkflowEngine.CheckMigration(WorkflowInstanceJson.Deserialize(c.StateJson), target);
            if (reasons.Count > 0 || request.DryRun != false)
            {
                items.Add(new MigrationItem(c.Id, c.ProposalId, c.ReferenceNumber, c.DefinitionVersion, false, reasons));
                continue;
            }
            // Each instance moves in its own transaction; one refused never blocks the others.
            try
            {
                await db.SaveWithRetryAsync(async () =>
                {
                    var proposal = await ProposalsApi.LoadAsync(db, c.ProposalId, ct, tracking: true) ?? throw AppProblemException.NotFound("The proposal");
                    await host.RunAsync(proposal, l => l.Engine.Migrate(l.Definition, l.Instance, new MigrateCommand { Actor = new Actor(user.Id, user.FullName), Target = target }), ct);
                    audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, proposal.ReferenceNumber, $"migrated {id} v{c.DefinitionVersion} -> v{toVersion}");
                    return true;
                }, ct);
                items.Add(new MigrationItem(c.Id, c.ProposalId, c.ReferenceNumber, c.DefinitionVersion, true, []));
            }
            catch (WorkflowCommandException ex)
            {
                items.Add(new MigrationItem(c.Id, c.ProposalId, c.ReferenceNumber, c.DefinitionVersion, false, [ex.Message]));
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return new MigrateResult(toVersion, request.DryRun != false, items);
    }

    public async Task<List<WorkflowAdminApi.IncidentView>> IncidentsAsync(CancellationToken ct)
    {
        var rows = await (from i in db.WorkflowInstances.AsNoTracking()
                          join p in db.Proposals.AsNoTracking() on i.ProposalId equals p.Id
                          where i.Status == "faulted"
                          select new { i, p.ReferenceNumber, p.Title }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.i.IncidentAt ?? r.i.UpdatedAt)
            .Select(r => new WorkflowAdminApi.IncidentView(r.i.Id, r.i.ProposalId, r.ReferenceNumber, r.Title, r.i.DefinitionId, r.i.DefinitionVersion,
                r.i.IncidentStepId ?? "", r.i.IncidentMessage ?? "", r.i.IncidentAt ?? r.i.UpdatedAt)).ToList();
    }

    /// <summary>Retries a faulted instance (after its definition was fixed and the instance moved to it). Returns the proposal's id.</summary>
    public async Task<Guid> RetryAsync(UserContext user, Guid instanceId, CancellationToken ct)
    {
        var proposalId = await ProposalOfAsync(instanceId, ct);
        await db.SaveWithRetryAsync(async () =>
        {
            var proposal = await ProposalsApi.LoadAsync(db, proposalId, ct, tracking: true) ?? throw AppProblemException.NotFound("The proposal");
            await host.RunAsync(proposal, l => l.Engine.Retry(l.Definition, l.Instance, new RetryCommand { Actor = new Actor(user.Id, user.FullName), Variables = host.Variables(proposal) }), ct);
            audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, proposal.ReferenceNumber, "retried the faulted workflow");
            return true;
        }, ct);
        return proposalId;
    }

    /// <summary>Cancels an instance with a reason (required). Returns the proposal's id.</summary>
    public async Task<Guid> CancelAsync(UserContext user, Guid instanceId, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw AppProblemException.Invalid("reason", "A reason is required to cancel.");
        var proposalId = await ProposalOfAsync(instanceId, ct);
        await db.SaveWithRetryAsync(async () =>
        {
            var proposal = await ProposalsApi.LoadAsync(db, proposalId, ct, tracking: true) ?? throw AppProblemException.NotFound("The proposal");
            await host.RunAsync(proposal, l => l.Engine.Cancel(l.Definition, l.Instance, new CancelCommand { Actor = new Actor(user.Id, user.FullName), Reason = reason.Trim() }), ct);
            audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, proposal.ReferenceNumber, "cancelled the workflow: " + reason.Trim());
            return true;
        }, ct);
        return proposalId;
    }

    private async Task<Guid> ProposalOfAsync(Guid instanceId, CancellationToken ct) =>
        await db.WorkflowInstances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => (Guid?)i.ProposalId).FirstOrDefaultAsync(ct)
        ?? throw AppProblemException.NotFound("The workflow instance");

    public static string Pretty(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
