using System.Globalization;
using System.Text.Json;
using Delegations.Web.Infrastructure;
using Delegations.Web.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Delegations.Web.Budget;

public static class NormKinds
{
    /// <summary>Outbound travel caps (Circular 102/2012/TT-BTC, then 140/2025/TT-BTC): per country group and traveller grade.</summary>
    public const string Outbound = "outbound";
    /// <summary>Reception of foreign guests (Circular 71/2018/TT-BTC, then 35/2026/TT-BTC): per guest class and head/member.</summary>
    public const string Reception = "reception";
    public static readonly IReadOnlyList<string> All = [Outbound, Reception];
}

public static class NormCategories
{
    public const string Perdiem = "perdiem";
    public const string Accommodation = "accommodation";
    public const string Meals = "meals";
    public const string Room = "room";
    public const string Gift = "gift";
    public static readonly IReadOnlyList<string> Outbound = [Perdiem, Accommodation];
    public static readonly IReadOnlyList<string> Reception = [Meals, Room, Gift, "interpreting-consecutive", "interpreting-simultaneous", "translation-into-vi", "translation-from-vi"];
    public static readonly IReadOnlyList<string> Units = ["day", "night", "person", "hour", "page"];
}

/// <summary>
/// One cap of a norm table: for a kind (outbound / reception), a country group or guest class, the grades it covers
/// and a category, an amount per unit from an effective date. A new circular is a new set of rows with a later date;
/// old rows stay, so a trip approved under the old rules is still costed by them.
/// </summary>
public sealed class BudgetNorm
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Kind { get; set; }
    /// <summary>The regulation the figure comes from ("102/2012/TT-BTC").</summary>
    public required string Circular { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>Outbound: the country group (A–D); reception: the guest class (A, B, C, other).</summary>
    public required string Group { get; set; }
    /// <summary>Comma-separated traveller grades ("minister,president"), "head" / "deputy" for guests, or "*" for everyone else.</summary>
    public required string Grades { get; set; }
    public required string Category { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public required string Unit { get; set; }
    /// <summary>True for the shipped example figures, until an admin confirms or changes them.</summary>
    public bool Example { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    public bool Covers(string? grade) => Grades == "*" || Grades.Split(',').Contains(grade ?? "", StringComparer.OrdinalIgnoreCase);
}

/// <summary>Which group of countries a country belongs to for the outbound norms, from a date.</summary>
public sealed class CountryGroup
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Country { get; set; }
    public required string Group { get; set; }
    public DateOnly EffectiveFrom { get; set; }
}

internal sealed class BudgetNormConfiguration : IEntityTypeConfiguration<BudgetNorm>
{
    public void Configure(EntityTypeBuilder<BudgetNorm> e)
    {
        e.ToTable("BudgetNorms");
        e.Property(n => n.Kind).HasMaxLength(20);
        e.Property(n => n.Circular).HasMaxLength(50);
        e.Property(n => n.Group).HasMaxLength(20);
        e.Property(n => n.Grades).HasMaxLength(200);
        e.Property(n => n.Category).HasMaxLength(40);
        e.Property(n => n.Currency).HasMaxLength(3);
        e.Property(n => n.Unit).HasMaxLength(10);
        e.Property(n => n.Note).HasMaxLength(1000);
        e.Property(n => n.UpdatedBy).HasMaxLength(200);
        e.Property(n => n.Amount).HasPrecision(18, 2);
        e.HasIndex(n => new { n.Kind, n.Group, n.Category, n.EffectiveFrom });
    }
}

internal sealed class CountryGroupConfiguration : IEntityTypeConfiguration<CountryGroup>
{
    public void Configure(EntityTypeBuilder<CountryGroup> e)
    {
        e.ToTable("CountryGroups");
        e.Property(c => c.Country).HasMaxLength(2);
        e.Property(c => c.Group).HasMaxLength(20);
        e.HasIndex(c => new { c.Country, c.EffectiveFrom }).IsUnique();
    }
}

/// <summary>The norms in force on one date: the latest row on or before it for each (kind, group, grades, category).</summary>
public sealed class NormBook
{
    private readonly List<BudgetNorm> _norms;
    private readonly Dictionary<string, string> _groups;

    private NormBook(DateOnly date, List<BudgetNorm> norms, Dictionary<string, string> groups)
    {
        Date = date;
        _norms = norms;
        _groups = groups;
    }

    public DateOnly Date { get; }

    public static async Task<NormBook> LoadAsync(DelegationsDbContext db, DateOnly date, CancellationToken ct)
    {
        var rows = await db.Set<BudgetNorm>().AsNoTracking().Where(n => n.EffectiveFrom <= date).ToListAsync(ct);
        var current = rows.GroupBy(n => (n.Kind, n.Group, n.Grades, n.Category))
            .Select(g => g.OrderByDescending(n => n.EffectiveFrom).First()).ToList();
        var groups = (await db.Set<CountryGroup>().AsNoTracking().Where(c => c.EffectiveFrom <= date).ToListAsync(ct))
            .GroupBy(c => c.Country).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.EffectiveFrom).First().Group, StringComparer.OrdinalIgnoreCase);
        return new NormBook(date, current, groups);
    }

    public string? GroupOf(string country) => _groups.GetValueOrDefault(country);

    /// <summary>The cap for a grade: a row naming the grade wins over the "*" row.</summary>
    public BudgetNorm? Find(string kind, string group, string category, string? grade) =>
        _norms.Where(n => n.Kind == kind && n.Group.Equals(group, StringComparison.OrdinalIgnoreCase) && n.Category == category && n.Covers(grade))
            .OrderBy(n => n.Grades == "*" ? 1 : 0).FirstOrDefault();

    public IEnumerable<string> Circulars(string kind) => _norms.Where(n => n.Kind == kind).Select(n => n.Circular).Distinct().Order();
}

