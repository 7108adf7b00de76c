using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin;

/// <summary>The accounts: search by name, department and role; make a new one (no self-registration).</summary>
public sealed class UsersModel(DelegationsDbContext db, UserManager<AppUser> users, CurrentUser current, AccountAudit audit, TimeProvider clock, Outbox outbox,
    UiMessages messages, IStringLocalizer<UiText> text) : AdminFormPage(messages)
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? FullName { get; set; }
    [BindProperty] public string? JobTitle { get; set; }
    [BindProperty] public string? NewDepartment { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Language { get; set; }

    public IReadOnlyList<AccountsAdminApi.UserView> Users { get; private set; } = [];
    public IReadOnlyList<AccountsAdminApi.DepartmentNode> Departments { get; private set; } = [];

    public string Indent(AccountsAdminApi.DepartmentNode d) => string.Concat(Enumerable.Repeat("— ", d.Depth));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        string? createdId = null, link = null;
        var ok = await RunAsync(async () =>
        {
            var result = await AccountsAdminApi.CreateUser(new AccountsAdminApi.CreateUserRequest(Email, FullName, JobTitle, NewDepartment, Roles, Language, Password),
                db, users, current, audit, clock, outbox, ct);
            if (result.Result is Microsoft.AspNetCore.Http.HttpResults.Created<AccountsAdminApi.CreatedUser> created)
            {
                createdId = created.Value!.User.Id;
                link = created.Value.SetPasswordUrl;
            }
            return result;
        });
        if (!ok)
        {
            await LoadAsync(ct);
            return Page();
        }
        TempData["Flash"] = text["The account {0} was created.", Email?.Trim() ?? ""].Value;
        if (link is not null) TempData["SetPasswordUrl"] = link;
        return Redirect($"/admin/users/{createdId}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Departments = await AccountsAdminApi.TreeAsync(db, ct);
        var all = await AccountsAdminApi.ViewsAsync(db, db.Users, ct);
        IEnumerable<AccountsAdminApi.UserView> q = all;
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var folded = SearchText.Fold(Q);
            q = q.Where(u => SearchText.Fold(u.FullName).Contains(folded, StringComparison.Ordinal) || u.Email.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase));
        }
        if (!string.IsNullOrWhiteSpace(Department)) q = q.Where(u => u.Department.Code == Department);
        if (!string.IsNullOrWhiteSpace(Role)) q = q.Where(u => u.Roles.Contains(Role));
        Users = q.OrderBy(u => u.Department.Code).ThenBy(u => u.FullName).ToList();
    }
}
