using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin;

/// <summary>One account: name, job title, department, roles and language; disable or enable it; a new set-password link.</summary>
public sealed class UserModel(DelegationsDbContext db, UserManager<AppUser> users, CurrentUser current, AccountAudit audit, TimeProvider clock, Outbox outbox,
    UiMessages messages, IStringLocalizer<UiText> text) : AdminFormPage(messages)
{
    [BindProperty] public string? FullName { get; set; }
    [BindProperty] public string? JobTitle { get; set; }
    [BindProperty] public string? Department { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public string? Reason { get; set; }

    public AccountsAdminApi.UserView Account { get; private set; } = null!;
    public IReadOnlyList<AccountsAdminApi.DepartmentNode> Departments { get; private set; } = [];
    public string? SetPasswordUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        if (!await LoadAsync(id, ct)) return NotFound();
        FullName = Account.FullName;
        JobTitle = Account.JobTitle;
        Department = Account.Department.Code;
        Language = Account.Language;
        Roles = [.. Account.Roles];
        SetPasswordUrl = TempData["SetPasswordUrl"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        if (!await LoadAsync(id, ct)) return NotFound();
        var ok = await RunAsync(async () => await AccountsAdminApi.UpdateUser(id,
            new AccountsAdminApi.UpdateUserRequest(FullName, JobTitle ?? "", Department, Roles, Language), db, users, current, audit, ct));
        if (!ok) return Page();
        return Done(id, text["Saved."]);
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!await RunAsync(async () => await AccountsAdminApi.Disable(id, new AccountsAdminApi.ReasonRequest(Reason), db, users, current, audit, ct))) return Reload();
        return Done(id, text["The account is disabled."]);
    }

    public async Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        if (!await LoadAsync(id, ct)) return NotFound();
        await RunAsync(async () => await AccountsAdminApi.Enable(id, db, users, current, audit, ct));
        return Done(id, text["The account is enabled."]);
    }

    public async Task<IActionResult> OnPostLinkAsync(string id, CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        if (!await LoadAsync(id, ct)) return NotFound();
        var link = await AccountsAdminApi.NewPasswordLink(id, db, users, current, audit, clock, outbox, ct);
        TempData["SetPasswordUrl"] = link.Value!.SetPasswordUrl;
        return Done(id, text["A new set-password link was made; earlier links no longer work."]);
    }

    private IActionResult Reload()
    {
        FullName = Account.FullName;
        JobTitle = Account.JobTitle;
        Department = Account.Department.Code;
        Language = Account.Language;
        Roles = [.. Account.Roles];
        return Page();
    }

    private IActionResult Done(string id, string message)
    {
        TempData["Flash"] = message;
        return Redirect($"/admin/users/{id}");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var found = await AccountsAdminApi.ViewsAsync(db, db.Users.Where(u => u.Id == id), ct);
        if (found.Count == 0) return false;
        Account = found[0];
        Departments = await AccountsAdminApi.TreeAsync(db, ct);
        return true;
    }
}
