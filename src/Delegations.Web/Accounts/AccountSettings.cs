using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Delegations.Web.Accounts;

/// <summary>
/// A person's mail settings: the daily digest of their open tasks is opt-in. Kept beside the account (one row per
/// user, made when they first change a setting) rather than on the Identity user, so the digest job's once-a-day
/// claim is a small row of its own.
/// </summary>
public sealed class MailSettings
{
    public required string UserId { get; set; }
    public bool DailyDigest { get; set; }
    /// <summary>The Hà Nội date of the last digest (sent, or found empty): the job claims each day once.</summary>
    public DateOnly? LastDigestOn { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class MailSettingsConfiguration : IEntityTypeConfiguration<MailSettings>
{
    public void Configure(EntityTypeBuilder<MailSettings> e)
    {
        e.ToTable("MailSettings");
        e.HasKey(s => s.UserId);
        e.Property(s => s.UserId).HasMaxLength(450);
        e.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(s => new { s.DailyDigest, s.LastDigestOn });
    }
}

/// <summary><c>/api/account/settings</c>: my own settings — the language of the UI and of my mail, and the daily digest.</summary>
public static class AccountSettingsApi
{
    public sealed record SettingsView(string Email, string FullName, string Language, bool DailyDigest);
    public sealed record SettingsInput(string? Language, bool? DailyDigest);

    public static RouteGroupBuilder MapAccountSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/account/settings").WithTags("Account").RequireAuthorization();
        group.MapGet("/", Get).WithSummary("My settings: language (vi | en, also of my mail) and dailyDigest (a morning mail of my open tasks).");
        group.MapPut("/", Put).WithSummary("Change my settings; omitted ones stay as they are.").ProducesValidationProblem();
        return group;
    }

    private static async Task<Ok<SettingsView>> Get(CurrentUser current, DelegationsDbContext db, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, user.Id, ct));
    }

    private static async Task<Ok<SettingsView>> Put(SettingsInput? input, CurrentUser current, DelegationsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        if (input?.Language is { } language && !UiSetup.Languages.Contains(language.Trim().ToLowerInvariant()))
            throw AppProblemException.Invalid("language", "Must be vi or en.");
        await SaveAsync(db, clock, user.Id, input?.Language?.Trim().ToLowerInvariant(), input?.DailyDigest, ct);
        return TypedResults.Ok(await ViewAsync(db, user.Id, ct));
    }

    public static async Task<SettingsView> ViewAsync(DelegationsDbContext db, string userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        var digest = await db.Set<MailSettings>().AsNoTracking().Where(s => s.UserId == userId).Select(s => s.DailyDigest).FirstOrDefaultAsync(ct);
        return new SettingsView(user.Email!, user.FullName, user.Language, digest);
    }

    /// <summary>Stores my settings (the API and the settings page); null leaves a setting as it is.</summary>
    public static async Task SaveAsync(DelegationsDbContext db, TimeProvider clock, string userId, string? language, bool? dailyDigest, CancellationToken ct)
    {
        if (language is not null)
        {
            var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
            user.Language = language;
        }
        if (dailyDigest is { } on)
        {
            var settings = await db.Set<MailSettings>().FirstOrDefaultAsync(s => s.UserId == userId, ct);
            if (settings is null) db.Set<MailSettings>().Add(settings = new MailSettings { UserId = userId });
            settings.DailyDigest = on;
            settings.UpdatedAt = clock.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
    }
}
