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
        var result = await ProposalSearch.RunAsync(db, await current.GetAsync(ct), query, ct);
        return result.Page is { } page ? TypedResults.Ok(page) : ProblemSetup.Validation(result.Errors);
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
