using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Budget;
using Delegations.Web.Infrastructure;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Proposals;

/// <summary>What can be done to a proposal, for the API, the pages and the demo alike. Each call is one transaction.</summary>
public sealed class ProposalCommands(DelegationsDbContext db, WorkflowHost host, IDataProtectionProvider protection, TimeProvider clock, BudgetOptions budget, Policies.PolicyCheck policies)
{
    private readonly IDataProtector _passports = protection.CreateProtector(ProposalRules.PassportPurpose);

    public async Task<Guid> CreateAsync(UserContext user, ProposalInput input, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Submitter) && !user.IsAdmin)
            throw AppProblemException.Forbidden("Only submitters create proposals.");
        ProposalInputMapper.Validate(input).ThrowIfAny();
        await CheckConferenceAsync(user, input, ct);
        return await db.SaveWithRetryAsync(async () =>
        {
            var now = clock.GetUtcNow();
            ProposalInputMapper.TryDate(input.StartDate, out var start);
            var kind = EnumText.Parse<ProposalKind>(input.Kind!);
            var proposal = new Proposal
            {
                ReferenceNumber = await ReferenceNumbers.NextAsync(db, kind, start.Year, ct),
                Title = "",
                Purpose = "",
                Status = ProposalStatus.Draft,
                DepartmentId = user.DepartmentId,
                CreatedById = user.Id,
                CreatedAt = now,
                UpdatedAt = now,
            };
            ProposalInputMapper.Apply(input, proposal, _passports);
            await PlanLink.ApplyAsync(db, input.PlanItemId, input.InAnnualPlan, proposal, ct);
            await BudgetNorms.CheckAsync(db, proposal, budget, clock, ct);
            db.Proposals.Add(proposal);
            host.Journal(proposal, "created", new Actor(user.Id, user.FullName), outcome: EnumText.ToText(ProposalStatus.Draft));
            return proposal.Id;
        }, ct);
    }

    /// <summary>Edits a draft or a proposal sent back for changes; <paramref name="expectedRevision"/> refuses a stale edit.</summary>
    public async Task UpdateAsync(UserContext user, Guid id, ProposalInput input, int? expectedRevision, CancellationToken ct)
    {
        var errors = ProposalInputMapper.Validate(input);
        await db.SaveWithRetryAsync(async () =>
        {
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, id, ct, tracking: true);
            if (!Access.CanEdit(user, proposal)) throw AppProblemException.Forbidden("You may not edit this proposal.");
            if (proposal.Status is not (ProposalStatus.Draft or ProposalStatus.ChangesRequested))
                throw AppProblemException.Conflict($"Only a draft or a proposal sent back for changes can be edited; this one is {EnumText.ToText(proposal.Status)}.");
            if (expectedRevision is { } rev && rev != proposal.Revision)
                throw AppProblemException.Conflict("The proposal changed since you loaded it; reload and try again.");
            errors.ThrowIfAny();
            await CheckConferenceAsync(user, input, ct);
            if (EnumText.Parse<ProposalKind>(input.Kind!) != proposal.Kind && proposal.Status != ProposalStatus.Draft)
                throw AppProblemException.Invalid("kind", "The kind cannot change once the proposal has been submitted.");
            // Rows the edit adds are inserted (not updated) because our Guid keys are never store-generated
            // (see DelegationsDbContext.OnModelCreating).
            ProposalInputMapper.Apply(input, proposal, _passports);
            await PlanLink.ApplyAsync(db, input.PlanItemId, input.InAnnualPlan, proposal, ct);
            await BudgetNorms.CheckAsync(db, proposal, budget, clock, ct);
            proposal.UpdatedAt = clock.GetUtcNow();
            proposal.Revision++;
            host.Journal(proposal, "edited", new Actor(user.Id, user.FullName));
            return true;
        }, ct);
    }

    /// <summary>Starts the workflow of a draft, or resumes one sent back for changes.</summary>
    public async Task SubmitAsync(UserContext user, Guid id, CancellationToken ct)
    {
        await db.SaveWithRetryAsync(async () =>
        {
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, id, ct, tracking: true);
            if (!Access.CanEdit(user, proposal)) throw AppProblemException.Forbidden("You may not submit this proposal.");
            var actor = new Actor(user.Id, user.FullName);
            if (proposal.Status is ProposalStatus.Draft or ProposalStatus.ChangesRequested)
            {
                // A plan recorded, or norms changed, since the draft was saved count at submission.
                await PlanLink.DeriveAsync(db, proposal, null, ct);
                await BudgetNorms.CheckAsync(db, proposal, budget, clock, ct);
                await DepartmentBudgets.EnsureWithinAsync(db, proposal, budget, ct);
                await CheckPoliciesAsync(user, proposal, actor, ct);
            }
            switch (proposal.Status)
            {
                case ProposalStatus.Draft:
                    proposal.SubmittedAt = clock.GetUtcNow();
                    host.Journal(proposal, "submitted", actor);
                    await host.StartAsync(proposal, actor, ct);
                    break;
                case ProposalStatus.ChangesRequested:
                    await host.RunAsync(proposal, l => l.Engine.Resubmit(l.Definition, l.Instance,
                        new ResubmitCommand { Actor = actor, Variables = host.Variables(proposal) }), ct);
                    break;
                default:
                    throw AppProblemException.Conflict($"This proposal is already {EnumText.ToText(proposal.Status)}; only a draft or a proposal sent back for changes can be submitted.");
            }
            return true;
        }, ct);
    }

    /// <summary>
    /// The policy rules at submission: a <c>block</c> refuses it (400 naming the rule, keyed by the field it is
    /// about); each warning is journalled with the submission.
    /// </summary>
    private async Task CheckPoliciesAsync(UserContext user, Proposal proposal, Actor actor, CancellationToken ct)
    {
        var asSubmitted = proposal.SubmittedAt;
        if (proposal.Status == ProposalStatus.Draft) proposal.SubmittedAt = null; // judged as submitted now
        var findings = await policies.EvaluateAsync(proposal, ct);
        proposal.SubmittedAt = asSubmitted;
        var blocks = findings.Where(f => f.Blocks).ToList();
        if (blocks.Count > 0)
        {
            var errors = blocks.GroupBy(b => b.Path ?? "policy").ToDictionary(g => g.Key, g => g.Select(b => $"{b.Message(user.Language)} [{b.Rule}]").ToArray());
            throw new AppProblemException(StatusCodes.Status400BadRequest, "Refused by a policy rule",
                "The submission breaks " + (blocks.Count == 1 ? "the policy rule " : "the policy rules ") + string.Join(", ", blocks.Select(b => b.Rule).Distinct()) + ": "
                + string.Join(" ", blocks.Select(b => b.Message(user.Language))), errors)
            {
                Extensions = new Dictionary<string, object?> { ["rules"] = blocks.Select(b => b.Rule).Distinct().ToList(), ["policyFindings"] = Policies.PolicyCheck.View(findings, user.Language) },
            };
        }
        foreach (var warning in findings)
            host.Journal(proposal, "policy-warning", actor, warning.Message(user.Language), outcome: warning.Rule);
    }

    /// <summary>An inbound delegation may name a hosted conference its author can see.</summary>
    private async Task CheckConferenceAsync(UserContext user, ProposalInput input, CancellationToken ct)
    {
        if (input.ConferenceId is not { } id) return;
        var exists = await db.Proposals.AsNoTracking().VisibleTo(db, user).AnyAsync(p => p.Id == id && p.Kind == ProposalKind.Conference, ct);
        if (!exists) throw AppProblemException.Invalid("conferenceId", "There is no hosted conference with this id that you can see.");
    }

    public async Task CancelAsync(UserContext user, Guid id, string? reason, CancellationToken ct)
    {
        await db.SaveWithRetryAsync(async () =>
        {
            // Who may first (404, 403), then what they sent: a stranger learns nothing from the validation.
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, id, ct, tracking: true);
            if (!Access.CanEdit(user, proposal)) throw AppProblemException.Forbidden("You may not cancel this proposal.");
            if (string.IsNullOrWhiteSpace(reason)) throw AppProblemException.Invalid("reason", "A reason is required to cancel.");
            var actor = new Actor(user.Id, user.FullName);
            if (proposal.Status == ProposalStatus.Draft)
            {
                proposal.Status = ProposalStatus.Cancelled;
                proposal.UpdatedAt = clock.GetUtcNow();
                proposal.Revision++;
                host.Journal(proposal, "cancelled", actor, reason.Trim());
            }
            else if (proposal.Status is ProposalStatus.InReview or ProposalStatus.ChangesRequested or ProposalStatus.Approved or ProposalStatus.ReportDue or ProposalStatus.Faulted)
            {
                await host.RunAsync(proposal, l => l.Engine.Cancel(l.Definition, l.Instance, new CancelCommand { Actor = actor, Reason = reason.Trim() }), ct);
            }
            else
            {
                throw AppProblemException.Conflict($"This proposal is {EnumText.ToText(proposal.Status)} and cannot be cancelled.");
            }
            return true;
        }, ct);
    }
}
