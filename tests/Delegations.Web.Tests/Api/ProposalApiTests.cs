using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Proposals;
using Delegations.Web.Tests.Infrastructure;

namespace Delegations.Web.Tests.Api;

/// <summary>Creating, validating, reading and searching proposals through the API.</summary>
public sealed class ProposalApiTests(AppFactory app) : ProposalApiScenarios<AppFactory>(app);

/// <summary>The same scenarios on PostgreSQL.</summary>
public sealed class ProposalApiTestsOnPostgres(PostgresAppFixture app) : ProposalApiScenarios<PostgresAppFixture>(app);

public abstract class ProposalApiScenarios<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : AppFactory
{
    private static JsonObject Body(ProposalInput input) => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(input, Delegations.Web.Infrastructure.ApiJson.Options))!.AsObject();

    private async Task<IReadOnlyDictionary<string, string[]>> ErrorsFor(JsonObject body)
    {
        using var api = await app.As("submitter@demo.local");
        return (await api.Post("/api/proposals", body)).Expect(HttpStatusCode.BadRequest).Errors;
    }

    [Fact]
    public async Task Create_returns_201_with_id_reference_number_and_draft_status_keeping_diacritics_exactly()
    {
        using var api = await app.As("submitter@demo.local");
        var created = (await api.Post("/api/proposals", DemoSeeds.MinisterBeijingShanghai())).Expect(HttpStatusCode.Created);
        Assert.Equal($"/api/proposals/{created["id"]}", created.Raw.Headers.Location!.ToString());
        Assert.Matches(@"^DR-2024-\d{4}$", created["referenceNumber"]);
        Assert.Equal("draft", created["status"]);
        Assert.Equal("outbound", created["kind"]);
        Assert.Equal("Đoàn công tác của Bộ KH&CN thăm và làm việc tại Trung Quốc", created["title"]);
        Assert.Equal("Âm Hoà Tuấn", created.Object["counterparts"]![0]!["contactName"]!.GetValue<string>());
        Assert.Equal("Bắc Kinh", created.Object["destinations"]![0]!["city"]!.GetValue<string>());
        Assert.Equal("Trung Quốc", created.Object["destinations"]![0]!["countryName"]!.GetValue<string>());
        Assert.Equal(5, created.Object["members"]!.AsArray().Count);
        Assert.Equal("perdiem", created.Object["budget"]!["lines"]![1]!["category"]!.GetValue<string>());
        // The submitter sees the passport data they typed.
        Assert.Equal("D1234567", created.Object["members"]![0]!["passportNumber"]!.GetValue<string>());
        var inbound = (await api.Post("/api/proposals", DemoSeeds.CasVicePresidentVisit())).Expect(HttpStatusCode.Created);
        Assert.Matches(@"^DV-2025-\d{4}$", inbound["referenceNumber"]);
    }

    [Fact]
    public async Task Reference_numbers_count_up_per_kind_and_year()
    {
        using var api = await app.As("submitter@demo.local");
        var input = DemoSeeds.ZhongguancunForumDraft() with { StartDate = "2031-04-20", EndDate = "2031-04-24" };
        var refs = new List<string>();
        foreach (var _ in Enumerable.Range(0, 3))
            refs.Add((await api.Post("/api/proposals", input)).Expect(HttpStatusCode.Created)["referenceNumber"]);
        Assert.Equal(["DR-2031-0001", "DR-2031-0002", "DR-2031-0003"], refs);
    }

    [Fact]
    public async Task Missing_required_fields_are_named_by_their_json_path()
    {
        var errors = await ErrorsFor(new JsonObject { ["kind"] = "outbound" });
        Assert.Contains("title", errors.Keys);
        Assert.Contains("purpose", errors.Keys);
        Assert.Contains("startDate", errors.Keys);
        Assert.Contains("endDate", errors.Keys);
        Assert.Contains("members", errors.Keys);
        Assert.Contains("destinations", errors.Keys);
        Assert.Contains("kind", (await ErrorsFor(new JsonObject { ["title"] = "x" })).Keys);
        Assert.Contains("kind", (await ErrorsFor(new JsonObject { ["kind"] = "sideways" })).Keys);
    }

    [Fact]
    public async Task Each_field_error_names_its_path()
    {
        var body = Body(DemoSeeds.MinisterBeijingShanghai());
        body["endDate"] = "2024-04-21";
        body["destinations"]![1]!["country"] = "XX";
        body["counterparts"]![0]!["organisation"] = " ";
        body["members"]![2]!["fullName"] = "";
        body["members"]![3]!["role"] = "head";
        body["members"]![4]!["role"] = "driver";
        body["members"]![1]!["passportExpiry"] = "15/01/2027";
        body["members"]![1]!["nationality"] = "Vietnam";
        body["agenda"]![0]!["date"] = "2024-05-30";
        body["budget"]!["lines"]![0]!["amount"] = -5;
        body["budget"]!["lines"]![1]!["exchangeRate"] = null;
        body["budget"]!["lines"]![2]!["category"] = "souvenirs";
        body["budget"]!["lines"]![3]!["currency"] = "dong";
        var errors = await ErrorsFor(body);
        Assert.Equal(
            new[]
            {
                "endDate", "destinations[1].country", "counterparts[0].organisation", "members[2].fullName", "members[3].role", "members[4].role",
                "members[1].passportExpiry", "members[1].nationality", "budget.lines[0].amount", "budget.lines[1].exchangeRate",
                "budget.lines[2].category", "budget.lines[3].currency",
            }.Order(),
            errors.Keys.Where(k => !k.StartsWith("agenda")).Order());
        Assert.Contains("agenda[0].date", errors.Keys); // outside the trip dates (the end date error also applies)
    }

    [Fact]
    public async Task An_inbound_delegation_needs_its_venue_and_a_valid_guest_class()
    {
        var body = Body(DemoSeeds.CasVicePresidentVisit());
        body.Remove("venue");
        body["guestClass"] = "Z";
        var errors = await ErrorsFor(body);
        Assert.Contains("venue", errors.Keys);
        Assert.Contains("guestClass", errors.Keys);
    }

    [Fact]
    public async Task A_body_with_the_wrong_json_type_is_a_400_naming_the_field_not_a_500()
    {
        var body = Body(DemoSeeds.HueUnionJicaKoica());
        body["budget"]!["lines"]![0]!["amount"] = "một triệu";
        var errors = await ErrorsFor(body);
        Assert.Contains(errors.Keys, k => k.StartsWith("budget.lines[0].amount", StringComparison.Ordinal));
        using var api = await app.As("submitter@demo.local");
        (await api.Post("/api/proposals", "{ not json")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Amounts_must_not_be_negative_and_foreign_currency_needs_a_rate()
    {
        var body = Body(DemoSeeds.HueUnionJicaKoica());
        body["budget"]!["lines"] = new JsonArray(new JsonObject { ["category"] = "airfare", ["amount"] = 100, ["currency"] = "USD" });
        var errors = await ErrorsFor(body);
        Assert.Equal(["budget.lines[0].exchangeRate"], errors.Keys);
    }

    [Fact]
    public async Task Only_submitters_create_proposals_and_anonymous_callers_get_401()
    {
        using var head = await app.As("head@demo.local");
        (await head.Post("/api/proposals", DemoSeeds.HueUnionJicaKoica())).Expect(HttpStatusCode.Forbidden);
        (await app.Anonymous().Post("/api/proposals", DemoSeeds.HueUnionJicaKoica())).Expect(HttpStatusCode.Unauthorized);
        (await app.Anonymous().Get("/api/proposals")).Expect(HttpStatusCode.Unauthorized);
        (await app.Anonymous().Get("/api/tasks")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_departments_proposal_is_404_and_passports_are_hidden_from_approvers()
    {
        var id = await new Flow(app).CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        using var other = await app.As("submitter2@demo.local");
        (await other.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.NotFound);
        (await other.Put($"/api/proposals/{id}", DemoSeeds.MinisterBeijingShanghai())).Expect(HttpStatusCode.NotFound);
        (await other.Post($"/api/proposals/{id}/submit")).Expect(HttpStatusCode.NotFound);

        using var head = await app.As("head@demo.local");
        var seen = (await head.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("D1234567", seen.Text);
        Assert.DoesNotContain("passportNumber", seen.Text);
        using var visa = await app.As("visa@demo.local");
        (await visa.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.NotFound); // not involved yet
    }

    [Fact]
    public async Task Editing_keeps_passport_data_a_member_was_sent_back_without()
    {
        var flow = new Flow(app);
        var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        using var api = await app.As("submitter@demo.local");
        var current = (await api.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.OK).Object;
        var body = Body(DemoSeeds.MinisterBeijingShanghai());
        for (var i = 0; i < 5; i++)
        {
            body["members"]![i]!["id"] = current["members"]![i]!["id"]!.GetValue<string>();
            body["members"]![i]!.AsObject().Remove("passportNumber");
        }
        body["title"] = "Đoàn công tác của Bộ KH&CN tại Trung Quốc (điều chỉnh)";
        var updated = (await api.Put($"/api/proposals/{id}", body)).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("D1234567", updated["members"]![0]!["passportNumber"]!.GetValue<string>());
        Assert.Equal("Đoàn công tác của Bộ KH&CN tại Trung Quốc (điều chỉnh)", updated["title"]!.GetValue<string>());
        // A stale If-Match is refused.
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/proposals/{id}") { Content = JsonContent(body) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        Assert.Equal(HttpStatusCode.Conflict, (await api.Http.SendAsync(request)).StatusCode);
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Search_finds_names_with_or_without_diacritics_and_filters_by_status_kind_and_dates()
    {
        var flow = new Flow(app);
        var minister = await flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        var cas = await flow.CreateAsync("submitter@demo.local", DemoSeeds.CasVicePresidentVisit());
        using var api = await app.As("submitter@demo.local");

        async Task<List<string>> Ids(string query) =>
            (await api.Get("/api/proposals?pageSize=100&" + query)).Expect(HttpStatusCode.OK).Object["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

        Assert.Contains(minister, await Ids("q=huynh%20thanh%20dat"));
        Assert.Contains(minister, await Ids("q=Hu%E1%BB%B3nh%20Th%C3%A0nh%20%C4%90%E1%BA%A1t")); // "Huỳnh Thành Đạt"
        Assert.Contains(minister, await Ids("q=THANH%20HOA")); // a counterpart: Đại học Thanh Hoa
        Assert.DoesNotContain(cas, await Ids("q=huynh%20thanh%20dat"));
        Assert.Contains(cas, await Ids("q=he%20hongping"));
        Assert.Contains(cas, await Ids("kind=inbound&status=draft"));
        Assert.DoesNotContain(cas, await Ids("kind=outbound"));
        Assert.Contains(minister, await Ids("from=2024-04-26&to=2024-04-30"));
        Assert.DoesNotContain(minister, await Ids("from=2024-04-27"));
        Assert.DoesNotContain(minister, await Ids("status=in_review,completed"));
        Assert.DoesNotContain(minister, await Ids("q=D1234567")); // passport numbers are never searchable

        var page = (await api.Get("/api/proposals?pageSize=1&page=2")).Expect(HttpStatusCode.OK).Object;
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal(2, page["page"]!.GetValue<int>());
        Assert.True(page["total"]!.GetValue<int>() >= 2);

        var bad = (await api.Get("/api/proposals?status=pending&from=yesterday&pageSize=1000")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["from", "pageSize", "status"], bad.Errors.Keys.Order());

        using var other = await app.As("submitter2@demo.local");
        var theirs = (await other.Get("/api/proposals?q=huynh")).Expect(HttpStatusCode.OK).Object["items"]!.AsArray();
        Assert.DoesNotContain(theirs, i => i!["id"]!.GetValue<string>() == minister);
    }

    [Fact]
    public async Task Cancelling_needs_a_reason_and_closes_the_open_tasks()
    {
        var flow = new Flow(app);
        var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await flow.SubmitAsync("submitter@demo.local", id);
        using var api = await app.As("submitter@demo.local");
        Assert.Contains("reason", (await api.Post($"/api/proposals/{id}/cancel", new { reason = "" })).Expect(HttpStatusCode.BadRequest).Errors.Keys);
        var cancelled = (await api.Post($"/api/proposals/{id}/cancel", new { reason = "JICA dời lịch làm việc." })).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Empty(await flow.InboxTasksAsync("head@demo.local", id, "department-head"));
        (await api.Post($"/api/proposals/{id}/cancel", new { reason = "again" })).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_report_needs_an_owner_and_due_date_for_every_follow_up()
    {
        var flow = new Flow(app);
        var id = await flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        var early = await flow.FileReportAsync("submitter@demo.local", id, new { summary = "x" });
        early.Expect(HttpStatusCode.Conflict); // no report is due for a draft
        await flow.SubmitAsync("submitter@demo.local", id);
        await flow.ApproveAsync("head@demo.local", id, "department-head");
        await flow.ApproveAsync("intl@demo.local", id, "international-office");
        await flow.ApproveAsync("finance@demo.local", id, "budget-check");
        await flow.CompleteVisasAsync(id, "not-needed");
        await flow.TravelToAsync(2024, 4, 24);
        var bad = (await flow.FileReportAsync("submitter@demo.local", id, new
        {
            summary = "",
            agreements = new[] { new { title = "MoU", counterpart = "", signedOn = "23/4/2024" } },
            followUps = new[] { new { action = "Gửi đề xuất dự án tới JICA", owner = "", due = "" } },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["agreements[0].counterpart", "agreements[0].signedOn", "followUps[0].due", "followUps[0].owner", "summary"], bad.Errors.Keys.Order());
        (await flow.FileReportAsync("head@demo.local", id, new { summary = "x" })).Expect(HttpStatusCode.Forbidden);
        (await flow.FileReportAsync("submitter@demo.local", id, DemoSeeds.HueUnionJicaKoicaReport())).Expect(HttpStatusCode.Created);
        using var api = await app.As("submitter@demo.local");
        var report = (await api.Get($"/api/proposals/{id}/report")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("Gửi danh mục đề xuất, dự án cụ thể tới JICA và KOICA", report["followUps"]![0]!["action"]!.GetValue<string>());
        (await flow.FileReportAsync("submitter@demo.local", id, DemoSeeds.HueUnionJicaKoicaReport())).Expect(HttpStatusCode.Conflict);
    }
}
