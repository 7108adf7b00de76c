using System.Globalization;
using System.Text.Json.Serialization;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Proposals;

/// <summary>A proposal as the API returns it: the data, its status, the steps it waits in, and its journal.</summary>
public sealed record ProposalView
{
    public required Guid Id { get; init; }
    public required string ReferenceNumber { get; init; }
    public required ProposalKind Kind { get; init; }
    public required ProposalStatus Status { get; init; }
    public required string Title { get; init; }
    public required string Purpose { get; init; }
    public required string StartDate { get; init; }
    public required string EndDate { get; init; }
    public required int Days { get; init; }
    public required IReadOnlyList<DestinationView> Destinations { get; init; }
    public VenueView? Venue { get; init; }
    public required IReadOnlyList<CounterpartView> Counterparts { get; init; }
    public required IReadOnlyList<MemberView> Members { get; init; }
    public required IReadOnlyList<AgendaView> Agenda { get; init; }
    public required BudgetView Budget { get; init; }
    public InvitationView? Invitation { get; init; }
    public required bool InAnnualPlan { get; init; }
    /// <summary>The annual plan item it carries out; null when unplanned.</summary>
    public PlanItemRef? PlanItem { get; init; }
    /// <summary>The head's visa was refused: name a new head (changes) or cancel.</summary>
    public bool HeadVisaRefused { get; init; }
    public string? GuestClass { get; init; }
    public required DepartmentView Department { get; init; }
    public required PersonView SubmittedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public required int Revision { get; init; }
    public WorkflowView? Workflow { get; init; }
    public required IReadOnlyList<ActiveStepView> ActiveSteps { get; init; }
    public required IReadOnlyList<JournalView> Journal { get; init; }
    /// <summary>What the signed-in user may do with it now.</summary>
    public required ProposalPermissions Can { get; init; }
    /// <summary>Inbound visits and conferences: the leader who receives the guests.</summary>
    public HostView? Host { get; init; }
    /// <summary>Hosted conferences: topic, organisers, sensitive subjects, participants and whether the Prime Minister decides.</summary>
    public ConferenceView? Conference { get; init; }
    /// <summary>Inbound: the hosted conference the delegation comes for.</summary>
    public ConferenceLinkView? AttendsConference { get; init; }
    /// <summary>What the organisation's policy rules find (warnings, and blocks that refuse the submission).</summary>
    public IReadOnlyList<Policies.PolicyFindingView> PolicyFindings { get; init; } = [];
}

public sealed record HostView(string FullName, string? Title);
public sealed record ConferenceView(string? Topic, string? Organisers, IReadOnlyList<string> SensitiveTopics, IReadOnlyList<ParticipantView> Participants, bool UnderPrimeMinister);
public sealed record ParticipantView(string Country, string CountryName, string Level, int Count);
public sealed record ConferenceLinkView(Guid Id, string ReferenceNumber, string Title);

public sealed record DestinationView(string Country, string CountryName, string City);
public sealed record VenueView(string? City, string? Place);
public sealed record CounterpartView(string Organisation, string Country, string? ContactName, string? ContactTitle);
public sealed record AgendaView(string Date, string Activity, string? Counterpart);
public sealed record InvitationView(string? From, string? Date);
public sealed record DepartmentView(Guid Id, string Code, string Name);
public sealed record PersonView(string Id, string Name);
public sealed record BudgetView(string? Source, long TotalVnd, IReadOnlyList<BudgetLineView> Lines)
{
    /// <summary>The date whose norm tables the lines were checked against (the approval day, or the last save before it).</summary>
    public string? NormsAsOf { get; init; }
    public int OverNormLines { get; init; }
    public long? ApprovedTotalVnd { get; init; }
    public long? ActualVnd { get; init; }
    /// <summary>The department's annual delegation budget with this proposal counted in (when one is set for the year).</summary>
    public Delegations.Web.Budget.DepartmentBudgetStatus? Department { get; init; }
}
public sealed record BudgetLineView(BudgetCategory Category, string? Description, decimal Amount, string Currency, decimal ExchangeRate, string? RateDate, long AmountVnd)
{
    /// <summary>The norm cap of this line in VND, and how it was reached; null when no norm applies.</summary>
    public long? NormVnd { get; init; }
    public string? NormBasis { get; init; }
    public bool OverNorm { get; init; }
}
public sealed record PlanItemRef(Guid Id, int Year, int Quarter, string Title);

