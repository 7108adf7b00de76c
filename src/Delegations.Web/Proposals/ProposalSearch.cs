using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Delegations.Web.Proposals.ProposalsApi;

namespace Delegations.Web.Proposals;

/// <summary>
/// Searching the proposals a user may see: status (comma-separated), kind, date range, department and words
/// (diacritics-insensitive: "huynh thanh dat" finds "Huỳnh Thành Đạt"), newest trip first, paged.
/// The API's <c>GET /api/proposals</c> and the proposals page both run this.
/// </summary>
public static class ProposalSearch
{
    public sealed record Result(PagedList<ProposalSummary>? Page, FieldErrors Errors);

    public static async Task<Result> RunAsync(DelegationsDbContext db, UserContext user, SearchQuery query, CancellationToken ct)
    {
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
        if (errors.Any) return new Result(null, errors);

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
        return new Result(new PagedList<ProposalSummary>(items, page, pageSize, total), errors);
    }
}