/// <summary>The shipped example norm tables (workflows/norms/*.json), loaded into an empty database on first start.</summary>
public static class NormDefaults
{
    public static async Task SeedAsync(DelegationsDbContext db, WorkflowOptions options, TimeProvider clock, CancellationToken ct)
    {
        var dir = Path.Combine(options.ResolveDefaultsPath(), "norms");
        if (!Directory.Exists(dir)) return;
        var now = clock.GetUtcNow();
        var seedNorms = !await db.Set<BudgetNorm>().AnyAsync(ct);
        var seedGroups = !await db.Set<CountryGroup>().AnyAsync(ct);
        foreach (var file in Directory.GetFiles(dir, "*.json").Order())
        {
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file, ct));
            var root = doc.RootElement;
            var effective = DateOnly.Parse(root.GetProperty("effectiveFrom").GetString()!, CultureInfo.InvariantCulture);
            var example = root.TryGetProperty("example", out var ex) && ex.GetBoolean();
            if (root.TryGetProperty("groups", out var groups))
            {
                if (!seedGroups) continue;
                foreach (var group in groups.EnumerateObject())
                    foreach (var country in group.Value.EnumerateArray())
                        db.Set<CountryGroup>().Add(new CountryGroup { Country = country.GetString()!, Group = group.Name, EffectiveFrom = effective });
                continue;
            }
            if (!seedNorms) continue;
            var note = root.TryGetProperty("note", out var n) ? n.GetProperty("en").GetString() : null;
            foreach (var row in root.GetProperty("norms").EnumerateArray())
            {
                db.Set<BudgetNorm>().Add(new BudgetNorm
                {
                    Kind = root.GetProperty("kind").GetString()!,
                    Circular = root.GetProperty("circular").GetString()!,
                    EffectiveFrom = effective,
                    Group = row.GetProperty("group").GetString()!,
                    Grades = row.GetProperty("grades").GetString()!,
                    Category = row.GetProperty("category").GetString()!,
                    Amount = row.GetProperty("amount").GetDecimal(),
                    Currency = root.GetProperty("currency").GetString()!,
                    Unit = row.GetProperty("unit").GetString()!,
                    Example = example,
                    Note = note,
                    UpdatedAt = now,
                    UpdatedBy = "defaults",
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
