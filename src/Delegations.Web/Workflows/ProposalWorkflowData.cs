using System.Globalization;
using System.Text.Json.Nodes;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;

namespace Delegations.Web.Workflows;

/// <summary>
/// The proposal as workflow expressions see it (<c>proposal.budget.totalVnd</c>, <c>proposal.members</c>, …):
/// plain data with a few derived facts for routing. Never holds passport numbers or dates of birth.
/// </summary>
public static class ProposalWorkflowData
{
    public static JsonObject Build(Proposal p, WorkflowOptions options)
    {
        var members = p.Members.Where(m => !m.Removed).OrderBy(m => m.Position).ToList();
        var head = members.FirstOrDefault(m => m.Role == MemberRole.Head);
        var countries = p.Destinations.Select(d => d.Country).Distinct().ToList();
        return new JsonObject
        {
            ["id"] = p.Id.ToString(),
            ["referenceNumber"] = p.ReferenceNumber,
            ["kind"] = EnumText.ToText(p.Kind),
            ["title"] = p.Title,
            ["purpose"] = p.Purpose,
            ["startDate"] = Date(p.StartDate),
            ["endDate"] = Date(p.EndDate),
            ["days"] = p.Days,
            ["department"] = p.Department?.Code,
            ["inAnnualPlan"] = p.InAnnualPlan,
            ["planItemId"] = p.PlanItemId?.ToString(),
            ["guestClass"] = p.GuestClass,
            ["ledByLeader"] = head?.Grade is { } g && options.LeaderGrades.Contains(g, StringComparer.OrdinalIgnoreCase),
            ["destinations"] = new JsonArray(p.Destinations.OrderBy(d => d.Position)
                .Select(d => (JsonNode)new JsonObject { ["country"] = d.Country, ["city"] = d.City }).ToArray()),
            ["countries"] = new JsonArray(countries.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
            ["venue"] = p.VenueCity is null ? null : new JsonObject { ["city"] = p.VenueCity, ["place"] = p.VenuePlace },
            ["counterparts"] = new JsonArray(p.Counterparts.OrderBy(c => c.Position).Select(c => (JsonNode)new JsonObject
            {
                ["organisation"] = c.Organisation, ["country"] = c.Country, ["contactName"] = c.ContactName, ["contactTitle"] = c.ContactTitle,
            }).ToArray()),
            ["members"] = new JsonArray(members.Select(m => (JsonNode)new JsonObject
            {
                ["id"] = m.Id.ToString(),
                ["fullName"] = m.FullName,
                ["title"] = m.Title,
                ["organisation"] = m.Organisation,
                ["role"] = EnumText.ToText(m.Role),
                ["grade"] = m.Grade,
                ["nationality"] = m.Nationality,
                ["passportType"] = m.PassportType,
                ["visaStatus"] = m.VisaStatus,
            }).ToArray()),
            ["conference"] = p.Kind != ProposalKind.Conference ? null : new JsonObject
            {
                ["topic"] = p.ConferenceTopic,
                ["organisers"] = p.ConferenceOrganisers,
                ["sensitiveTopics"] = new JsonArray(ConferenceRules.TopicsOf(p).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
                ["participants"] = new JsonArray(p.Participants.OrderBy(x => x.Position).Select(x => (JsonNode)new JsonObject
                {
                    ["country"] = x.Country, ["level"] = x.Level, ["count"] = x.Count,
                }).ToArray()),
                ["underPrimeMinister"] = p.UnderPrimeMinister,
            },
            ["conferenceId"] = p.ConferenceId?.ToString(),
            ["head"] = head is null ? null : new JsonObject { ["fullName"] = head.FullName, ["title"] = head.Title, ["grade"] = head.Grade },
            ["budget"] = new JsonObject
            {
                ["source"] = p.BudgetSource,
                ["totalVnd"] = p.TotalVnd,
                ["approvedTotalVnd"] = p.ApprovedTotalVnd,
                ["actualVnd"] = p.ActualVnd,
                // How far the reported actual cost is over the approved total (or the budget), in percent; null before the report.
                ["overrunPercent"] = p.ActualVnd is { } actual && (p.ApprovedTotalVnd ?? p.TotalVnd) is var planned and > 0
                    ? Math.Round((actual - planned) * 100m / planned, 1) : null,
                ["normsAsOf"] = p.NormsAsOf is { } asOf ? Date(asOf) : null,
                ["overNormLines"] = new JsonArray(p.BudgetLines.OrderBy(b => b.Position).Where(b => b.OverNorm).Select(b => (JsonNode)new JsonObject
                {
                    ["line"] = b.Position, ["category"] = EnumText.ToText(b.Category), ["amountVnd"] = b.AmountVnd, ["normVnd"] = b.NormVnd,
                }).ToArray()),
                ["lines"] = new JsonArray(p.BudgetLines.OrderBy(b => b.Position).Select(b => (JsonNode)new JsonObject
                {
                    ["category"] = EnumText.ToText(b.Category),
                    ["amount"] = b.Amount,
                    ["currency"] = b.Currency,
                    ["amountVnd"] = b.AmountVnd,
                    ["normVnd"] = b.NormVnd,
                    ["overNorm"] = b.OverNorm,
                }).ToArray()),
            },
        };
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
