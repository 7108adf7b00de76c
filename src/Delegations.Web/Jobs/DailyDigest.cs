using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Jobs;

/// <summary>
/// The morning digest for those who asked for it (<see cref="MailSettings.DailyDigest"/>): one mail listing their open
/// tasks — their inbox as the inbox shows it, deputies' tasks and escalations included —, at most one per person per
/// day: the day is claimed on <see cref="MailSettings.LastDigestOn"/> with a conditional UPDATE in the same
/// transaction as the mail. Nothing is sent on days off (weekends, Tết and other holidays of the calendar) or to
/// someone with nothing open.
/// </summary>
public sealed class DailyDigest(DelegationsDbContext db, WorkflowHost host, Outbox outbox, TimeProvider clock, ILogger<DailyDigest> logger)
{
    public const string Template = "daily-digest";

    public async Task<int> SendAsync(CancellationToken ct)
    {
        var calendar = await host.CalendarAsync(ct);
        var today = calendar.LocalDate(clock.GetUtcNow());
        if (!calendar.IsWorkingDay(today)) return 0;
        var subscribers = await (from s in db.Set<MailSettings>().AsNoTracking()
                                 join u in db.Users.AsNoTracking() on s.UserId equals u.Id
                                 where s.DailyDigest && (s.LastDigestOn == null || s.LastDigestOn < today) && !u.IsDisabled
                                 select new Recipient(u.Id, u.Email!, u.FullName, u.Language)).ToListAsync(ct);
        var sent = 0;
        foreach (var to in subscribers)
        {
            var user = await CurrentUser.LoadAsync(db, to.UserId, clock, ct);
            if (user is null) continue;
            var tasks = await Inbox.LoadAsync(db, user, host, ct);
            OutboxMessage? mail = null;
            if (tasks.Count > 0)
            {
                var lines = tasks.Select(t => MailModels.DigestTask(t, to.Language, outbox)).ToList();
                var model = new Dictionary<string, object?> { ["digest"] = MailModels.Digest(today, lines, tasks.Count(t => t.Overdue), to.Language, outbox) };
                mail = await outbox.RenderAsync(Template, to, model, $"{Template}:{to.UserId}:{today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}", null, null, ct);
            }
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Set<MailSettings>()
                .Where(s => s.UserId == to.UserId && s.DailyDigest && (s.LastDigestOn == null || s.LastDigestOn < today))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastDigestOn, today), ct);
            if (claimed == 1 && mail is not null && (await outbox.ExistingKeysAsync([mail.DedupKey], ct)).Count == 0)
            {
                outbox.Add(mail);
                sent++;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }
        if (sent > 0) logger.LogInformation("Daily digest: {Sent} sent", sent);
        return sent;
    }
}
