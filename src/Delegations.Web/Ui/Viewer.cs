using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Ui;

/// <summary>
/// The signed-in person as the pages see them: their <see cref="UserContext"/> in the language of the page
/// (department, step and country names follow the UI switch), and what the header shows.
/// </summary>
public sealed class Viewer(CurrentUser current, DelegationsDbContext db)
{
    private UserContext? _user;
    private Header? _header;

    public sealed record Header(string FullName, string? JobTitle, string Department, IReadOnlyList<string> Roles, int InboxCount, bool CanCreate, bool IsAdmin);

    public bool IsSignedIn => current.Id is not null;

    /// <summary>The user, with <see cref="UserContext.Language"/> set to the page's language. Throws 401 when signed out.</summary>
    public async Task<UserContext> GetAsync(CancellationToken ct = default)
    {
        if (_user is not null) return _user;
        var user = await current.GetAsync(ct);
        var language = UiCulture.Language;
        if (user.Language != language)
        {
            var department = await db.Departments.AsNoTracking().FirstAsync(d => d.Id == user.DepartmentId, ct);
            user = user with { Language = language, DepartmentName = department.Name(language) };
        }
        return _user = user;
    }

    /// <summary>What the header shows; null when nobody is signed in (or the account was disabled meanwhile).</summary>
    public async Task<Header?> HeaderAsync(CancellationToken ct = default)
    {
        if (_header is not null || !IsSignedIn) return _header;
        UserContext user;
        try
        {
            user = await GetAsync(ct);
        }
        catch (AppProblemException)
        {
            return null;
        }
        var jobTitle = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.JobTitle).FirstOrDefaultAsync(ct);
        var inbox = await InboxCountAsync(user, ct);
        return _header = new Header(user.FullName, jobTitle, user.DepartmentName, user.Roles.OrderBy(r => Roles.All.ToList().IndexOf(r)).ToList(), inbox,
            user.IsInRole(Roles.Submitter) || user.IsAdmin, user.IsAdmin);
    }

    public Task<int> InboxCountAsync(UserContext user, CancellationToken ct) =>
        db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Open).Where(Access.AssignedTo(user)).CountAsync(ct);
}
