using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Proposals;
using Delegations.Web.Tests.Infrastructure;

namespace Delegations.Web.Tests.Conferences;

/// <summary>
/// Hosted international conferences (Decision 06/2020/QĐ-TTg) through their own workflow: the 30-day case approved
/// by Leadership, the 40-day case when minister-level foreigners make it the Prime Minister's, the results report,
/// the year's list in the compiled report, and an inbound delegation that comes for the conference.
/// </summary>
public class ConferenceTests : AppTests
{
    private void At(int year, int month, int day) => App.Clock.SetUtcNow(new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.FromHours(7)));

    [Fact]
    public async Task The_AFEO_conference_filed_37_days_ahead_is_permitted_by_Leadership_and_reports_within_15_days()
    {
        At(2025, 6, 30); // 37 days before 6 August
        var id = await Flow.CreateAsync("submitter.vusta@demo.local", DemoSeeds.AfeoConference());
        var draft = await Flow.GetAsync("submitter.vusta@demo.local", id);
        Assert.Equal("HN-2025-0001", draft["referenceNumber"]!.GetValue<string>());
        Assert.Equal("conference", draft["kind"]!.GetValue<string>());
        Assert.Equal("Kỹ sư ASEAN trong chuyển đổi số và phát triển bền vững", draft["conference"]!["topic"]!.GetValue<string>());
        Assert.Equal(7, draft["conference"]!["participants"]!.AsArray().Count);
        Assert.False(draft["conference"]!["underPrimeMinister"]!.GetValue<bool>());
        Assert.DoesNotContain(draft["policyFindings"]!.AsArray(), f => f!["rule"]!.GetValue<string>() == "conference-lead-time");

        var submitted = (await Flow.SubmitAsync("submitter.vusta@demo.local", id)).Object;
        Assert.Equal("hosted-conference", submitted["workflow"]!["definitionId"]!.GetValue<string>());
        await Flow.ApproveAsync("head.vusta@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        Assert.Empty(await Flow.InboxTasksAsync("leader@demo.local", id, "leadership-to-pm"));
        await Flow.ApproveAsync("leader@demo.local", id, "leadership", "Đồng ý cho phép tổ chức.");
        await Flow.ApproveAsync("finance@demo.local", id, "budget");
        Assert.Equal("approved", await Flow.StatusAsync(id));
        await Flow.TravelToAsync(2025, 8, 9, 1);
        Assert.Equal("report_due", await Flow.StatusAsync(id));
        var report = Assert.Single(await Flow.InboxTasksAsync("submitter.vusta@demo.local", id, "results-report"));
        Assert.Equal(new DateTimeOffset(2025, 8, 23, 0, 0, 0, TimeSpan.FromHours(7)), report["due"]!.GetValue<DateTimeOffset>()); // 15 days after 8 August
        (await Flow.FileReportAsync("submitter.vusta@demo.local", id, DemoSeeds.AfeoConferenceReport())).Expect(HttpStatusCode.Created);
        Assert.Equal("completed", await Flow.StatusAsync(id));

        // The year's list for the annual summary to the Foreign Ministry, due 18 December.
        using var intl = await App.As("intl@demo.local");
        var compiled = (await intl.Get("/api/reports/compiled?from=2025-01-01&to=2025-12-31&kind=conference")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("2025-12-18", compiled["annualSummaryDue"]!.GetValue<string>());
        var row = Assert.Single(compiled["hostedConferences"]!.AsArray())!;
        Assert.Equal("HN-2025-0001", row["referenceNumber"]!.GetValue<string>());
        Assert.Equal(54, row["foreignParticipants"]!.GetValue<int>());
        Assert.Equal(114, row["participants"]!.GetValue<int>());
        Assert.Equal("filed", row["report"]!.GetValue<string>());
        var html = await intl.Http.GetStringAsync("/api/reports/compiled?from=2025-01-01&to=2025-12-31&kind=conference&format=html");
        Assert.Contains("Hội nghị giữa kỳ lần thứ 24 của Liên đoàn các tổ chức kỹ sư ASEAN (AFEO)", html);
        Assert.Contains("18/12/2025", html);

        // BAST comes on the margin of it.
        var bast = await Flow.CreateAsync("submitter.vusta@demo.local", DemoSeeds.BastDaNang() with { ConferenceId = Guid.Parse(id) });
        var linked = await Flow.GetAsync("submitter.vusta@demo.local", bast);
        Assert.Equal(id, linked["attendsConference"]!["id"]!.GetValue<string>());
        using var vusta = await App.As("submitter.vusta@demo.local");
        var wrong = (await vusta.Post("/api/proposals", DemoSeeds.BastDaNang() with { ConferenceId = Guid.Parse(bast) })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("conferenceId", wrong.Errors.Keys);
        var search = (await vusta.Get("/api/proposals?kind=conference")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(id, Assert.Single(search["items"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_a_foreign_minister_the_Prime_Minister_decides_and_it_must_be_filed_40_days_ahead()
    {
        var withMinister = DemoSeeds.AfeoConference() with
        {
            Conference = DemoSeeds.AfeoConference().Conference! with
            {
                Participants = [.. DemoSeeds.AfeoConference().Conference!.Participants!, new ParticipantInput("MY", "minister", 1)],
            },
        };
        At(2025, 6, 20); // 47 days ahead
        var id = await Flow.CreateAsync("submitter.vusta@demo.local", withMinister);
        await Flow.SubmitAsync("submitter.vusta@demo.local", id);
        await Flow.ApproveAsync("head.vusta@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office", data: new JsonObject { ["foreignMinistryOpinion"] = "Đồng ý." });
        Assert.Empty(await Flow.InboxTasksAsync("leader@demo.local", id, "leadership"));
        await Flow.ApproveAsync("leader@demo.local", id, "leadership-to-pm", "Trình Thủ tướng cho phép tổ chức.");
        await Flow.ApproveAsync("intl@demo.local", id, "prime-minister", "Thủ tướng đồng ý.",
            new JsonObject { ["decisionNumber"] = "1234/TTg-QHQT", ["decisionDate"] = "2025-07-10" });
        Assert.Single(await Flow.InboxTasksAsync("finance@demo.local", id, "budget"));
        At(2025, 6, 30); // 37 days ahead: enough for 30, not for 40
        var late = await Flow.CreateAsync("submitter.vusta@demo.local", withMinister);
        var draft = await Flow.GetAsync("submitter.vusta@demo.local", late);
        Assert.True(draft["conference"]!["underPrimeMinister"]!.GetValue<bool>());
        var block = Assert.Single(draft["policyFindings"]!.AsArray(), f => f!["rule"]!.GetValue<string>() == "conference-lead-time")!;
        Assert.Equal("block", block["severity"]!.GetValue<string>());
        Assert.Contains("ít nhất 40 ngày", block["message"]!.GetValue<string>());
        using var vusta = await App.As("submitter.vusta@demo.local");
        var refused = (await vusta.Post($"/api/proposals/{late}/submit")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("conference-lead-time", refused.Object["rules"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("draft", await Flow.StatusAsync(late));

        var journal = (await Flow.GetAsync("admin@demo.local", id))["journal"]!.AsArray();
        Assert.Contains(journal, j => j!["fromStep"]?.GetValue<string>() == "decided-by" && j["toStep"]?.GetValue<string>() == "leadership-to-pm");
    }
}

public sealed class ConferenceTestsOnPostgres : ConferenceTests, IOnPostgres;
