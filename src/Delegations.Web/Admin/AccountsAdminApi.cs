using System.Text.RegularExpressions;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Admin;

/// <summary>
/// <c>/api/admin/users</c> and <c>/api/admin/departments</c>: admins make accounts (there is no self-registration),
/// disable and enable them, set their roles (several per person) and department, and edit the department tree.
/// Every change is in the audit log (role-change, user-change, department-change) in the same transaction.
/// </summary>
public static partial class AccountsAdminApi
{
    public sealed record DepartmentRef(Guid Id, string Code, string Name);
    public sealed record UserView(string Id, string Email, string FullName, string? JobTitle, DepartmentRef Department, IReadOnlyList<string> Roles,
        string Language, bool Disabled, bool LockedOut, DateTimeOffset CreatedAt);
    public sealed record CreateUserRequest(string? Email, string? FullName, string? JobTitle, string? Department, List<string>? Roles, string? Language, string? Password);
    public sealed record UpdateUserRequest(string? FullName, string? JobTitle, string? Department, List<string>? Roles, string? Language);
    public sealed record CreatedUser(UserView User, string? SetPasswordUrl);
    public sealed record PasswordLink(string SetPasswordUrl, DateTimeOffset IssuedAt);
    public sealed record ReasonRequest(string? Reason);
    public sealed record UserQuery(string? Q, string? Department, string? Role, bool? Disabled);

    public sealed record DepartmentNode(Guid Id, string Code, string NameVi, string NameEn, Guid? ParentId, string? ParentCode, int Depth, int Users);
    public sealed record DepartmentRequest(string? Code, string? NameVi, string? NameEn, string? Parent);

    public static void MapAccountsAdminApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/admin/users").WithTags("Admin: accounts").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly);
        users.MapGet("/", ListUsers).WithSummary("Accounts: q (name or e-mail, diacritics ignored), department (code), role, disabled.");
        users.MapGet("/{id}", GetUser).WithSummary("One account.").ProducesProblem(404);
        users.MapPost("/", CreateUser)
            .WithSummary("Make an account: email, fullName, department (code), roles, language; an initial password, or none to get a set-password link.")
            .ProducesValidationProblem().ProducesProblem(409);
        users.MapPut("/{id}", UpdateUser).WithSummary("Change name, job title, department, roles and language.").ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        users.MapPost("/{id}/disable", Disable).WithSummary("Disable an account: its cookie and tokens stop working at once.").ProducesProblem(404).ProducesProblem(409);
        users.MapPost("/{id}/enable", Enable).WithSummary("Enable an account again (and lift a lockout).").ProducesProblem(404);
        users.MapPost("/{id}/password-link", NewPasswordLink).WithSummary("A new set-password link for the account (the old ones stop working).").ProducesProblem(404);

