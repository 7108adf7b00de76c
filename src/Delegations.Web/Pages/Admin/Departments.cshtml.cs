using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin;

/// <summary>The department tree: add a department, rename one or move it under another (never under itself).</summary>
public sealed class DepartmentsModel(DelegationsDbContext db, CurrentUser current, AccountAudit audit, UiMessages messages, IStringLocalizer<UiText> text)
    : AdminFormPage(messages)
{
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? NameVi { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [BindProperty] public string? Parent { get; set; }

    public IReadOnlyList<AccountsAdminApi.DepartmentNode> Tree { get; private set; } = [];
    public AccountsAdminApi.DepartmentNode? Editing { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        await LoadAsync(ct);
        if (Editing is { } e)
        {
            Code = e.Code;
            NameVi = e.NameVi;
            NameEn = e.NameEn;
            Parent = e.ParentCode;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        var ok = await RunAsync(async () => await AccountsAdminApi.CreateDepartment(new AccountsAdminApi.DepartmentRequest(Code, NameVi, NameEn, Parent), db, current, audit, ct));
        return await AfterAsync(ok, text["The department {0} was added.", Code?.Trim() ?? ""], ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(CancellationToken ct)
    {
        if (await RefuseAsync(ct) is { } refusal) return refusal;
        if (Edit is not { } id) return NotFound();
        // An empty parent moves it to the top level.
        var ok = await RunAsync(async () => await AccountsAdminApi.UpdateDepartment(id, new AccountsAdminApi.DepartmentRequest(null, NameVi, NameEn, Parent ?? ""), db, current, audit, ct));
        return await AfterAsync(ok, text["Saved."], ct);
    }

    private async Task<IActionResult> AfterAsync(bool ok, string message, CancellationToken ct)
    {
        if (ok)
        {
            TempData["Flash"] = message;
            return Redirect("/admin/departments");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Tree = await AccountsAdminApi.TreeAsync(db, ct);
        Editing = Edit is { } id ? Tree.FirstOrDefault(d => d.Id == id) : null;
    }
}
