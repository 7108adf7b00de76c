using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Reports;
using Delegations.Workflows.Time;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Jobs;

/// <summary>
/// Reminds the person responsible for an open follow-up action (its owner's account, else the proposal's submitter):
/// reminder 1 when the due date is <see cref="JobsOptions.FollowUpRemindDaysBefore"/> days away, reminder 2 the day
/// after it passed, then one every <see cref="JobsOptions.FollowUpOverdueEveryDays"/> days while it stays open.
/// Days are Hà Nội calendar days and a reminder day starts at 08:00, so nobody gets mail at midnight. Once per
/// follow-up per reminder: <see cref="FollowUpAction.RemindersSent"/> is claimed with a conditional UPDATE in the same
/// transaction as the mail; a follow-up found late sends the reminder it has reached, not the ones it missed.
/// </summary>
public sealed class FollowUpReminders(
    DelegationsDbContext db, Outbox outbox, RecipientDirectory recipients, JobsOptions options, TimeProvider clock, ILogger<FollowUpReminders> logger)
{
    public const string Template = "follow-up-due";
    /// <summary>The hour (Hà Nội) a reminder day begins.</summary>
    public const int MorningHour = 8;

    private sealed record Candidate(Guid Id, Guid ProposalId, string ReferenceNumber, string ProposalTitle, DateOnly StartDate, DateOnly EndDate,
        string Action, string Owner, DateOnly Due, int RemindersSent, string ResponsibleUserId);

    /// <summary>The reminder a follow-up due on <paramref name="due"/> has reached on <paramref name="today"/> (0: none yet).</summary>
    public static int ReminderNumber(DateOnly due, DateOnly today, int daysBefore, int everyDays)
    {
        if (today > due)
            return everyDays > 0 ? 2 + (today.DayNumber - due.DayNumber - 1) / everyDays : 2;
        return today.DayNumber >= due.DayNumber - Math.Max(0, daysBefore) ? 1 : 0;
    }

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, WorkingDayCalendar.VietnamTime).AddHours(-MorningHour).DateTime);
        var horizon = today.AddDays(Math.Max(0, options.FollowUpRemindDaysBefore));
        var candidates = await (from f in db.FollowUps.AsNoTracking().Open()
                                where f.Due <= horizon
                                join p in db.Proposals.AsNoTracking() on f.ProposalId equals p.Id
                                orderby f.Due
                                select new Candidate(f.Id, p.Id, p.ReferenceNumber, p.Title, p.StartDate, p.EndDate, f.Action, f.Owner, f.Due,
                                    f.RemindersSent, f.OwnerUserId ?? p.CreatedById))
            .ToListAsync(ct);
        var due = candidates
            .Select(c => (Candidate: c, Number: ReminderNumber(c.Due, today, options.FollowUpRemindDaysBefore, options.FollowUpOverdueEveryDays)))
            .Where(c => c.Number > c.Candidate.RemindersSent)
            .Take(Math.Max(1, options.SweepBatchSize))
            .ToList();
        var sent = 0;
        foreach (var chunk in due.Chunk(TaskReminders.ChunkSize))
        {
            var planned = new List<(Candidate Candidate, int Number, OutboxMessage? Mail)>();
            foreach (var (c, number) in chunk)
            {
                OutboxMessage? mail = null;
                if (await recipients.UserAsync(c.ResponsibleUserId, ct) is { } to)
                {
                    var model = MailModels.For(MailModels.Proposal(c.ProposalId, c.ReferenceNumber, c.ProposalTitle, c.StartDate, c.EndDate, to.Language, outbox));
                    model["followUp"] = MailModels.FollowUp(c.ProposalId, c.Action, c.Owner, c.Due, today > c.Due, Math.Max(0, today.DayNumber - c.Due.DayNumber), to.Language, outbox);
                    mail = await outbox.RenderAsync(Template, to, model, $"{Template}:{c.Id}:{number}:{to.UserId}", c.ProposalId, null, ct);
                }
                planned.Add((c, number, mail));
            }
            var queued = await outbox.ExistingKeysAsync(planned.Where(p => p.Mail is not null).Select(p => p.Mail!.DedupKey).ToList(), ct);
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                foreach (var (c, number, mail) in planned)
                {
                    var before = c.RemindersSent;
                    var claimed = await db.FollowUps.Where(f => f.Id == c.Id && f.DoneAt == null && f.RemindersSent == before)
                        .ExecuteUpdateAsync(u => u.SetProperty(f => f.RemindersSent, number), ct);
                    if (claimed == 0) continue;
                    sent++;
                    if (mail is not null && !queued.Contains(mail.DedupKey)) outbox.Add(mail);
                }
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            db.ChangeTracker.Clear();
        }
        if (sent > 0) logger.LogInformation("Follow-up reminders: {Sent} sent", sent);
        return sent;
    }
}