public sealed record MemberView
{
    public required Guid Id { get; init; }
    public required string FullName { get; init; }
    public required string Title { get; init; }
    public string? Organisation { get; init; }
    public required MemberRole Role { get; init; }
    public string? Grade { get; init; }
    public string? Nationality { get; init; }
    public bool Removed { get; init; }
    public string? VisaStatus { get; init; }
    public string? VisaAppliedOn { get; init; }
    public string? VisaDecidedOn { get; init; }
    // Protected: present only for the submitter, visa officers and admins.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PassportNumber { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PassportExpiry { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PassportType { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DateOfBirth { get; init; }
    /// <summary>The passport expires less than 6 months after the return (shown to those who may see passports).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PassportWarning { get; init; }
}

public sealed record WorkflowView(Guid InstanceId, string DefinitionId, int Version, string Status, IncidentView? Incident, IReadOnlyList<string> Visited);
public sealed record IncidentView(string StepId, string Message, DateTimeOffset At);
public sealed record AssigneeView(string? Role, string? Department, string? User, IReadOnlyList<string> People);
public sealed record ActiveStepView(string StepId, string Title, string Type, IReadOnlyList<AssigneeView> Assignees, DateTimeOffset? Due, IReadOnlyList<Guid> TaskIds);
public sealed record JournalView(DateTimeOffset At, string Kind, string? Actor, string? OnBehalfOf, string? FromStep, string? ToStep, string? Outcome, string? Comment);
public sealed record ProposalPermissions(bool Edit, bool Submit, bool Cancel, bool FileReport);

/// <summary>Builds <see cref="ProposalView"/>s, applying who may see protected fields.</summary>
public sealed class ProposalViews(DelegationsDbContext db, IDataProtectionProvider protection, DefinitionStore definitions, Delegations.Web.Budget.BudgetOptions budgetOptions, Policies.PolicyCheck policies)
{
    private readonly IDataProtector _passports = protection.CreateProtector(ProposalRules.PassportPurpose);

    public static IQueryable<Proposal> WithDetails(IQueryable<Proposal> q) => q
        .Include(p => p.Members).Include(p => p.Destinations).Include(p => p.Counterparts)
        .Include(p => p.Agenda).Include(p => p.BudgetLines).Include(p => p.Department).Include(p => p.CreatedBy)
        .Include(p => p.Participants)
        .AsSplitQuery();

