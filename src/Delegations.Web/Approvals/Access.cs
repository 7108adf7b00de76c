using System.Linq.Expressions;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;

namespace Delegations.Web.Approvals;

/// <summary>
/// Who may see and do what, decided on the server against the stored records (never on ids or roles sent by the
/// client). One place, used by the API, the pages and the jobs.
/// </summary>
public static class Access
{
    /// <summary>Tasks any of the user's principals (themselves, or whoever made them deputy today) may act on.</summary>
    public static Expression<Func<WorkflowTask, bool>> AssignedTo(UserContext user) =>
        user.Principals.Select(AssignedTo).Aggregate(Or);

    // One rule, used two ways: translated to SQL for the inbox, compiled once for checks in memory.
    private static readonly Expression<Func<WorkflowTask, Principal, bool>> Rule = (t, p) =>
        t.ReassignedToUserId == p.Id
        || (t.ReassignedToUserId == null
            && (t.AssigneeUser == p.Email
                || (t.AssigneeRole != null && p.RoleList.Contains(t.AssigneeRole)
                    && (t.AssigneeDepartmentId == null || t.AssigneeDepartmentId == p.DepartmentId
                        // department:CODE reaches the holders of the role in that department and in its sub-departments
                        || (t.AssigneeScope != null && t.AssigneeScope.StartsWith("department:") && p.DepartmentPath.Contains(t.AssigneeDepartmentId.Value))))
                || (t.EscalatedAt != null && t.EscalationRole != null && p.RoleList.Contains(t.EscalationRole)
                    && (t.EscalationDepartmentId == null || t.EscalationDepartmentId == p.DepartmentId))));

    private static readonly Func<WorkflowTask, Principal, bool> CompiledRule = Rule.Compile();

    public static Expression<Func<WorkflowTask, bool>> AssignedTo(Principal p)
    {
        var task = Rule.Parameters[0];
        var body = new Rebind(Rule.Parameters[1], Expression.Constant(p)).Visit(Rule.Body);
        return Expression.Lambda<Func<WorkflowTask, bool>>(body, task);
    }

    public static bool IsAssignedTo(Principal p, WorkflowTask task) => CompiledRule(task, p);

    /// <summary>The principal through whom the user may act on a task: themselves first, then those they deputise for.</summary>
    public static Principal? ActingPrincipal(UserContext user, WorkflowTask task) =>
        user.Principals.FirstOrDefault(p => IsAssignedTo(p, task));

    /// <summary>
    /// Proposals the user may read: admins all; their own department's; the ones they were ever assigned a task on
    /// (or acted on).
    /// </summary>
    public static IQueryable<Proposal> VisibleTo(this IQueryable<Proposal> proposals, DelegationsDbContext db, UserContext user)
    {
        if (user.IsAdmin) return proposals;
        var department = user.DepartmentId;
        var userId = user.Id;
        var involved = db.Tasks.Where(Or(AssignedTo(user), t => t.CompletedById == userId));
        return proposals.Where(p => p.DepartmentId == department || p.CreatedById == userId || involved.Any(t => t.ProposalId == p.Id));
    }

    /// <summary>May edit and submit: a submitter of the proposal's department (or its author), while draft or sent back.</summary>
    public static bool CanEdit(UserContext user, Proposal proposal) =>
        proposal.CreatedById == user.Id
        || (user.IsInRole(Roles.Submitter) && proposal.DepartmentId == user.DepartmentId)
        || user.IsAdmin;

    /// <summary>Passport numbers and dates of birth: the submitter, visa officers and admins.</summary>
    public static bool CanSeePassports(UserContext user, Proposal proposal) =>
        user.IsAdmin || user.IsInRole(Roles.VisaOfficer) || proposal.CreatedById == user.Id;

    /// <summary>Separation of duties: nobody approves a proposal they submitted or travel in.</summary>
    public static string? SeparationOfDutiesViolation(UserContext user, Proposal proposal, WorkflowTask task)
    {
        if (task.Kind != Delegations.Workflows.Definitions.StepTypes.Approval) return null;
        if (proposal.CreatedById == user.Id) return "You submitted this proposal, so you cannot approve it.";
        var me = SearchText.Fold(user.FullName);
        if (proposal.Members.Any(m => !m.Removed && SearchText.Fold(m.FullName) == me))
            return "You are a member of this delegation, so you cannot approve it.";
        return null;
    }

    /// <summary>
    /// After the report: adding follow-ups, marking them done, attaching files. Whoever may edit the proposal, the
    /// international office and admins (the owner named on a follow-up may also mark that one done).
    /// </summary>
    public static bool CanManageReport(UserContext user, Proposal proposal) =>
        CanEdit(user, proposal) || user.IsInRole(Roles.InternationalOffice);

    /// <summary>
    /// What the compiled report may cover for this user: everything for admins, Leadership and the international
    /// office (also as their deputy); a department head's own department (with its sub-departments); null for anyone else.
    /// </summary>
    public static CompiledReportScope? CompiledReportScopeOf(UserContext user)
    {
        if (user.IsAdmin || user.Principals.Any(p => p.IsInRole(Roles.Leadership) || p.IsInRole(Roles.InternationalOffice)))
            return new CompiledReportScope(true, []);
        var departments = user.Principals.Where(p => p.IsInRole(Roles.DepartmentHead)).Select(p => p.DepartmentId).Distinct().ToList();
        return departments.Count == 0 ? null : new CompiledReportScope(false, departments);
    }

    public static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> a, Expression<Func<T, bool>> b)
    {
        var parameter = a.Parameters[0];
        var right = new Rebind(b.Parameters[0], parameter).Visit(b.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(a.Body, right), parameter);
    }

    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

/// <summary>The departments a compiled report may cover: all, or these (each with its sub-departments).</summary>
public sealed record CompiledReportScope(bool All, IReadOnlyList<Guid> Departments);
