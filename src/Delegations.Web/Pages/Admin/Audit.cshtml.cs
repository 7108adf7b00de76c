using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;

namespace Delegations.Web.Pages.Admin;

/// <summary>The audit log: search by kind, actor, subject and dates, 50 a page, and the same search as CSV.</summary>
public sealed class AuditModel(DelegationsDbContext db, UiMessages messages) : AdminFormPage(messages)
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Subject { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public AuditApi.AuditPage? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        var filter = AuditApi.Parse(db, new AuditApi.AuditQuery(Kind, Actor, Subject, From, To, PageNumber, 50, null), out var errors);
        if (filter is null) foreach (var (field, list) in errors.ToDictionary()) Errors[field] = string.Join(" ", list.Select(Messages.Translate));
        else Result = await AuditApi.PageAsync(filter, ct);
        return Page();
    }

    private string Query(int? page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["kind"] = Kind, ["actor"] = Actor, ["subject"] = Subject, ["from"] = From, ["to"] = To, ["page"] = page?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToString();

    public string PageUrl(int page) => "/admin/audit" + Query(page);

    public string CsvUrl => "/api/admin/audit" + QueryString.Create(new Dictionary<string, string?>
    {
        ["format"] = "csv", ["kind"] = Kind, ["actor"] = Actor, ["subject"] = Subject, ["from"] = From, ["to"] = To,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)));
}
