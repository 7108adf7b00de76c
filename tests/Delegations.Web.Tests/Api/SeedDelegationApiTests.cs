using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Api;

/// <summary>
/// Each seed delegation driven through the public API by the right demo accounts, from draft to completed, on a
/// real SQLite file and (below) on PostgreSQL. Every test gets its own app, so its clock can travel to the seed's dates.
/// </summary>
public class SeedDelegationApiTests : AppTests
{
    [Fact]
    public async Task The_ministers_Beijing_Shanghai_trip_goes_from_draft_to_completed_with_leadership_approval()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        var draft = await Flow.GetAsync("submitter@demo.local", id);
        Assert.Matches(@"^DR-2024-\d{4}$", draft["referenceNumber"]!.GetValue<string>());
        Assert.Equal("Huỳnh Thành Đạt", draft["members"]![0]!["fullName"]!.GetValue<string>());
        // 9,800 + 3,250 + 5,600 USD at 25,300 VND, plus 27 million VND.
        Assert.Equal(498_845_000, draft["budget"]!["totalVnd"]!.GetValue<long>());

        var submitted = (await Flow.SubmitAsync("submitter@demo.local", id)).Object;
        Assert.Equal("in_review", submitted["status"]!.GetValue<string>());
        var step = Assert.Single(submitted["activeSteps"]!.AsArray())!;
        Assert.Equal("department-head", step["stepId"]!.GetValue<string>());
        Assert.Contains("Trần Văn Bình", step["assignees"]![0]!["people"]!.AsArray().Select(p => p!.GetValue<string>()));

        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        Assert.Equal("in_review", await Flow.StatusAsync(id));
        await Flow.ApproveAsync("leader@demo.local", id, "leadership", "Đồng ý cử đoàn.");
        Assert.Equal("approved", await Flow.StatusAsync(id));

        Assert.Equal(5, (await Flow.InboxTasksAsync("visa@demo.local", id, "visas")).Count);
        await Flow.ApproveAsync("finance@demo.local", id, "budget-check", "Phù hợp định mức.", new JsonObject { ["approvedTotalVnd"] = 498_845_000 });
        await Flow.CompleteVisasAsync(id);
        Assert.Equal("approved", await Flow.StatusAsync(id));

        await Flow.TravelToAsync(2024, 4, 26, 20);
        Assert.Equal("approved", await Flow.StatusAsync(id)); // still travelling
        await Flow.TravelToAsync(2024, 4, 27, 1);
        Assert.Equal("report_due", await Flow.StatusAsync(id));
        var report = Assert.Single(await Flow.InboxTasksAsync("submitter@demo.local", id, "post-trip-report"));
        Assert.Equal(new DateTimeOffset(2024, 5, 11, 0, 0, 0, TimeSpan.FromHours(7)), report["due"]!.GetValue<DateTimeOffset>());

        var filed = (await Flow.FileReportAsync("submitter@demo.local", id, DemoSeeds.MinisterBeijingShanghaiReport())).Expect(HttpStatusCode.Created).Object;
        Assert.Equal(2, filed["agreements"]!.AsArray().Count);
        Assert.Equal(2, filed["followUps"]!.AsArray().Count);
        Assert.False(filed["late"]!.GetValue<bool>());
        // The report is filed; the diplomatic and official passports are still to be handed back.
        Assert.Equal("report_due", await Flow.StatusAsync(id));
        Assert.Equal(5, await Flow.ReturnPassportsAsync(id));

        var done = await Flow.GetAsync("submitter@demo.local", id);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Empty(done["activeSteps"]!.AsArray());
        var journal = done["journal"]!.AsArray().Select(j => j!.AsObject()).ToList();
        Assert.Contains(journal, j => j["kind"]!.GetValue<string>() == "task-completed" && j["actor"]!.GetValue<string>() == "Phạm Quốc Hưng" && j["comment"]!.GetValue<string>() == "Đồng ý cử đoàn.");
        Assert.Equal("finished", journal[^1]["kind"]!.GetValue<string>());
        Assert.Equal("completed", journal[^1]["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_Hue_unions_small_trip_skips_leadership_and_completes()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        Assert.Empty(await Flow.InboxTasksAsync("leader@demo.local", id, "leadership"));
        await Flow.ApproveAsync("finance@demo.local", id, "budget-check");
        await Flow.CompleteVisasAsync(id, "not-needed");
        await Flow.TravelToAsync(2024, 4, 24);
        (await Flow.FileReportAsync("submitter@demo.local", id, DemoSeeds.HueUnionJicaKoicaReport())).Expect(HttpStatusCode.Created);
        Assert.Equal("completed", await Flow.StatusAsync(id));
    }

    [Fact]
    public async Task The_unplanned_Paris_trip_needs_leadership_and_completes()
    {
        App.Clock.SetUtcNow(new DateTimeOffset(2025, 2, 10, 9, 0, 0, TimeSpan.FromHours(7)));
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.DeputyMinisterParisUnesco());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        await Flow.ApproveAsync("leader@demo.local", id, "leadership");
        await Flow.ApproveAsync("finance@demo.local", id, "budget-check");
        await Flow.CompleteVisasAsync(id);
        await Flow.TravelToAsync(2025, 3, 28);
        (await Flow.FileReportAsync("submitter@demo.local", id, DemoSeeds.DeputyMinisterParisUnescoReport())).Expect(HttpStatusCode.Created);
        Assert.Equal(3, await Flow.ReturnPassportsAsync(id, "2025-04-01"));
        Assert.Equal("completed", await Flow.StatusAsync(id));
    }