    public async Task<ProposalView> BuildAsync(Proposal p, UserContext user, CancellationToken ct)
    {
        var language = user.Language;
        var showPassports = Access.CanSeePassports(user, p);
        var journal = await db.Journal.AsNoTracking().Where(j => j.ProposalId == p.Id).OrderBy(j => j.Id).ToListAsync(ct);
        var openTasks = await db.Tasks.AsNoTracking().Where(t => t.ProposalId == p.Id && t.Status == TaskStatuses.Open).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        var instance = p.WorkflowInstanceId is { } iid ? await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == iid, ct) : null;
        Delegations.Workflows.Definitions.WorkflowDefinition? definition = instance is null ? null : await definitions.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, ct);

        var activeSteps = new List<ActiveStepView>();
        foreach (var group in openTasks.GroupBy(t => t.StepId))
        {
            var assignees = new List<AssigneeView>();
            foreach (var spec in group.Select(t => (t.AssigneeRole, t.AssigneeDepartmentId, t.AssigneeUser, t.ReassignedToUserId, t.AssigneeScope)).Distinct())
                assignees.Add(await AssigneeAsync(spec.AssigneeRole, spec.AssigneeDepartmentId, spec.AssigneeUser, spec.ReassignedToUserId, language, ct,
                    Workflows.WorkflowHost.IsNamedDepartment(spec.AssigneeScope)));
            // An escalated step is the escalation role's too (Jobs/TaskEscalations).
            foreach (var spec in group.Where(t => t.EscalatedAt is not null && t.EscalationRole is not null).Select(t => (t.EscalationRole, t.EscalationDepartmentId)).Distinct())
                assignees.Add(await AssigneeAsync(spec.EscalationRole, spec.EscalationDepartmentId, null, null, language, ct));
            var step = definition is not null && definition.TryGetStep(group.Key, out var s) ? s : null;
            var title = step is null ? group.First().TitleVi : step.DisplayTitle.For(language);
            if (step is Delegations.Workflows.Definitions.EachStep) title = step.DisplayTitle.For(language);
            activeSteps.Add(new ActiveStepView(group.Key, title, step?.Type ?? group.First().Kind, assignees, group.Min(t => t.Due), group.Select(t => t.Id).ToList()));
        }
        if (instance is not null && definition is not null)
        {
            // Steps waiting without a task: a wait, or a step sent back for changes.
            var state = Delegations.Workflows.Runtime.WorkflowInstanceJson.Deserialize(instance.StateJson);
            foreach (var token in state.Tokens.Where(t => activeSteps.All(a => a.StepId != t.StepId)))
            {
                var step = definition.Step(token.StepId);
                var due = state.Timers.Where(t => t.TokenId == token.Id).Select(t => (DateTimeOffset?)t.DueAt).FirstOrDefault();
                activeSteps.Add(new ActiveStepView(step.Id, step.DisplayTitle.For(language), step.Type, [], due, []));
            }
        }

        string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var findings = await policies.EvaluateAsync(p, ct);
        var attends = p.ConferenceId is { } cid
            ? await db.Proposals.AsNoTracking().Where(c => c.Id == cid).Select(c => new ConferenceLinkView(c.Id, c.ReferenceNumber, c.Title)).FirstOrDefaultAsync(ct)
            : null;
        var planItem = p.PlanItemId is { } planId
            ? await db.Set<Delegations.Web.Budget.PlanItem>().AsNoTracking().Where(i => i.Id == planId).Select(i => new PlanItemRef(i.Id, i.Year, i.Quarter, i.Title)).FirstOrDefaultAsync(ct)
            : null;
        var departmentBudget = await Delegations.Web.Budget.DepartmentBudgets.ForAsync(db, p, budgetOptions, ct);
        return new ProposalView
        {
            Id = p.Id,
            ReferenceNumber = p.ReferenceNumber,
            Kind = p.Kind,
            Status = p.Status,
            Title = p.Title,
            Purpose = p.Purpose,
            StartDate = Date(p.StartDate)!,
            EndDate = Date(p.EndDate)!,
            Days = p.Days,
            Destinations = p.Destinations.OrderBy(d => d.Position).Select(d => new DestinationView(d.Country, Countries.Name(d.Country, language), d.City)).ToList(),
            Venue = p.VenueCity is null && p.VenuePlace is null ? null : new VenueView(p.VenueCity, p.VenuePlace),
            Counterparts = p.Counterparts.OrderBy(c => c.Position).Select(c => new CounterpartView(c.Organisation, c.Country, c.ContactName, c.ContactTitle)).ToList(),
            Members = p.Members.OrderBy(m => m.Position).Select(m => new MemberView
            {
                Id = m.Id,
                FullName = m.FullName,
                Title = m.Title,
                Organisation = m.Organisation,
                Role = m.Role,
                Grade = m.Grade,
                Nationality = m.Nationality,
                Removed = m.Removed,
                VisaStatus = m.VisaStatus,
                VisaAppliedOn = Date(m.VisaAppliedOn),
                VisaDecidedOn = Date(m.VisaDecidedOn),
                PassportWarning = showPassports && !m.Removed ? Delegations.Web.Visas.VisaTask.PassportWarning(m, p, language) : null,
                PassportNumber = showPassports ? Unprotect(m.PassportNumberProtected) : null,
                PassportExpiry = showPassports ? Date(m.PassportExpiry) : null,
                PassportType = showPassports ? m.PassportType : null,
                DateOfBirth = showPassports ? Unprotect(m.DateOfBirthProtected) : null,
            }).ToList(),
            Agenda = p.Agenda.OrderBy(a => a.Date).ThenBy(a => a.Position).Select(a => new AgendaView(Date(a.Date)!, a.Activity, a.Counterpart)).ToList(),
            Budget = new BudgetView(p.BudgetSource, p.TotalVnd, p.BudgetLines.OrderBy(b => b.Position)
                .Select(b => new BudgetLineView(b.Category, b.Description, b.Amount, b.Currency, b.ExchangeRate, Date(b.RateDate), b.AmountVnd)
                {
                    NormVnd = b.NormVnd, NormBasis = b.NormBasis, OverNorm = b.OverNorm,
                }).ToList())
            {
                NormsAsOf = Date(p.NormsAsOf), OverNormLines = p.BudgetLines.Count(b => b.OverNorm),
                ApprovedTotalVnd = p.ApprovedTotalVnd, ActualVnd = p.ActualVnd, Department = departmentBudget,
            },
            Invitation = p.InvitationFrom is null ? null : new InvitationView(p.InvitationFrom, Date(p.InvitationDate)),
            InAnnualPlan = p.InAnnualPlan,
            PlanItem = planItem,
            HeadVisaRefused = Delegations.Web.Visas.VisaTask.HeadVisaRefused(p),
            GuestClass = p.GuestClass,
            Department = new DepartmentView(p.DepartmentId, p.Department!.Code, p.Department.Name(language)),
            SubmittedBy = new PersonView(p.CreatedById, p.CreatedBy?.FullName ?? ""),
            CreatedAt = p.CreatedAt,
            UpdatedAt = p.UpdatedAt,
            SubmittedAt = p.SubmittedAt,
            Revision = p.Revision,
            Workflow = instance is null ? null : new WorkflowView(instance.Id, instance.DefinitionId, instance.DefinitionVersion, instance.Status,
                instance.IncidentStepId is null ? null : new IncidentView(instance.IncidentStepId, instance.IncidentMessage!, instance.IncidentAt!.Value),
                Delegations.Workflows.Runtime.WorkflowInstanceJson.Deserialize(instance.StateJson).Visited),
            ActiveSteps = activeSteps,
            Journal = journal.Select(j => new JournalView(j.At, j.Kind, j.ActorName, j.OnBehalfOfName, j.FromStep, j.ToStep, j.Outcome, j.Comment)).ToList(),
            Can = new ProposalPermissions(
                Edit: Access.CanEdit(user, p) && p.Status is ProposalStatus.Draft or ProposalStatus.ChangesRequested,
                Submit: Access.CanEdit(user, p) && p.Status is ProposalStatus.Draft or ProposalStatus.ChangesRequested,
                Cancel: Access.CanEdit(user, p) && p.Status is ProposalStatus.Draft or ProposalStatus.InReview or ProposalStatus.ChangesRequested or ProposalStatus.Approved,
                FileReport: openTasks.Any(t => t.TaskKind == "post-trip-report" && Access.ActingPrincipal(user, t) is not null)),
            Host = p.HostName is null ? null : new HostView(p.HostName, p.HostTitle),
            Conference = p.Kind != ProposalKind.Conference ? null : new ConferenceView(p.ConferenceTopic, p.ConferenceOrganisers, ConferenceRules.TopicsOf(p),
                p.Participants.OrderBy(x => x.Position).Select(x => new ParticipantView(x.Country, Countries.Name(x.Country, language), x.Level, x.Count)).ToList(),
                p.UnderPrimeMinister),
            AttendsConference = attends,
            PolicyFindings = Policies.PolicyCheck.View(findings, language),
        };
    }

    private async Task<AssigneeView> AssigneeAsync(string? role, Guid? departmentId, string? userEmail, string? reassignedTo, string language, CancellationToken ct,
        bool withSubDepartments = false)
    {
        var department = departmentId is { } d ? await db.Departments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == d, ct) : null;
        List<string> people;
        if (reassignedTo is not null)
            people = await db.Users.AsNoTracking().Where(u => u.Id == reassignedTo).Select(u => u.FullName).ToListAsync(ct);
        else if (userEmail is not null)
            people = await db.Users.AsNoTracking().Where(u => u.Email == userEmail).Select(u => u.FullName).ToListAsync(ct);
        else if (withSubDepartments && departmentId is { } root)
        {
            // A named department's task: its holders of the role and those of its sub-departments (as the inbox has it).
            var departments = (await DepartmentTree.LoadAsync(db, ct)).SelfAndDescendants(root);
            people = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where r.Name == role && !u.IsDisabled && departments.Contains(u.DepartmentId)
                            orderby u.FullName
                            select u.FullName).AsNoTracking().ToListAsync(ct);
        }
        else
            people = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where r.Name == role && !u.IsDisabled && (departmentId == null || u.DepartmentId == departmentId)
                            orderby u.FullName
                            select u.FullName).AsNoTracking().ToListAsync(ct);
        return new AssigneeView(reassignedTo is null ? role : null, department?.Name(language), userEmail, people);
    }

    private string? Unprotect(string? value)
    {
        if (value is null) return null;
        try
        {
            return _passports.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // a key that is gone: show nothing rather than fail the page
        }
    }
}
