using System.Collections.Concurrent;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Workflows;

public sealed class WorkflowOptions
{
    public const string Section = "Workflows";
    /// <summary>Folder with the default definitions loaded on first start; defaults to the copy next to the app.</summary>
    public string? DefaultsPath { get; set; }
    /// <summary>Grades whose holders count as leaders (a delegation they head routes to Leadership).</summary>
    public string[] LeaderGrades { get; set; } = ["minister", "deputy-minister", "president", "vice-president"];

    public string ResolveDefaultsPath() =>
        DefaultsPath is { Length: > 0 } p ? p : Path.Combine(AppContext.BaseDirectory, "workflows");
}

/// <summary>
/// Published definition versions. A version never changes once published, so a parsed version may be cached by
/// (id, version) on any node; which version is the latest is always read from the database.
/// </summary>
public sealed class DefinitionStore(WorkflowOptions options)
{
    private readonly ConcurrentDictionary<(string, int), WorkflowDefinition> _parsed = new();

    public DefinitionLoader Loader { get; } = new(Roles.All);

    public async Task<WorkflowDefinition> GetAsync(DelegationsDbContext db, string id, int version, CancellationToken ct)
    {
        if (_parsed.TryGetValue((id, version), out var cached)) return cached;
        var record = await db.WorkflowVersions.AsNoTracking().FirstOrDefaultAsync(v => v.DefinitionId == id && v.Version == version, ct)
                     ?? throw new InvalidOperationException($"Workflow {id} v{version} is not in the database.");
        return _parsed.GetOrAdd((id, version), _ => Loader.Load(record.Json, record.Version));
    }

    /// <summary>The latest published version of the definition that applies to a kind of proposal.</summary>
    public async Task<WorkflowDefinition?> LatestForKindAsync(DelegationsDbContext db, string kind, CancellationToken ct)
    {
        var candidates = await db.WorkflowVersions.AsNoTracking()
            .Where(v => v.AppliesToKind == kind)
            .GroupBy(v => v.DefinitionId)
            .Select(g => new { Id = g.Key, Version = g.Max(v => v.Version) })
            .OrderBy(x => x.Id)
            .ToListAsync(ct);
        var first = candidates.FirstOrDefault();
        return first is null ? null : await GetAsync(db, first.Id, first.Version, ct);
    }

    /// <summary>Stores a new immutable version (n+1) of a valid definition.</summary>
    public async Task<WorkflowVersionRecord> PublishAsync(DelegationsDbContext db, string json, string? publishedBy, DateTimeOffset now, CancellationToken ct)
    {
        var parsed = Loader.Load(json);
        var record = await db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.Id == parsed.Id, ct);
        if (record is null)
        {
            record = new WorkflowDefinitionRecord { Id = parsed.Id, NameVi = parsed.Name.Vi, NameEn = parsed.Name.En, CreatedAt = now };
            db.WorkflowDefinitions.Add(record);
        }
        record.LatestVersion++;
        record.NameVi = parsed.Name.Vi;
        record.NameEn = parsed.Name.En;
        record.DraftJson = null;
        var versioned = DefinitionLoader.WithVersion(json, record.LatestVersion);
        var version = new WorkflowVersionRecord
        {
            DefinitionId = parsed.Id,
            Version = record.LatestVersion,
            Json = versioned,
            AppliesToKind = parsed.AppliesTo.GetValueOrDefault("kind"),
            PublishedAt = now,
            PublishedBy = publishedBy,
        };
        db.WorkflowVersions.Add(version);
        return version;
    }

    /// <summary>On first start: publishes every default definition file the database does not have yet.</summary>
    public async Task SeedDefaultsAsync(DelegationsDbContext db, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var dir = options.ResolveDefaultsPath();
        if (!Directory.Exists(dir))
        {
            logger.LogWarning("No default workflow folder at {Path}", dir);
            return;
        }
        foreach (var file in Directory.GetFiles(dir, "*.json").Where(f => Path.GetFileName(f) != "schema.json").Order())
        {
            var json = await File.ReadAllTextAsync(file, ct);
            var id = Loader.Load(json).Id; // a broken default file stops the start, loudly
            if (await db.WorkflowDefinitions.AnyAsync(d => d.Id == id, ct)) continue;
            await PublishAsync(db, json, "defaults", clock.GetUtcNow(), ct);
            logger.LogInformation("Loaded default workflow {Id} from {File}", id, file);
        }
        await db.SaveChangesAsync(ct);
    }
}
