using System.Globalization;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Reports;

/// <summary><c>/api/proposals/{id}/report</c>: file the post-trip (or post-visit) report, which completes its task.</summary>
public static class ReportApi
{
    public sealed record AgreementInput(string? Title, string? Counterpart, string? SignedOn);
    public sealed record FollowUpInput(string? Action, string? Owner, string? Due);
    public sealed record ReportInput(string? Summary, string? Results, List<AgreementInput?>? Agreements, List<FollowUpInput?>? FollowUps);

    public sealed record AgreementView(string Title, string Counterpart, string SignedOn);
    public sealed record FollowUpView(Guid Id, string Action, string Owner, string Due, bool Done, DateTimeOffset? DoneAt, string? DoneNote);
    public sealed record ReportView(Guid Id, Guid ProposalId, string Summary, string? Results, DateTimeOffset FiledAt, string FiledBy, bool Late,
        IReadOnlyList<AgreementView> Agreements, IReadOnlyList<FollowUpView> FollowUps);

    public static RouteGroupBuilder MapReportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/proposals/{id:guid}/report").WithTags("Reports").RequireAuthorization();
        group.MapPost("/", File)
            .WithSummary("File the post-trip / post-visit report: summary, results, agreements signed, follow-up actions.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", Get).WithSummary("The filed report.").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static FieldErrors Validate(ReportInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Summary)) errors.Add("summary", "Required.");
        else if (input.Summary.Length > 20_000) errors.Add("summary", "At most 20000 characters.");
        if (input.Results is { Length: > 20_000 }) errors.Add("results", "At most 20000 characters.");
        for (var i = 0; i < (input.Agreements?.Count ?? 0); i++)
        {
            var a = input.Agreements![i];
            if (a is null) { errors.Add($"agreements[{i}]", "Required."); continue; }
            if (string.IsNullOrWhiteSpace(a.Title)) errors.Add($"agreements[{i}].title", "Required.");
            if (string.IsNullOrWhiteSpace(a.Counterpart)) errors.Add($"agreements[{i}].counterpart", "Required.");
            if (!ProposalInputMapper.TryDate(a.SignedOn, out _)) errors.Add($"agreements[{i}].signedOn", "Required, as yyyy-MM-dd.");
        }
        for (var i = 0; i < (input.FollowUps?.Count ?? 0); i++)
        {
            var f = input.FollowUps![i];
            if (f is null) { errors.Add($"followUps[{i}]", "Required."); continue; }
            if (string.IsNullOrWhiteSpace(f.Action)) errors.Add($"followUps[{i}].action", "Required.");
            if (string.IsNullOrWhiteSpace(f.Owner)) errors.Add($"followUps[{i}].owner", "Required: who does it.");
            if (!ProposalInputMapper.TryDate(f.Due, out _)) errors.Add($"followUps[{i}].due", "Required, as yyyy-MM-dd.");
        }
        return errors;
    }

    private static async Task<Created<ReportView>> File(Guid id, ReportInput input, DelegationsDbContext db, CurrentUser current, ReportCommands commands, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var reportId = await commands.FileAsync(user, id, input, ct);
        var saved = await db.Reports.AsNoTracking().Include(r => r.Agreements).Include(r => r.FollowUps).FirstAsync(r => r.Id == reportId, ct);
        return TypedResults.Created($"/api/proposals/{id}/report", ToView(saved));
    }

    public static PostTripReport NewReport(Guid proposalId, ReportInput input, UserContext user, DateTimeOffset now, bool late) => new()
    {
        ProposalId = proposalId,
        Summary = input.Summary!.Trim(),
        Results = string.IsNullOrWhiteSpace(input.Results) ? null : input.Results.Trim(),
        FiledAt = now,
        FiledById = user.Id,
        FiledByName = user.FullName,
        Late = late,
        Agreements = (input.Agreements ?? []).Select((a, i) => new Agreement
        {
            ProposalId = proposalId, Position = i, Title = a!.Title!.Trim(), Counterpart = a.Counterpart!.Trim(),
            SignedOn = DateOnly.ParseExact(a.SignedOn!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        }).ToList(),
        FollowUps = (input.FollowUps ?? []).Select((f, i) => new FollowUpAction
        {
            ProposalId = proposalId, Position = i, Action = f!.Action!.Trim(), Owner = f.Owner!.Trim(),
            Due = DateOnly.ParseExact(f.Due!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        }).ToList(),
    };

    private static async Task<Ok<ReportView>> Get(Guid id, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await ProposalsApi.FindVisibleAsync(db, user, id, ct);
        var report = await db.Reports.AsNoTracking().Include(r => r.Agreements).Include(r => r.FollowUps).FirstOrDefaultAsync(r => r.ProposalId == id, ct)
                     ?? throw AppProblemException.NotFound("The report");
        return TypedResults.Ok(ToView(report));
    }

    public static ReportView ToView(PostTripReport r) => new(r.Id, r.ProposalId, r.Summary, r.Results, r.FiledAt, r.FiledByName, r.Late,
        r.Agreements.OrderBy(a => a.Position).Select(a => new AgreementView(a.Title, a.Counterpart, a.SignedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList(),
        r.FollowUps.OrderBy(f => f.Position).Select(f => new FollowUpView(f.Id, f.Action, f.Owner, f.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            f.DoneAt is not null, f.DoneAt, f.DoneNote)).ToList());
}
