using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using static Delegations.Web.Reports.ReportApi;

namespace Delegations.Web.Reports;

/// <summary>
/// Filing the post-trip report (the report with everything in it, and the completion of its task) and the
/// follow-up actions after it. Each call is one transaction with its journal entry.
/// </summary>
public sealed class ReportCommands(DelegationsDbContext db, WorkflowHost host, TimeProvider clock)
{
    /// <summary>The task kind of the report step in the definitions (<c>"kind": "post-trip-report"</c>).</summary>
    public const string TaskKind = "post-trip-report";

    public async Task<Guid> FileAsync(UserContext user, Guid proposalId, ReportInput input, CancellationToken ct)
    {
        var errors = Validate(input);
        return await db.SaveWithRetryAsync(async () =>
        {
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, proposalId, ct, tracking: true);
            var task = await db.Tasks.FirstOrDefaultAsync(t => t.ProposalId == proposalId && t.Status == TaskStatuses.Open && t.TaskKind == TaskKind, ct)
                       ?? throw AppProblemException.Conflict($"No report is due for this proposal (it is {EnumText.ToText(proposal.Status)}).");
            var principal = Access.ActingPrincipal(user, task) ?? throw AppProblemException.Forbidden("Only the submitting department files this report.");
            ValidateAgainst(input, proposal, errors);
            var owners = await OwnersAsync(input.FollowUps ?? [], "followUps", errors, ct);
            errors.ThrowIfAny();
            if (await db.Reports.AnyAsync(r => r.ProposalId == proposalId, ct)) throw AppProblemException.Conflict("A report has already been filed.");
            var now = clock.GetUtcNow();
            var report = NewReport(proposal, input, user, now, task.Due is { } due && now > due, owners);
            db.Reports.Add(report);
            var actor = principal.IsDeputyFor ? new Actor(user.Id, user.FullName, principal.Id, principal.FullName) : new Actor(user.Id, user.FullName);
            // Planned vs actual: the workflow's step after the report compares these (proposal.budget.overrunPercent).
            proposal.ActualVnd = report.Costs.Count == 0 ? null : report.Costs.Sum(c => c.AmountVnd);
            await host.RunAsync(proposal, l => l.Engine.CompleteTask(l.Definition, l.Instance, new CompleteTaskCommand
            {
                Actor = actor,
                TaskId = task.Id.ToString(),
                Outcome = Outcomes.Done,
                Data = new JsonObject
                {
                    ["summary"] = report.Summary, ["results"] = report.Results,
                    ["meetings"] = report.Meetings.Count, ["agreements"] = report.Agreements.Count, ["gifts"] = report.Gifts.Count,
                    ["followUps"] = report.FollowUps.Count, ["actualVnd"] = report.Costs.Count == 0 ? null : report.Costs.Sum(c => c.AmountVnd),
                },
                Variables = host.Variables(proposal),
            }), ct);
            return report.Id;
        }, ct);
    }

    /// <summary>Marks a follow-up action done with a note. A second call is a 409 that says who did it and when.</summary>
    public async Task MarkDoneAsync(UserContext user, Guid followUpId, string? note, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(note)) errors.Add("note", "Required: what was done.");
        else if (note.Trim().Length > 2000) errors.Add("note", "At most 2000 characters.");
        await db.SaveWithRetryAsync(async () =>
        {
            var (followUp, proposal) = await FindAsync(user, followUpId, ct);
            if (!Access.CanManageReport(user, proposal) && followUp.OwnerUserId != user.Id)
                throw AppProblemException.Forbidden("Only the proposal's department, its named owner, the international office or an admin may mark this done.");
            errors.ThrowIfAny();
            if (followUp.DoneAt is { } at)
                throw AppProblemException.Conflict($"Already marked done by {followUp.DoneByName ?? "someone"} on {at.ToOffset(TimeSpan.FromHours(7)):yyyy-MM-dd}.");
            followUp.DoneAt = clock.GetUtcNow();
            followUp.DoneNote = note!.Trim();
            followUp.DoneById = user.Id;
            followUp.DoneByName = user.FullName;
            host.Journal(proposal, "follow-up-done", new Actor(user.Id, user.FullName), comment: followUp.DoneNote, outcome: Shorten(followUp.Action));
            return true;
        }, ct);
    }

    /// <summary>Adds a follow-up action to a filed report (something agreed later, or forgotten).</summary>
    public async Task<Guid> AddFollowUpAsync(UserContext user, Guid proposalId, FollowUpInput? input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        ValidateFollowUp(input, "", errors);
        return await db.SaveWithRetryAsync(async () =>
        {
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, proposalId, ct, tracking: true);
            if (!Access.CanManageReport(user, proposal))
                throw AppProblemException.Forbidden("Only the proposal's department, the international office or an admin may add follow-up actions.");
            var report = await db.Reports.FirstOrDefaultAsync(r => r.ProposalId == proposalId, ct)
                         ?? throw AppProblemException.Conflict("File the report first: follow-up actions come with it.");
            var owners = await OwnersAsync(input is null ? [] : [input], null, errors, ct);
            errors.ThrowIfAny();
            var position = await db.FollowUps.Where(f => f.ReportId == report.Id).Select(f => (int?)f.Position).MaxAsync(ct) ?? -1;
            var followUp = NewFollowUp(proposalId, position + 1, input!, owners);
            followUp.ReportId = report.Id;
            followUp.AddedAt = clock.GetUtcNow();
            followUp.AddedById = user.Id;
            db.FollowUps.Add(followUp);
            host.Journal(proposal, "follow-up-added", new Actor(user.Id, user.FullName), comment: followUp.Action, outcome: Shorten($"{followUp.Owner}, {followUp.Due:yyyy-MM-dd}"));
            return followUp.Id;
        }, ct);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..297] + "…";

    private async Task<(FollowUpAction, Proposal)> FindAsync(UserContext user, Guid followUpId, CancellationToken ct)
    {
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == followUpId, ct) ?? throw AppProblemException.NotFound("The follow-up action");
        var visible = await db.Proposals.AsNoTracking().VisibleTo(db, user).AnyAsync(p => p.Id == followUp.ProposalId, ct);
        if (!visible && followUp.OwnerUserId != user.Id) throw AppProblemException.NotFound("The follow-up action");
        var proposal = await db.Proposals.FirstAsync(p => p.Id == followUp.ProposalId, ct);
        return (followUp, proposal);
    }

    /// <summary>Resolves the owners named by e-mail to active accounts (keyed by upper-case e-mail); unknown ones are field errors.</summary>
    private async Task<IReadOnlyDictionary<string, string>> OwnersAsync(IReadOnlyList<FollowUpInput?> followUps, string? listPath, FieldErrors errors, CancellationToken ct)
    {
        var emails = followUps.Select(f => f?.OwnerEmail?.Trim()).Where(e => !string.IsNullOrEmpty(e)).Select(e => e!.ToUpperInvariant()).Distinct().ToList();
        var found = emails.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => emails.Contains(u.NormalizedEmail!) && !u.IsDisabled)
                .Select(u => new { u.NormalizedEmail, u.Id }).ToDictionaryAsync(u => u.NormalizedEmail!, u => u.Id, ct);
        for (var i = 0; i < followUps.Count; i++)
        {
            if (followUps[i]?.OwnerEmail?.Trim() is { Length: > 0 } email && !found.ContainsKey(email.ToUpperInvariant()))
                errors.Add(listPath is null ? "ownerEmail" : $"{listPath}[{i}].ownerEmail", "No active account has this e-mail; leave it empty and name the owner in 'owner'.");
        }
        return found;
    }
}