    [Fact]
    public async Task The_CAS_visit_is_an_inbound_delegation_with_leadership_and_a_visit_report()
    {
        App.Clock.SetUtcNow(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(7)));
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.CasVicePresidentVisit());
        var created = await Flow.GetAsync("submitter@demo.local", id);
        Assert.StartsWith("DV-2025-", created["referenceNumber"]!.GetValue<string>());
        Assert.Equal("Trụ sở Bộ Khoa học và Công nghệ, 113 Trần Duy Hưng", created["venue"]!["place"]!.GetValue<string>());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office", data: new JsonObject { ["securityReview"] = false });
        await Flow.ApproveAsync("leader@demo.local", id, "leadership");
        await Flow.ApproveAsync("finance@demo.local", id, "reception-budget");
        (await Flow.ActAsync("submitter@demo.local", id, "reception-arrangements", "done", data: new JsonObject { ["venueConfirmed"] = true })).Expect(HttpStatusCode.OK);
        (await Flow.ActAsync("intl@demo.local", id, "invitation", "done", data: new JsonObject { ["lettersSent"] = true })).Expect(HttpStatusCode.OK);
        await Flow.TravelToAsync(2025, 4, 2);
        Assert.Equal("report_due", await Flow.StatusAsync(id));
        (await Flow.FileReportAsync("submitter@demo.local", id, DemoSeeds.CasVicePresidentVisitReport())).Expect(HttpStatusCode.Created);
        Assert.Equal("completed", await Flow.StatusAsync(id));
    }

    [Fact]
    public async Task The_BAST_visit_goes_through_the_security_liaison_and_completes()
    {
        App.Clock.SetUtcNow(new DateTimeOffset(2025, 7, 7, 9, 0, 0, TimeSpan.FromHours(7)));
        var id = await Flow.CreateAsync("submitter2@demo.local", DemoSeeds.BastDaNang());
        await Flow.SubmitAsync("submitter2@demo.local", id);
        Assert.Empty(await Flow.InboxTasksAsync("head@demo.local", id, "department-head")); // another department's head
        await Flow.ApproveAsync("head2@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office", "Đề nghị lấy ý kiến an ninh.", new JsonObject { ["securityReview"] = true });
        await Flow.ApproveAsync("security@demo.local", id, "security-liaison");
        await Flow.ApproveAsync("finance@demo.local", id, "reception-budget");
        (await Flow.ActAsync("submitter2@demo.local", id, "reception-arrangements", "done", data: new JsonObject { ["venueConfirmed"] = true })).Expect(HttpStatusCode.OK);
        (await Flow.ActAsync("intl@demo.local", id, "invitation", "done", data: new JsonObject { ["lettersSent"] = true })).Expect(HttpStatusCode.OK);
        await Flow.TravelToAsync(2025, 8, 8);
        (await Flow.FileReportAsync("submitter2@demo.local", id, new { summary = "VUSTA và CAST ký Biên bản ghi nhớ." })).Expect(HttpStatusCode.Created);
        Assert.Equal("completed", await Flow.StatusAsync(id));
    }

    [Fact]
    public async Task Every_state_change_is_in_the_journal_and_mail_goes_to_the_outbox_in_the_same_transaction()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        var guid = Guid.Parse(id);
        var mail = await App.Db(db => db.Outbox.Where(m => m.ProposalId == guid).ToListAsync());
        var assigned = Assert.Single(mail);
        Assert.Equal(("task-assigned", "head@demo.local", "vi"), (assigned.Template, assigned.ToEmail, assigned.Language));
        Assert.Contains("Trưởng đơn vị duyệt", assigned.Subject);
        Assert.Contains("http://delegations.test/tasks/", assigned.TextBody);
        var kinds = await App.Db(db => db.Journal.Where(j => j.ProposalId == guid).OrderBy(j => j.Id).Select(j => j.Kind).ToListAsync());
        Assert.Equal(["created", "submitted", "started"], kinds);
    }
}

public sealed class SeedDelegationApiTestsOnPostgres : SeedDelegationApiTests, IOnPostgres;
