using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Delegations.Web.Reports;

// The report's tables beyond the report itself (configured in DelegationsDbContext): what happened, what was
// spent, what was exchanged and attached, and the compiled reports the monthly job keeps.

internal sealed class ReportMeetingConfiguration : IEntityTypeConfiguration<ReportMeeting>
{
    public void Configure(EntityTypeBuilder<ReportMeeting> e)
    {
        e.ToTable("ReportMeetings");
        e.HasOne<PostTripReport>().WithMany(r => r.Meetings).HasForeignKey(m => m.ReportId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(m => m.ProposalId);
        e.Property(m => m.Subject).HasMaxLength(1000);
        e.Property(m => m.Counterpart).HasMaxLength(300);
        e.Property(m => m.Participants).HasMaxLength(2000);
        e.Property(m => m.Notes).HasMaxLength(4000);
    }
}

internal sealed class ReportGiftConfiguration : IEntityTypeConfiguration<ReportGift>
{
    public void Configure(EntityTypeBuilder<ReportGift> e)
    {
        e.ToTable("ReportGifts");
        e.HasOne<PostTripReport>().WithMany(r => r.Gifts).HasForeignKey(g => g.ReportId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(g => g.ProposalId);
        e.Property(g => g.Direction).HasConversion<SnakeCaseEnumConverter<GiftDirection>>().HasMaxLength(10);
        e.Property(g => g.Description).HasMaxLength(500);
        e.Property(g => g.Counterpart).HasMaxLength(300);
        e.Property(g => g.Handling).HasMaxLength(500);
    }
}

internal sealed class ActualCostConfiguration : IEntityTypeConfiguration<ActualCost>
{
    public void Configure(EntityTypeBuilder<ActualCost> e)
    {
        e.ToTable("ReportCosts");
        e.HasOne<PostTripReport>().WithMany(r => r.Costs).HasForeignKey(c => c.ReportId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(c => c.ProposalId);
        e.Property(c => c.Description).HasMaxLength(500);
        e.Property(c => c.Note).HasMaxLength(1000);
        e.Property(c => c.Currency).HasMaxLength(3);
        e.Property(c => c.Amount).HasPrecision(18, 2);
        e.Property(c => c.PlannedAmount).HasPrecision(18, 2);
        e.Property(c => c.ExchangeRate).HasPrecision(18, 4);
    }
}

internal sealed class ReportAttachmentConfiguration : IEntityTypeConfiguration<ReportAttachment>
{
    public void Configure(EntityTypeBuilder<ReportAttachment> e)
    {
        e.ToTable("ReportAttachments");
        e.HasOne<Proposal>().WithMany().HasForeignKey(a => a.ProposalId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<StoredFile>().WithMany().HasForeignKey(a => a.FileId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(a => a.ProposalId);
        e.Property(a => a.Kind).HasMaxLength(20);
        e.Property(a => a.FileName).HasMaxLength(200);
        e.Property(a => a.ContentType).HasMaxLength(100);
        e.Property(a => a.Sha256).HasMaxLength(64);
        e.Property(a => a.Caption).HasMaxLength(500);
        e.Property(a => a.UploadedByName).HasMaxLength(200);
    }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> e) => e.ToTable("StoredFiles");
}

internal sealed class FollowUpActionConfiguration : IEntityTypeConfiguration<FollowUpAction>
{
    public void Configure(EntityTypeBuilder<FollowUpAction> e)
    {
        e.Property(f => f.Action).HasMaxLength(1000);
        e.Property(f => f.Owner).HasMaxLength(300);
        e.Property(f => f.DoneNote).HasMaxLength(2000);
        e.Property(f => f.DoneByName).HasMaxLength(200);
        // Open follow-ups by proposal (dashboard, compiled report) and by owner (reminders).
        e.HasIndex(f => new { f.ProposalId, f.DoneAt });
        e.HasIndex(f => f.OwnerUserId);
    }
}

internal sealed class CompiledReportRecordConfiguration : IEntityTypeConfiguration<CompiledReportRecord>
{
    public void Configure(EntityTypeBuilder<CompiledReportRecord> e)
    {
        e.ToTable("CompiledReports");
        // One archived report per period: the job's dedup, also across nodes.
        e.HasIndex(r => new { r.PeriodKind, r.PeriodStart, r.PeriodEnd }).IsUnique();
        e.Property(r => r.PeriodKind).HasMaxLength(10);
        e.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.CompiledReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CompiledReportFileConfiguration : IEntityTypeConfiguration<CompiledReportFile>
{
    public void Configure(EntityTypeBuilder<CompiledReportFile> e)
    {
        e.ToTable("CompiledReportFiles");
        e.HasOne<StoredFile>().WithMany().HasForeignKey(f => f.FileId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(f => new { f.CompiledReportId, f.Format, f.Language }).IsUnique();
        e.Property(f => f.Format).HasMaxLength(10);
        e.Property(f => f.Language).HasMaxLength(5);
        e.Property(f => f.FileName).HasMaxLength(200);
        e.Property(f => f.ContentType).HasMaxLength(100);
    }
}
