using System.Globalization;
using System.Text.Json.Nodes;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.DataProtection;

namespace Delegations.Web.Visas;

public static class VisaStatuses
{
    public const string NotNeeded = "not-needed";
    public const string Applied = "applied";
    public const string Granted = "granted";
    public const string Refused = "refused";
}

/// <summary>
/// The visa task of one member (the <c>each</c> step of the outbound workflow, <c>"kind": "visa"</c>): what the visa
/// officer records lands on the member — passport type, number (protected), expiry, visa status and its dates. A
/// refused visa removes the member from the delegation (journalled); the trip goes on with the others. When the
/// head's visa is refused the head stays on the list, the refusal is journalled and the proposal is flagged
/// (<c>headVisaRefused</c>) so the international office names a new head (changes) or cancels.
/// </summary>
public sealed class VisaTask(IDataProtectionProvider protection, WorkflowHost host)
{
    public const string TaskKind = "visa";
    private readonly IDataProtector _passports = protection.CreateProtector(ProposalRules.PassportPurpose);

    /// <summary>The member a visa task is for: by the item's id, else by position among the members still travelling.</summary>
    public static DelegationMember? MemberOf(WorkflowTask task, Proposal proposal)
    {
        if (task.ItemId is { } id && Guid.TryParse(id, out var guid) && proposal.Members.FirstOrDefault(m => m.Id == guid) is { } byId) return byId;
        if (task.ItemIndex is not { } index) return null;
        var members = proposal.Members.Where(m => !m.Removed).OrderBy(m => m.Position).ToList();
        return index < members.Count ? members[index] : null;
    }

    /// <summary>Writes the task's data onto the member before the engine completes it. The passport number is taken out of the data so it is never kept in plain text in the workflow.</summary>
    public void Apply(WorkflowTask task, Proposal proposal, string outcome, JsonObject? data, Actor actor)
    {
        if (task.TaskKind != TaskKind || outcome != Outcomes.Done || data is null) return;
        var member = MemberOf(task, proposal);
        if (member is null) return;
        var errors = new FieldErrors();
        DateOnly? Date(string name)
        {
            if (data[name] is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetValue<string>())) return null;
            if (ProposalInputMapper.TryDate(v.GetValue<string>(), out var d)) return d;
            errors.Add("data." + name, "Must be a date as yyyy-MM-dd.");
            return null;
        }
        string? Text(string name) => data[name] is JsonValue t && t.GetValueKind() == System.Text.Json.JsonValueKind.String ? t.GetValue<string>().Trim() : null;
        var number = Text("passportNumber");
        if (number is { Length: > 30 }) errors.Add("data.passportNumber", "At most 30 characters.");
        var expiry = Date("passportExpiry");
        var applied = Date("appliedOn");
        var decided = Date("visaDate");
        errors.ThrowIfAny();
        data.Remove("passportNumber");

        // Wrong types are left to the form's own validation, which names the field.
        var status = Text("visaStatus");
        if (Text("passportType") is { Length: > 0 } type && ProposalRules.PassportTypes.Contains(type)) member.PassportType = type;
        if (!string.IsNullOrEmpty(number)) member.PassportNumberProtected = _passports.Protect(number);
        if (expiry is not null) member.PassportExpiry = expiry;
        if (status is not null) member.VisaStatus = status;
        if (applied is not null) member.VisaAppliedOn = applied;
        if (status == VisaStatuses.Applied && applied is null && decided is not null) member.VisaAppliedOn = decided;
        if (status is VisaStatuses.Granted or VisaStatuses.Refused) member.VisaDecidedOn = decided ?? member.VisaDecidedOn;

        if (status == VisaStatuses.Refused)
        {
            if (member.Role == MemberRole.Head)
            {
                host.Journal(proposal, "head-visa-refused", actor, comment: member.FullName, step: task.StepId);
            }
            else
            {
                member.Removed = true;
                host.Journal(proposal, "member-removed", actor, comment: $"{member.FullName}: visa refused / bị từ chối thị thực", step: task.StepId);
            }
        }
    }

    /// <summary>True when the head's visa was refused: the trip cannot go as proposed.</summary>
    public static bool HeadVisaRefused(Proposal p) => p.Members.Any(m => m.Role == MemberRole.Head && !m.Removed && m.VisaStatus == VisaStatuses.Refused);

    /// <summary>The warning when a passport expires less than 6 months after the return date (most countries refuse a visa then).</summary>
    public static string? PassportWarning(DelegationMember m, Proposal p, string language)
    {
        if (p.Kind != ProposalKind.Outbound || m.PassportExpiry is not { } expiry) return null;
        var limit = p.EndDate.AddMonths(6);
        if (expiry >= limit) return null;
        var date = expiry.ToString(language == "en" ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);
        return language == "en"
            ? $"The passport of {m.FullName} expires on {date}, less than 6 months after the return ({p.EndDate:yyyy-MM-dd}): renew it before applying for the visa."
            : $"Hộ chiếu của {m.FullName} hết hạn ngày {date}, còn chưa đến 6 tháng sau ngày về ({p.EndDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}): cần gia hạn trước khi xin thị thực.";
    }
}
