using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Pages.Proposals;

/// <summary>The proposals I may see (my department's, and those I was asked to act on), searched and filtered with the API's own query.</summary>
public sealed class IndexModel(DelegationsDbContext db, Viewer viewer) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    // "p", not "page": Razor Pages keeps "page" as a route value.
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public ProposalsApi.PagedList<ProposalsApi.ProposalSummary> Result { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<int> Years { get; private set; } = [];
    public bool CanCreate { get; private set; }
    public bool Filtered => !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(Status) || !string.IsNullOrWhiteSpace(Kind) || Year is not null;
    public int Pages => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        CanCreate = user.IsInRole(Accounts.Roles.Submitter) || user.IsAdmin;
        // Unknown filter values (a hand-edited address) are dropped rather than answered with an error page.
        if (!EnumText.TryParse<ProposalStatus>(Status, out _)) Status = null;
        if (!EnumText.TryParse<ProposalKind>(Kind, out _)) Kind = null;
        if (Year is < 2000 or > 2100) Year = null;
        PageNumber = Math.Max(1, PageNumber);

        var query = new ProposalsApi.SearchQuery(Status, Kind,
            Year is { } y ? $"{y:D4}-01-01" : null, Year is { } y2 ? $"{y2:D4}-12-31" : null,
            Q, null, PageNumber, PageSize);
        Result = (await ProposalSearch.RunAsync(db, user, query, ct)).Page!;

        var starts = await db.Proposals.AsNoTracking().VisibleTo(db, user).Select(p => p.StartDate.Year).Distinct().ToListAsync(ct);
        Years = starts.OrderDescending().ToList();
    }

    public string PageLink(int page) =>
        "/proposals" + QueryString.Create(new Dictionary<string, string?>
        {
            ["q"] = Q, ["status"] = Status, ["kind"] = Kind, ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["p"] = page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(kv => !string.IsNullOrEmpty(kv.Value)));
}
