using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Proposals;

/// <summary><c>/api/proposals</c>: create and edit drafts, submit them into their workflow, read and search.</summary>
public static class ProposalsApi
{
    public sealed record ProposalSummary(
        Guid Id, string ReferenceNumber, ProposalKind Kind, ProposalStatus Status, string Title, string StartDate, string EndDate,
        string Department, string? Head, IReadOnlyList<string> Countries, string? VenueCity, long TotalVnd, string SubmittedBy, DateTimeOffset UpdatedAt);

    public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

    public sealed record CancelRequest(string? Reason);

    public sealed record SearchQuery(string? Status, string? Kind, string? From, string? To, string? Q, string? Department, int? Page, int? PageSize);

    public static RouteGroupBuilder MapProposalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/proposals").WithTags("Proposals").RequireAuthorization();
        group.MapPost("/", Create)
            .WithSummary("Create a draft proposal.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{id:guid}", Get)
            .WithSummary("A proposal with its status, active steps and journal.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", Update)
            .WithSummary("Edit a draft or a proposal sent back for changes.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/submit", Submit)
            .WithSummary("Start the proposal's workflow (or resubmit it after changes were requested).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/cancel", Cancel)
            .WithSummary("Cancel a proposal (with a reason); its open tasks close.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", Search)
            .WithSummary("Search proposals: status, kind, date range, text (diacritics-insensitive), paged.")
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<Results<Created<ProposalView>, ValidationProblem>> Create(
        ProposalInput input, DelegationsDbContext db, CurrentUser current, ProposalViews views, ProposalCommands commands, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var id = await commands.CreateAsync(user, input, ct);
        var saved = await LoadAsync(db, id, ct);
        return TypedResults.Created($"/api/proposals/{id}", await views.BuildAsync(saved!, user, ct));
    }

    private static async Task<Ok<ProposalView>> Get(Guid id, DelegationsDbContext db, CurrentUser current, ProposalViews views, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var proposal = await FindVisibleAsync(db, user, id, ct);
        return TypedResults.Ok(await views.BuildAsync(proposal, user, ct));
    }

    private static async Task<Results<Ok<ProposalView>, ValidationProblem>> Update(
        Guid id, ProposalInput input, DelegationsDbContext db, CurrentUser current, ProposalViews views, ProposalCommands commands,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        int? expected = int.TryParse(ifMatch?.Trim('"', ' ', 'W', '/'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rev) ? rev : null;
        await commands.UpdateAsync(user, id, input, expected, ct);
        var saved = await LoadAsync(db, id, ct);
        return TypedResults.Ok(await views.BuildAsync(saved!, user, ct));
    }

    private static async Task<Ok<ProposalView>> Submit(Guid id, DelegationsDbContext db, CurrentUser current, ProposalViews views, ProposalCommands commands, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await commands.SubmitAsync(user, id, ct);
        var saved = await LoadAsync(db, id, ct);
        return TypedResults.Ok(await views.BuildAsync(saved!, user, ct));
    }

    private static async Task<Ok<ProposalView>> Cancel(Guid id, CancelRequest request, DelegationsDbContext db, CurrentUser current, ProposalViews views, ProposalCommands commands, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await commands.CancelAsync(user, id, request.Reason, ct);
        var saved = await LoadAsync(db, id, ct);
        return TypedResults.Ok(await views.BuildAsync(saved!, user, ct));
    }

    private static async Task<Results<Ok<PagedList<ProposalSummary>>, ValidationProblem>> Search(
        [AsParameters] SearchQuery query, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var errors = new FieldErrors();
        var q = db.Proposals.AsNoTracking().VisibleTo(db, user);

        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            var statuses = new List<ProposalStatus>();
            foreach (var s in query.Status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (EnumText.TryParse<ProposalStatus>(s, out var status)) statuses.Add(status);
                else errors.Add("status", $"'{s}' is not a status; use " + string.Join(", ", EnumText.All<ProposalStatus>()) + ".");
            }
            q = q.Where(p => statuses.Contains(p.Status));
        }
        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            if (EnumText.TryParse<ProposalKind>(query.Kind, out var kind)) q = q.Where(p => p.Kind == kind);
            else errors.Add("kind", "Must be outbound, inbound or conference.");
        }
        if (!string.IsNullOrWhiteSpace(query.From))
        {
            if (ProposalInputMapper.TryDate(query.From, out var from)) q = q.Where(p => p.EndDate >= from);
            else errors.Add("from", "Must be a date as yyyy-MM-dd.");
        }
        if (!string.IsNullOrWhiteSpace(query.To))
        {
            if (ProposalInputMapper.TryDate(query.To, out var to)) q = q.Where(p => p.StartDate <= to);
            else errors.Add("to", "Must be a date as yyyy-MM-dd.");
        }
        if (!string.IsNullOrWhiteSpace(query.Department))
            q = q.Where(p => p.Department!.Code == query.Department);
        foreach (var word in SearchText.Words(query.Q))
        {
            var pattern = "%" + SearchText.LikeEscape(word) + "%";
            q = q.Where(p => EF.Functions.Like(p.SearchText, pattern, "\\"));
        }
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 20;
        if (page < 1) errors.Add("page", "Must be 1 or more.");
        if (pageSize is < 1 or > 100) errors.Add("pageSize", "Must be between 1 and 100.");
        if (errors.Any) return ProblemSetup.Validation(errors);

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(p => p.StartDate).ThenByDescending(p => p.ReferenceNumber)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new
            {
                p.Id, p.ReferenceNumber, p.Kind, p.Status, p.Title, p.StartDate, p.EndDate, p.VenueCity, p.TotalVnd, p.UpdatedAt,
                DepartmentVi = p.Department!.NameVi, DepartmentEn = p.Department.NameEn, Submitter = p.CreatedBy!.FullName,
                Head = p.Members.Where(m => m.Role == MemberRole.Head).Select(m => m.FullName).FirstOrDefault(),
                Countries = p.Destinations.OrderBy(d => d.Position).Select(d => d.Country).ToList(),
            }).ToListAsync(ct);
        var items = rows.Select(r => new ProposalSummary(r.Id, r.ReferenceNumber, r.Kind, r.Status, r.Title,
            r.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            user.Language == "en" ? r.DepartmentEn : r.DepartmentVi, r.Head, r.Countries.Distinct().ToList(), r.VenueCity, r.TotalVnd, r.Submitter, r.UpdatedAt)).ToList();
        return TypedResults.Ok(new PagedList<ProposalSummary>(items, page, pageSize, total));
    }

    public static Task<Proposal?> LoadAsync(DelegationsDbContext db, Guid id, CancellationToken ct, bool tracking = false)
    {
        var q = ProposalViews.WithDetails(db.Proposals);
        if (!tracking) q = q.AsNoTracking();
        return q.FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    /// <summary>The proposal if the user may see it; 404 otherwise (whether it exists is not revealed).</summary>
    public static async Task<Proposal> FindVisibleAsync(DelegationsDbContext db, UserContext user, Guid id, CancellationToken ct, bool tracking = false)
    {
        var visible = await db.Proposals.AsNoTracking().VisibleTo(db, user).AnyAsync(p => p.Id == id, ct);
        if (!visible) throw AppProblemException.NotFound("The proposal");
        return await LoadAsync(db, id, ct, tracking) ?? throw AppProblemException.NotFound("The proposal");
    }
}
