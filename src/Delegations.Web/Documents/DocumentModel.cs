using Delegations.Web.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Delegations.Web.Documents;

/// <summary>What the application generates from a template: the sending decision, visa lists, invitation letters.</summary>
public static class DocumentKinds
{
    /// <summary>Quyết định cử đoàn: made when an outbound proposal is approved.</summary>
    public const string SendingDecision = "sending-decision";
    /// <summary>Outbound: the visa-support request list, with passport data (restricted).</summary>
    public const string VisaSupportList = "visa-support-list";
    /// <summary>Inbound: the invitation letter to the guests.</summary>
    public const string InvitationLetter = "invitation-letter";
    /// <summary>Inbound: the visa support letter for the guests, with passport data (restricted).</summary>
    public const string VisaSupportLetter = "visa-support-letter";

    public static readonly IReadOnlyList<string> All = [SendingDecision, VisaSupportList, InvitationLetter, VisaSupportLetter];

    /// <summary>Documents that carry passport numbers and dates of birth: only for the submitter, visa officers and admins.</summary>
    public static bool HoldsPassportData(string kind) => kind is VisaSupportList or VisaSupportLetter;
}

/// <summary>
/// A document template an admin can edit: its texts with DotLiquid placeholders (<c>{{ proposal.title }}</c>), the
/// header, the tables it includes and the signature block, as JSON (see workflows/documents/*.json).
/// </summary>
public sealed class DocumentTemplate
{
    public required string Id { get; set; }
    public required string Kind { get; set; }
    /// <summary>The department code of the organisation that uses it; null for every organisation without its own.</summary>
    public string? Organisation { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>A document generated for a proposal and stored with it (the bytes are a <see cref="StoredFile"/>).</summary>
public sealed class ProposalDocument
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public required string Kind { get; set; }
    public required string TemplateId { get; set; }
    /// <summary>The document's own number (the decision's "15/QĐ-MOST"); null for letters without one.</summary>
    public string? Number { get; set; }
    public required string Title { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public Guid FileId { get; set; }
    /// <summary>Holds passport data: listed and served only to the submitter, visa officers and admins.</summary>
    public bool Restricted { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedByName { get; set; }
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<DocumentTemplate>, IEntityTypeConfiguration<ProposalDocument>
{
    public void Configure(EntityTypeBuilder<DocumentTemplate> e)
    {
        e.ToTable("DocumentTemplates");
        e.Property(t => t.Id).HasMaxLength(64);
        e.Property(t => t.Kind).HasMaxLength(40);
        e.Property(t => t.Organisation).HasMaxLength(50);
        e.Property(t => t.NameVi).HasMaxLength(200);
        e.Property(t => t.NameEn).HasMaxLength(200);
        e.Property(t => t.UpdatedBy).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<ProposalDocument> e)
    {
        e.ToTable("ProposalDocuments");
        e.HasIndex(d => new { d.ProposalId, d.Kind });
        e.Property(d => d.Kind).HasMaxLength(40);
        e.Property(d => d.TemplateId).HasMaxLength(64);
        e.Property(d => d.Number).HasMaxLength(60);
        e.Property(d => d.Title).HasMaxLength(300);
        e.Property(d => d.FileName).HasMaxLength(200);
        e.Property(d => d.ContentType).HasMaxLength(100);
        e.Property(d => d.CreatedByName).HasMaxLength(200);
    }
}

/// <summary>The default templates (workflows/documents/*.json), loaded into an empty table on first start.</summary>
public static class DocumentDefaults
{
    public static async Task SeedAsync(Infrastructure.DelegationsDbContext db, Workflows.WorkflowOptions options, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Set<DocumentTemplate>().AnyAsync(ct)) return;
        var dir = Path.Combine(options.ResolveDefaultsPath(), "documents");
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.GetFiles(dir, "*.json").Order())
        {
            var json = await File.ReadAllTextAsync(file, ct);
            var template = DocumentTemplatesApi.Parse(json, out var errors);
            if (template is null) throw new InvalidOperationException($"{file}: " + string.Join("; ", errors.ToDictionary().Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}")));
            template.UpdatedAt = clock.GetUtcNow();
            template.UpdatedBy = "defaults";
            db.Set<DocumentTemplate>().Add(template);
        }
        await db.SaveChangesAsync(ct);
    }
}
