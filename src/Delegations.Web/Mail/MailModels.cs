using System.Globalization;
using Delegations.Web.Workflows;

namespace Delegations.Web.Mail;

/// <summary>
/// The objects mail templates see, built one way for every mail (and for the admin's preview), so a template edited
/// for one mail reads the same names in all: <c>proposal</c>, <c>task</c>, <c>recipient</c> (added by the outbox),
/// and per mail <c>reminder</c>, <c>escalation</c>, <c>followUp</c>, <c>digest</c>, <c>actor</c>, <c>comment</c>, <c>step</c>.
/// Values are plain: the renderer HTML-encodes every string for the HTML part.
/// </summary>
public static class MailModels
{
    public static string Date(DateOnly date, string language) =>
        date.ToString(language == "en" ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Proposal(Guid id, string referenceNumber, string title, DateOnly start, DateOnly end, string language, Outbox outbox) => new()
    {
        ["title"] = title,
        ["referenceNumber"] = referenceNumber,
        ["link"] = outbox.Link($"/proposals/{id}"),
        ["startDate"] = Date(start, language),
        ["endDate"] = Date(end, language),
    };

    public static Dictionary<string, object?> Proposal(Proposals.Proposal p, string language, Outbox outbox) =>
        Proposal(p.Id, p.ReferenceNumber, p.Title, p.StartDate, p.EndDate, language, outbox);

    public static Dictionary<string, object?> Task(Guid id, string titleVi, string titleEn, DateTimeOffset? due, string language, Outbox outbox) => new()
    {
        ["title"] = language == "en" ? titleEn : titleVi,
        ["due"] = Outbox.FormatMoment(due, language),
        ["link"] = outbox.Link($"/tasks/{id}"),
    };

    public static Dictionary<string, object?> Task(WorkflowTask t, string language, Outbox outbox) => Task(t.Id, t.TitleVi, t.TitleEn, t.Due, language, outbox);

    /// <summary>A mail about a proposal (and one of its tasks).</summary>
    public static Dictionary<string, object?> For(Dictionary<string, object?> proposal, Dictionary<string, object?>? task = null)
    {
        var model = new Dictionary<string, object?> { ["proposal"] = proposal };
        if (task is not null) model["task"] = task;
        return model;
    }

    /// <summary>The reminder of a task: which one, and how late (working days over the holiday calendar).</summary>
    public static Dictionary<string, object?> Reminder(int number, bool overdue, int workingDaysOverdue, int workingDaysLeft) => new()
    {
        ["number"] = number,
        ["overdue"] = overdue,
        ["workingDaysOverdue"] = workingDaysOverdue,
        ["workingDaysLeft"] = workingDaysLeft,
    };

    /// <summary>An escalated task: who had it (by name) and the role it now goes to as well.</summary>
    public static Dictionary<string, object?> Escalation(string role, IEnumerable<string> formerAssignees) => new()
    {
        ["role"] = role,
        ["assignees"] = string.Join(", ", formerAssignees),
    };

    public static Dictionary<string, object?> FollowUp(Guid proposalId, string action, string owner, DateOnly due, bool overdue, int daysOverdue, string language, Outbox outbox) => new()
    {
        ["action"] = action,
        ["owner"] = owner,
        ["due"] = Date(due, language),
        ["overdue"] = overdue,
        ["daysOverdue"] = daysOverdue,
        ["link"] = outbox.Link($"/proposals/{proposalId}/report"),
    };

    /// <summary>One line of the daily digest.</summary>
    public static Dictionary<string, object?> DigestTask(Approvals.TasksApi.TaskItem item, string language, Outbox outbox) => new()
    {
        ["title"] = item.Title,
        ["referenceNumber"] = item.ReferenceNumber,
        ["proposalTitle"] = item.ProposalTitle,
        ["due"] = Outbox.FormatMoment(item.Due, language),
        ["overdue"] = item.Overdue,
        ["escalated"] = item.Escalated,
        ["onBehalfOf"] = item.OnBehalfOf,
        ["link"] = outbox.Link($"/tasks/{item.Id}"),
    };

    public static Dictionary<string, object?> Digest(DateOnly day, IReadOnlyList<Dictionary<string, object?>> tasks, int overdue, string language, Outbox outbox) => new()
    {
        ["date"] = Date(day, language),
        ["count"] = tasks.Count,
        ["overdue"] = overdue,
        ["tasks"] = tasks,
        ["link"] = outbox.Link("/inbox"),
        ["settingsLink"] = outbox.Link("/account/settings"),
    };
}
