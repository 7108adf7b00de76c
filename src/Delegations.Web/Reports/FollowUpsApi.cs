using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Reports;

/// <summary>
/// Follow-up actions after the report: the dashboard's list of open and overdue ones, marking one done with a
/// note, adding one to a filed report. (Their reminder mails are the jobs' business; see <see cref="FollowUpQueries"/>.)
/// </summary>
public static class FollowUpsApi
{
    public sealed record FollowUpItem(
        Guid Id, Guid ProposalId, string ReferenceNumber, string ProposalTitle, string DepartmentCode, string Department,
        string Action, string Owner, string? OwnerUserId, string Due, bool Done, bool Overdue, int? DaysOverdue,
        DateTimeOffset? DoneAt, string? DoneBy, string? DoneNote, bool CanMarkDone);

    public sealed record FollowUpList(IReadOnlyList<FollowUpItem> Items, int Total, int Open, int Overdue, int Done, string Today);

    public sealed record FollowUpQuery(string? Status, string? Department, Guid? ProposalId, bool? Mine);

    public sealed record DoneRequest(string? Note);

    public static void MapFollowUpsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/follow-ups").WithTags("Follow-ups").RequireAuthorization();
        group.MapGet("/", List)
            .WithSummary("Follow-up actions of the proposals I may read (and those I own): status = open (default) | overdue | done | all; department = code; mine = true for those I own.")
            .ProducesValidationProblem();
        group.MapPost("/{id:guid}/done", Done)
            .WithSummary("Mark a follow-up action done, with a note (the proposal's department, its named owner, the international office or an admin).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/api/proposals/{id:guid}/report/follow-ups", Add).WithTags("Follow-ups").RequireAuthorization()
            .WithSummary("Add a follow-up action (action, owner, due, optional ownerEmail) to a filed report.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<FollowUpList>, ValidationProblem>> List(
        [AsParameters] FollowUpQuery query, DelegationsDbContext db, CurrentUser current, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var today = ReportApi.Today(clock);
        var status = string.IsNullOrWhiteSpace(query.Status) ? "open" : query.Status.Trim().ToLowerInvariant();
        if (status is not ("open" or "overdue" or "done" or "all"))
            return ProblemSetup.Validation(Error("status", "Must be open, overdue, done or all."));

        var visible = db.Proposals.AsNoTracking().VisibleTo(db, user).Select(p => p.Id);
        var userId = user.Id;
        var q = from f in db.FollowUps.AsNoTracking()
                join p in db.Proposals.AsNoTracking() on f.ProposalId equals p.Id
                where visible.Contains(p.Id) || f.OwnerUserId == userId
                select new { F = f, p.ReferenceNumber, p.Title, p.CreatedById, p.DepartmentId, p.Department!.Code, p.Department.NameVi, p.Department.NameEn };
        if (query.Mine == true) q = q.Where(r => r.F.OwnerUserId == userId);
        if (query.ProposalId is { } pid) q = q.Where(r => r.F.ProposalId == pid);
        if (!string.IsNullOrWhiteSpace(query.Department)) q = q.Where(r => r.Code == query.Department.Trim());
        var rows = await q.ToListAsync(ct);

        var items = rows.Select(r =>
        {
            var overdue = r.F.DoneAt is null && r.F.Due < today;
            // Just what Access.CanManageReport reads, so the rule stays in one place.
            var proposal = new Proposal { Id = r.F.ProposalId, ReferenceNumber = r.ReferenceNumber, Title = r.Title, Purpose = "", CreatedById = r.CreatedById, DepartmentId = r.DepartmentId };
            return new FollowUpItem(r.F.Id, r.F.ProposalId, r.ReferenceNumber, r.Title, r.Code, user.Language == "en" ? r.NameEn : r.NameVi,
                r.F.Action, r.F.Owner, r.F.OwnerUserId, r.F.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.F.DoneAt is not null, overdue,
                overdue ? today.DayNumber - r.F.Due.DayNumber : null, r.F.DoneAt, r.F.DoneByName, r.F.DoneNote,
                r.F.DoneAt is null && (Access.CanManageReport(user, proposal) || r.F.OwnerUserId == userId));
        }).ToList();
        var counts = (Open: items.Count(i => !i.Done), Overdue: items.Count(i => i.Overdue), Done: items.Count(i => i.Done));
        var selected = status switch
        {
            "open" => items.Where(i => !i.Done),
            "overdue" => items.Where(i => i.Overdue),
            "done" => items.Where(i => i.Done),
            _ => items,
        };
        // Overdue first (the most overdue on top), then by due date; done ones last, latest first.
        var ordered = selected.OrderBy(i => i.Done).ThenByDescending(i => i.DaysOverdue ?? -1).ThenBy(i => i.Due).ThenByDescending(i => i.DoneAt).ToList();
        return TypedResults.Ok(new FollowUpList(ordered, ordered.Count, counts.Open, counts.Overdue, counts.Done, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    private static async Task<Ok<ReportApi.FollowUpView>> Done(Guid id, DoneRequest? request, DelegationsDbContext db, CurrentUser current, ReportCommands commands, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await commands.MarkDoneAsync(user, id, request?.Note, ct);
        var followUp = await db.FollowUps.AsNoTracking().FirstAsync(f => f.Id == id, ct);
        return TypedResults.Ok(ReportApi.ToView(followUp, ReportApi.Today(clock)));
    }

    private static async Task<Created<ReportApi.FollowUpView>> Add(Guid id, ReportApi.FollowUpInput? input, DelegationsDbContext db, CurrentUser current, ReportCommands commands, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var followUpId = await commands.AddFollowUpAsync(user, id, input, ct);
        var followUp = await db.FollowUps.AsNoTracking().FirstAsync(f => f.Id == followUpId, ct);
        return TypedResults.Created($"/api/follow-ups?proposalId={id}", ReportApi.ToView(followUp, ReportApi.Today(clock)));
    }

    private static FieldErrors Error(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors;
    }
}

/// <summary>
/// The follow-up questions other features ask (the reminder job, the dashboard, the compiled report), in one place.
/// A follow-up is open until marked done, and overdue once its due date (Hà Nội calendar day) has passed.
/// Reminders go to <see cref="FollowUpAction.OwnerUserId"/> when the owner was named by account, else to the
/// proposal's submitter.
/// </summary>
public static class FollowUpQueries
{
    public static IQueryable<FollowUpAction> Open(this IQueryable<FollowUpAction> q) => q.Where(f => f.DoneAt == null);

    public static IQueryable<FollowUpAction> OverdueOn(this IQueryable<FollowUpAction> q, DateOnly today) => q.Where(f => f.DoneAt == null && f.Due < today);

    public static IQueryable<FollowUpAction> DueBetween(this IQueryable<FollowUpAction> q, DateOnly from, DateOnly to) =>
        q.Where(f => f.DoneAt == null && f.Due >= from && f.Due <= to);

    /// <summary>Who should hear about a follow-up: its owner's account, else the proposal's submitter.</summary>
    public static async Task<string> ResponsibleUserIdAsync(DelegationsDbContext db, FollowUpAction f, CancellationToken ct) =>
        f.OwnerUserId ?? await db.Proposals.AsNoTracking().Where(p => p.Id == f.ProposalId).Select(p => p.CreatedById).FirstAsync(ct);
}