        var departments = app.MapGroup("/api/admin/departments").WithTags("Admin: accounts").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly);
        departments.MapGet("/", ListDepartments).WithSummary("The department tree, depth-first, with the number of accounts in each.");
        departments.MapPost("/", CreateDepartment).WithSummary("Add a department: code (as workflow scopes name it), nameVi, nameEn, parent (code).")
            .ProducesValidationProblem().ProducesProblem(409);
        departments.MapPut("/{id:guid}", UpdateDepartment).WithSummary("Rename a department or move it under another parent (the code stays: definitions use it).")
            .ProducesValidationProblem().ProducesProblem(404);
    }

    // ---------------------------------------------------------------- users

    private static async Task<Ok<List<UserView>>> ListUsers([AsParameters] UserQuery query, DelegationsDbContext db, CancellationToken ct)
    {
        var views = await ViewsAsync(db, db.Users.AsNoTracking(), ct);
        IEnumerable<UserView> q = views;
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = SearchText.Fold(query.Q.Trim());
            q = q.Where(u => SearchText.Fold(u.FullName).Contains(text, StringComparison.Ordinal) || u.Email.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        if (!string.IsNullOrWhiteSpace(query.Department)) q = q.Where(u => string.Equals(u.Department.Code, query.Department.Trim(), StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrWhiteSpace(query.Role)) q = q.Where(u => u.Roles.Contains(query.Role.Trim()));
        if (query.Disabled is { } disabled) q = q.Where(u => u.Disabled == disabled);
        return TypedResults.Ok(q.OrderBy(u => u.Department.Code).ThenBy(u => u.FullName).ToList());
    }

    private static async Task<Ok<UserView>> GetUser(string id, DelegationsDbContext db, CancellationToken ct) => TypedResults.Ok(await ViewAsync(db, id, ct));

    public static async Task<Results<Created<CreatedUser>, ValidationProblem>> CreateUser(
        CreateUserRequest request, DelegationsDbContext db, UserManager<AppUser> users, CurrentUser current, AccountAudit audit, TimeProvider clock, Outbox outbox, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var errors = new FieldErrors();
        var email = request.Email?.Trim();
        if (string.IsNullOrEmpty(email)) errors.Add("email", "Required.");
        else if (!EmailPattern().IsMatch(email) || email.Length > 256) errors.Add("email", "Must be an e-mail address.");
        var fullName = Required(errors, "fullName", request.FullName, 200);
        Optional(errors, "jobTitle", request.JobTitle, 300);
        var department = await DepartmentAsync(db, request.Department, "department", errors, ct);
        var roles = CheckRoles(request.Roles, errors);
        var language = CheckLanguage(request.Language, errors);
        if (request.Password is { Length: > 0 } password)
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, new AppUser { FullName = "", Email = email, UserName = email }, password);
                foreach (var e in result.Errors) errors.Add("password", e.Description);
            }
        }
        if (errors.Any) return ProblemSetup.Validation(errors);
        if (await users.FindByEmailAsync(email!) is not null) throw AppProblemException.Conflict($"There is already an account '{email}'.");

        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = fullName!, JobTitle = Clean(request.JobTitle),
            DepartmentId = department!.Id, Language = language, CreatedAt = clock.GetUtcNow(),
        };
        string? link = null;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            Check(request.Password is { Length: > 0 } ? await users.CreateAsync(user, request.Password) : await users.CreateAsync(user));
            if (roles.Count > 0) Check(await users.AddToRolesAsync(user, roles));
            if (request.Password is not { Length: > 0 }) link = await SetPasswordUrlAsync(users, user, outbox);
            audit.Add(AuditKinds.UserChange, admin.Id, admin.FullName, user.Email, $"account created in {department.Code}" + (link is null ? " with an initial password" : ", set-password link issued"));
            audit.Add(AuditKinds.RoleChange, admin.Id, admin.FullName, user.Email, "roles: (none) → " + RoleText(roles));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return TypedResults.Created($"/api/admin/users/{user.Id}", new CreatedUser(await ViewAsync(db, user.Id, ct), link));
    }

    public static async Task<Results<Ok<UserView>, ValidationProblem>> UpdateUser(
        string id, UpdateUserRequest request, DelegationsDbContext db, UserManager<AppUser> users, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var user = await users.FindByIdAsync(id) ?? throw AppProblemException.NotFound("The account");
        var errors = new FieldErrors();
        var fullName = request.FullName is null ? user.FullName : Required(errors, "fullName", request.FullName, 200);
        Optional(errors, "jobTitle", request.JobTitle, 300);
        var department = request.Department is null ? null : await DepartmentAsync(db, request.Department, "department", errors, ct);
        var roles = request.Roles is null ? null : CheckRoles(request.Roles, errors);
        var language = request.Language is null ? user.Language : CheckLanguage(request.Language, errors);
        if (errors.Any) return ProblemSetup.Validation(errors);
        var before = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        if (roles is not null && user.Id == admin.Id && before.Contains(Roles.Admin) && !roles.Contains(Roles.Admin))
            throw AppProblemException.Conflict("You cannot take the Admin role from yourself: ask another administrator.");

        var changes = new List<string>();
        if (fullName != user.FullName) changes.Add($"name: {user.FullName} → {fullName}");
        if (request.JobTitle is not null && Clean(request.JobTitle) != user.JobTitle) changes.Add($"job title: {user.JobTitle} → {Clean(request.JobTitle)}");
        if (department is not null && department.Id != user.DepartmentId)
        {
            var old = await db.Departments.AsNoTracking().Where(d => d.Id == user.DepartmentId).Select(d => d.Code).FirstAsync(ct);
            changes.Add($"department: {old} → {department.Code}");
        }
        if (language != user.Language) changes.Add($"language: {user.Language} → {language}");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.FullName = fullName!;
        if (request.JobTitle is not null) user.JobTitle = Clean(request.JobTitle);
        if (department is not null) user.DepartmentId = department.Id;
        user.Language = language;
        Check(await users.UpdateAsync(user));
        if (roles is not null && !roles.Order(StringComparer.Ordinal).SequenceEqual(before))
        {
            var removed = before.Except(roles).ToList();
            var added = roles.Except(before).ToList();
            if (removed.Count > 0) Check(await users.RemoveFromRolesAsync(user, removed));
            if (added.Count > 0) Check(await users.AddToRolesAsync(user, added));
            audit.Add(AuditKinds.RoleChange, admin.Id, admin.FullName, user.Email, $"roles: {RoleText(before)} → {RoleText(roles)}");
        }
        if (changes.Count > 0) audit.Add(AuditKinds.UserChange, admin.Id, admin.FullName, user.Email, string.Join("; ", changes));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, user.Id, ct));
    }

    public static async Task<Ok<UserView>> Disable(string id, ReasonRequest? request, DelegationsDbContext db, UserManager<AppUser> users, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var user = await users.FindByIdAsync(id) ?? throw AppProblemException.NotFound("The account");
        if (user.Id == admin.Id) throw AppProblemException.Conflict("You cannot disable your own account.");
        if (!user.IsDisabled)
        {
            user.IsDisabled = true;
            // A new security stamp also voids refresh tokens and remembered cookies issued before.
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Add(AuditKinds.UserChange, admin.Id, admin.FullName, user.Email, "disabled" + (Clean(request?.Reason) is { } r ? ": " + r : ""));
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(await ViewAsync(db, user.Id, ct));
    }

    public static async Task<Ok<UserView>> Enable(string id, DelegationsDbContext db, UserManager<AppUser> users, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var user = await users.FindByIdAsync(id) ?? throw AppProblemException.NotFound("The account");
        var lockedOut = await users.IsLockedOutAsync(user);
        if (user.IsDisabled || lockedOut)
        {
            user.IsDisabled = false;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            Check(await users.UpdateAsync(user));
            audit.Add(AuditKinds.UserChange, admin.Id, admin.FullName, user.Email, lockedOut ? "enabled, lockout lifted" : "enabled");
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(await ViewAsync(db, user.Id, ct));
    }

    public static async Task<Ok<PasswordLink>> NewPasswordLink(string id, DelegationsDbContext db, UserManager<AppUser> users, CurrentUser current, AccountAudit audit,
        TimeProvider clock, Outbox outbox, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var user = await users.FindByIdAsync(id) ?? throw AppProblemException.NotFound("The account");
        Check(await users.UpdateSecurityStampAsync(user)); // earlier links stop working
        var link = await SetPasswordUrlAsync(users, user, outbox);
        audit.Add(AuditKinds.UserChange, admin.Id, admin.FullName, user.Email, "set-password link issued");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new PasswordLink(link, clock.GetUtcNow()));
    }

    /// <summary>A link to the set-password page with a password-reset token (valid one day, for this security stamp only).</summary>
    public static async Task<string> SetPasswordUrlAsync(UserManager<AppUser> users, AppUser user, Outbox outbox)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return outbox.Link($"/account/set-password?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}");
    }

    public static async Task<UserView> ViewAsync(DelegationsDbContext db, string id, CancellationToken ct) =>
        (await ViewsAsync(db, db.Users.AsNoTracking().Where(u => u.Id == id), ct)).FirstOrDefault() ?? throw AppProblemException.NotFound("The account");

    public static async Task<List<UserView>> ViewsAsync(DelegationsDbContext db, IQueryable<AppUser> query, CancellationToken ct)
    {
        var rows = await query.Select(u => new { User = u, u.Department!.Code, u.Department.NameVi }).ToListAsync(ct);
        var ids = rows.Select(r => r.User.Id).ToList();
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync(ct))
            .GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.Select(x => x.Name!).OrderBy(n => Roles.All.ToList().IndexOf(n)).ToList());
        var now = DateTimeOffset.UtcNow; // Identity's lockout runs on the system clock
        return rows.Select(r => new UserView(r.User.Id, r.User.Email!, r.User.FullName, r.User.JobTitle, new DepartmentRef(r.User.DepartmentId, r.Code, r.NameVi),
            roles.GetValueOrDefault(r.User.Id, []), r.User.Language, r.User.IsDisabled, r.User.LockoutEnd is { } end && end > now, r.User.CreatedAt)).ToList();
    }

    // ---------------------------------------------------------------- departments

    private static async Task<Ok<List<DepartmentNode>>> ListDepartments(DelegationsDbContext db, CancellationToken ct) => TypedResults.Ok(await TreeAsync(db, ct));

    /// <summary>The departments depth-first (each under its parent), for lists and pickers.</summary>
    public static async Task<List<DepartmentNode>> TreeAsync(DelegationsDbContext db, CancellationToken ct)
    {
        var all = await db.Departments.AsNoTracking().ToListAsync(ct);
        var counts = await db.Users.AsNoTracking().GroupBy(u => u.DepartmentId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var byParent = all.ToLookup(d => d.ParentId);
        var codes = all.ToDictionary(d => d.Id, d => d.Code);
        var list = new List<DepartmentNode>();
        void Walk(Guid? parent, int depth)
        {
            foreach (var d in byParent[parent].OrderBy(d => d.Code, StringComparer.Ordinal))
            {
                list.Add(new DepartmentNode(d.Id, d.Code, d.NameVi, d.NameEn, d.ParentId, d.ParentId is { } p ? codes.GetValueOrDefault(p) : null, depth, counts.GetValueOrDefault(d.Id)));
                Walk(d.Id, depth + 1);
            }
        }
        Walk(null, 0);
        return list;
    }

    public static async Task<Results<Created<DepartmentNode>, ValidationProblem>> CreateDepartment(
        DepartmentRequest request, DelegationsDbContext db, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var errors = new FieldErrors();
        var code = request.Code?.Trim();
        if (string.IsNullOrEmpty(code)) errors.Add("code", "Required.");
        else if (!CodePattern().IsMatch(code)) errors.Add("code", "Letters, digits, '-', '_' or '.', at most 50 (workflow scopes name it: department:CODE).");
        var nameVi = Required(errors, "nameVi", request.NameVi, 300);
        var nameEn = Required(errors, "nameEn", request.NameEn, 300);
        var parent = string.IsNullOrWhiteSpace(request.Parent) ? null : await DepartmentAsync(db, request.Parent, "parent", errors, ct);
        if (errors.Any) return ProblemSetup.Validation(errors);
        if (await db.Departments.AnyAsync(d => d.Code == code, ct)) throw AppProblemException.Conflict($"There is already a department '{code}'.");
        var department = new Department { Code = code!, NameVi = nameVi!, NameEn = nameEn!, ParentId = parent?.Id };
        db.Departments.Add(department);
        audit.Add(AuditKinds.DepartmentChange, admin.Id, admin.FullName, code, $"created under {parent?.Code ?? "(top)"}: {nameVi}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/departments/{department.Id}", (await TreeAsync(db, ct)).First(d => d.Id == department.Id));
    }

    public static async Task<Results<Ok<DepartmentNode>, ValidationProblem>> UpdateDepartment(
        Guid id, DepartmentRequest request, DelegationsDbContext db, CurrentUser current, AccountAudit audit, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw AppProblemException.NotFound("The department");
        var errors = new FieldErrors();
        if (request.Code is { } code && code.Trim() != department.Code) errors.Add("code", "A department's code does not change: workflow definitions name it.");
        var nameVi = request.NameVi is null ? department.NameVi : Required(errors, "nameVi", request.NameVi, 300);
        var nameEn = request.NameEn is null ? department.NameEn : Required(errors, "nameEn", request.NameEn, 300);
        Department? parent = null;
        var moveToTop = request.Parent is { } p && p.Trim().Length == 0;
        if (!string.IsNullOrWhiteSpace(request.Parent))
        {
            parent = await DepartmentAsync(db, request.Parent, "parent", errors, ct);
            if (parent is not null)
            {
                // Walk up from the new parent: meeting this department means the move would make a loop.
                var parents = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ParentId, ct);
                for (Guid? at = parent.Id; at is { } a; at = parents.GetValueOrDefault(a))
                {
                    if (a != department.Id) continue;
                    errors.Add("parent", "A department cannot be placed under itself or one of its sub-departments.");
                    break;
                }
            }
        }
        if (errors.Any) return ProblemSetup.Validation(errors);
        var changes = new List<string>();
        if (nameVi != department.NameVi) changes.Add($"name: {department.NameVi} → {nameVi}");
        if (nameEn != department.NameEn) changes.Add($"English name: {department.NameEn} → {nameEn}");
        var newParent = moveToTop ? null : parent?.Id ?? department.ParentId;
        if (newParent != department.ParentId) changes.Add($"moved under {parent?.Code ?? "(top)"}");
        department.NameVi = nameVi!;
        department.NameEn = nameEn!;
        department.ParentId = newParent;
        if (changes.Count > 0)
        {
            audit.Add(AuditKinds.DepartmentChange, admin.Id, admin.FullName, department.Code, string.Join("; ", changes));
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok((await TreeAsync(db, ct)).First(d => d.Id == id));
    }

    // ---------------------------------------------------------------- checks

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Required(FieldErrors errors, string path, string? value, int max)
    {
        var v = Clean(value);
        if (v is null) errors.Add(path, "Required.");
        else if (v.Length > max) errors.Add(path, $"At most {max} characters.");
        return v;
    }

    private static void Optional(FieldErrors errors, string path, string? value, int max)
    {
        if (Clean(value) is { } v && v.Length > max) errors.Add(path, $"At most {max} characters.");
    }

    /// <summary>A department named by its code (or id).</summary>
    private static async Task<Department?> DepartmentAsync(DelegationsDbContext db, string? value, string path, FieldErrors errors, CancellationToken ct)
    {
        var v = Clean(value);
        if (v is null)
        {
            errors.Add(path, "Required: a department code.");
            return null;
        }
        var department = Guid.TryParse(v, out var gid)
            ? await db.Departments.FirstOrDefaultAsync(d => d.Id == gid, ct)
            : await db.Departments.FirstOrDefaultAsync(d => d.Code == v, ct);
        if (department is null) errors.Add(path, $"There is no department '{v}'.");
        return department;
    }

    private static List<string> CheckRoles(List<string>? requested, FieldErrors errors)
    {
        var roles = new List<string>();
        foreach (var (role, i) in (requested ?? []).Select((r, i) => (r?.Trim() ?? "", i)))
        {
            if (!Roles.All.Contains(role)) errors.Add($"roles[{i}]", $"'{role}' is not a role: {string.Join(", ", Roles.All)}.");
            else if (!roles.Contains(role)) roles.Add(role);
        }
        return roles;
    }

    private static string CheckLanguage(string? language, FieldErrors errors)
    {
        var l = Clean(language)?.ToLowerInvariant() ?? "vi";
        if (l is not ("vi" or "en")) errors.Add("language", "Must be vi or en.");
        return l is "en" ? "en" : "vi";
    }

    private static string RoleText(IEnumerable<string> roles) => roles.Any() ? string.Join(", ", roles.Order(StringComparer.Ordinal)) : "(none)";

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw AppProblemException.Invalid("email", string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,50}$")]
    private static partial Regex CodePattern();
}
