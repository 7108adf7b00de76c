using System.Net;
using Delegations.Web.Tests.Infrastructure;

namespace Delegations.Web.Tests.Api;

/// <summary>The embedded mode's demo data: the seed delegations in realistic states, their journals at historical dates.</summary>
public sealed class DemoDataTests(DemoDataTests.DemoFactory app) : IClassFixture<DemoDataTests.DemoFactory>
{
    public sealed class DemoFactory : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Enabled"] = "true" };
        protected override bool SeedOrganisation => false;
        protected override bool UseFakeClock => false;
    }

    [Fact]
    public async Task The_seed_delegations_are_there_in_realistic_states()
    {
        using var admin = await app.As("admin@demo.local");
        var items = (await admin.Get("/api/proposals?pageSize=100")).Expect(HttpStatusCode.OK).Object["items"]!.AsArray()
            .Select(i => (Ref: i!["referenceNumber"]!.GetValue<string>(), Status: i["status"]!.GetValue<string>(), Title: i["title"]!.GetValue<string>()))
            .ToList();
        Assert.Contains(items, i => i.Status == "completed" && i.Title.StartsWith("Đoàn công tác của Bộ KH&CN thăm và làm việc tại Trung Quốc"));
        Assert.Contains(items, i => i.Status == "completed" && i.Title.Contains("JICA và KOICA"));
        Assert.Contains(items, i => i.Status == "completed" && i.Title.Contains("UNESCO"));
        Assert.Contains(items, i => i.Status == "completed" && i.Title.Contains("Hà Hồng Bình"));
        Assert.Contains(items, i => i.Status == "report_due" && i.Title.Contains("BAST"));
        Assert.Contains(items, i => i.Status == "in_review" && i.Title.Contains("Sri Lanka"));
        Assert.Contains(items, i => i.Status == "changes_requested" && i.Title.Contains("CAST"));
        Assert.Contains(items, i => i.Status == "draft");
        Assert.Contains(items, i => i.Status == "completed" && i.Ref == "HN-2025-0001" && i.Title.Contains("AFEO"));
        Assert.Equal(["DR-2024-0001", "DR-2024-0002", "DR-2025-0001", "DR-2027-0001", "DR-2027-0002", "DV-2025-0001", "DV-2025-0002", "DV-2027-0001", "HN-2025-0001"], items.Select(i => i.Ref).Order());
    }

    [Fact]
    public async Task Every_contract_account_signs_in_with_the_demo_password()
    {
        foreach (var email in new[] { "admin", "submitter", "head", "submitter2", "head2", "intl", "finance", "leader", "visa", "security" })
            (await app.Anonymous().Post("/api/auth/login", new { email = $"{email}@demo.local", password = "Demo@2026" })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_ministers_trip_was_recorded_at_the_time_it_happened_with_its_report()
    {
        using var submitter = await app.As("submitter@demo.local");
        var id = (await submitter.Get("/api/proposals?q=huynh%20thanh%20dat")).Expect(HttpStatusCode.OK).Object["items"]![0]!["id"]!.GetValue<string>();
        var proposal = (await submitter.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.OK).Object;
        var journal = proposal["journal"]!.AsArray();
        Assert.Equal(new DateTimeOffset(2024, 3, 25, 9, 0, 0, TimeSpan.FromHours(7)), journal[0]!["at"]!.GetValue<DateTimeOffset>());
        Assert.Contains(journal, j => j!["actor"]?.GetValue<string>() == "Phạm Quốc Hưng" && j["outcome"]?.GetValue<string>() == "approve");
        var report = (await submitter.Get($"/api/proposals/{id}/report")).Expect(HttpStatusCode.OK).Object;
        Assert.False(report["late"]!.GetValue<bool>());
        Assert.Equal(2, report["agreements"]!.AsArray().Count);
        Assert.True(report["followUps"]![0]!["done"]!.GetValue<bool>());
        Assert.False(report["followUps"]![1]!["done"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_ministers_trip_shows_its_policy_findings_and_has_its_sending_decision_and_BAST_came_for_the_AFEO_conference()
    {
        using var submitter = await app.As("submitter@demo.local");
        var id = (await submitter.Get("/api/proposals?q=huynh%20thanh%20dat")).Expect(HttpStatusCode.OK).Object["items"]![0]!["id"]!.GetValue<string>();
        var proposal = (await submitter.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.OK).Object;
        Assert.Contains(proposal["policyFindings"]!.AsArray(), f => f!["rule"]!.GetValue<string>() == "days-per-country");
        Assert.Contains(proposal["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == "policy-warning");
        var documents = (await submitter.Get($"/api/proposals/{id}/documents")).Expect(HttpStatusCode.OK).Array;
        Assert.Contains(documents, d => d!["kind"]!.GetValue<string>() == "sending-decision" && d["number"]!.GetValue<string>() == "1/QĐ-MOST");
        var comments = (await submitter.Get($"/api/proposals/{id}/comments")).Expect(HttpStatusCode.OK).Array;
        Assert.Equal(["Lê Thu Hà", "Trần Văn Bình"], comments.Select(c => c!["author"]!.GetValue<string>()));
        Assert.Equal("head@demo.local", comments[0]!["mentions"]![0]!["email"]!.GetValue<string>());

        using var vusta = await app.As("submitter.vusta@demo.local");
        var bastId = (await vusta.Get("/api/proposals?q=BAST&kind=inbound")).Expect(HttpStatusCode.OK).Object["items"]![0]!["id"]!.GetValue<string>();
        var bast = (await vusta.Get($"/api/proposals/{bastId}")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("HN-2025-0001", bast["attendsConference"]!["referenceNumber"]!.GetValue<string>());
        var afeo = (await vusta.Get($"/api/proposals/{bast["attendsConference"]!["id"]}")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("completed", afeo["status"]!.GetValue<string>());
        Assert.Equal("hosted-conference", afeo["workflow"]!["definitionId"]!.GetValue<string>());
        Assert.False(afeo["conference"]!["underPrimeMinister"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_Sri_Lanka_follow_up_waits_in_the_leaders_inbox()
    {
        using var leader = await app.As("leader@demo.local");
        var inbox = (await leader.Get("/api/tasks")).Expect(HttpStatusCode.OK).Array;
        Assert.Contains(inbox, t => t!["stepId"]!.GetValue<string>() == "leadership" && t["proposalTitle"]!.GetValue<string>().Contains("Sri Lanka"));
    }
}
