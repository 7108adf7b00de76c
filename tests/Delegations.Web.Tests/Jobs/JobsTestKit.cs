using Delegations.Web.Infrastructure;
using Delegations.Web.Jobs;
using Delegations.Web.Mail;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Delegations.Web.Tests.Jobs;

/// <summary>The jobs as Hangfire runs them (a fresh scope each), and what they left in the outbox.</summary>
public static class JobsTestKit
{
    public static DateTimeOffset Hanoi(int year, int month, int day, int hour = 9, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    public static void TravelTo(this AppFactory app, int year, int month, int day, int hour = 9, int minute = 0) =>
        app.Clock.SetUtcNow(Hanoi(year, month, day, hour, minute));

    public static Task<int> SendRemindersAsync(this AppFactory app) =>
        app.WithScope(sp => sp.GetRequiredService<TaskReminders>().SendDueAsync(CancellationToken.None));

    public static Task<int> EscalateAsync(this AppFactory app) =>
        app.WithScope(sp => sp.GetRequiredService<TaskEscalations>().EscalateDueAsync(CancellationToken.None));

    public static Task<int> SendFollowUpRemindersAsync(this AppFactory app) =>
        app.WithScope(sp => sp.GetRequiredService<FollowUpReminders>().SendDueAsync(CancellationToken.None));

    public static Task<int> SendDigestsAsync(this AppFactory app) =>
        app.WithScope(sp => sp.GetRequiredService<DailyDigest>().SendAsync(CancellationToken.None));

    /// <summary>The whole recurring sweep, as the <c>workflow-sweep</c> job runs it.</summary>
    public static Task<int> SweepAsync(this AppFactory app) =>
        app.WithScope(async sp => { await sp.GetRequiredService<Sweeps>().RunAsync(CancellationToken.None); return 0; });

    public static Task<int> DeliverMailAsync(this AppFactory app) =>
        app.WithScope(sp => sp.GetRequiredService<MailDelivery>().DeliverDueAsync(CancellationToken.None));

    public static Task<List<OutboxMessage>> MailAsync(this AppFactory app, string template, Guid? proposalId = null) =>
        app.Db(db => db.Outbox.AsNoTracking()
            .Where(m => m.Template == template && (proposalId == null || m.ProposalId == proposalId))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.ToEmail).ToListAsync());

    public static Task<Delegations.Web.Workflows.WorkflowTask> TaskAsync(this AppFactory app, Guid proposalId, string stepId) =>
        app.Db(db => db.Tasks.AsNoTracking().SingleAsync(t => t.ProposalId == proposalId && t.StepId == stepId));
}
