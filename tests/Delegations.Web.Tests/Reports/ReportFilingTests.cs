using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Proposals;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Reports;

/// <summary>
/// The post-trip report through the API on the Huế union's JICA/KOICA visit (seed 002): the draft from the agenda
/// and budget, filing it with meetings, gifts and actual costs, validation, attachments, follow-up actions after it,
/// and a late and a missing report in the compiled report. Each test has its own app, so its clock can travel.
/// </summary>
public class ReportFilingTests : AppTests
{
    /// <summary>Seed 002 approved and prepared; the report task opens once the clock passes 23 April 2024.</summary>
    private async Task<string> ApprovedHueTripAsync(ProposalInput? input = null)
    {
        var id = await Flow.CreateAsync("submitter@demo.local", input ?? DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        await Flow.ApproveAsync("finance@demo.local", id, "budget-check");
        await Flow.CompleteVisasAsync(id, "not-needed");
        return id;
    }

    private static IEnumerable<string> Keys(Infrastructure.Api.Response response) => response.Errors.Keys.Order(StringComparer.Ordinal);

    [Fact]
    public async Task The_report_starts_from_the_agenda_and_budget_and_is_filed_with_meetings_gifts_and_actual_costs()
    {
        var id = await ApprovedHueTripAsync();
        await Flow.TravelToAsync(2024, 4, 24);
        using var submitter = await App.As("submitter@demo.local");

        // The task is done by filing the report, not through the inbox.
        var task = Assert.Single(await Flow.InboxTasksAsync("submitter@demo.local", id, "post-trip-report"));
        (await submitter.Post($"/api/tasks/{task["id"]}/complete", new { outcome = "done", data = new { summary = "x" } })).Expect(HttpStatusCode.Conflict);

        var draft = (await submitter.Get($"/api/proposals/{id}/report/draft")).Expect(HttpStatusCode.OK).Object;
        Assert.False(draft["filed"]!.GetValue<bool>());
        Assert.True(draft["canFile"]!.GetValue<bool>());
        Assert.Equal(new DateTimeOffset(2024, 5, 8, 0, 0, 0, TimeSpan.FromHours(7)), draft["due"]!.GetValue<DateTimeOffset>());
        var meetings = draft["meetings"]!.AsArray();
        Assert.Equal(["Làm việc với JICA Việt Nam", "Làm việc với KOICA Việt Nam"], meetings.Select(m => m!["subject"]!.GetValue<string>()));
        Assert.Equal("2024-04-23", meetings[0]!["date"]!.GetValue<string>());
        Assert.Equal("Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)", meetings[0]!["counterpart"]!.GetValue<string>());
        var costs = draft["costs"]!.AsArray();
        Assert.Equal([0, 1], costs.Select(c => c!["line"]!.GetValue<int>()));
        Assert.Equal((9_600_000m, 9_600_000L, "VND"), (costs[0]!["amount"]!.GetValue<decimal>(), costs[0]!["plannedVnd"]!.GetValue<long>(), costs[0]!["currency"]!.GetValue<string>()));
        using (var head = await App.As("head@demo.local")) // may read, may not file
            Assert.False((await head.Get($"/api/proposals/{id}/report/draft")).Expect(HttpStatusCode.OK).Object["canFile"]!.GetValue<bool>());

        // The form edits the draft and sends it back as it is.
        draft["summary"] = "JICA và KOICA nhất trí kết nối chuyên gia, nhà khoa học phù hợp với mong đợi của địa phương.";
        draft["meetings"]![1]!["participants"] = "Bà Kim Narae, Phó Giám đốc Quốc gia";
        draft["costs"]![0]!["amount"] = 8_940_000;
        draft["costs"]![0]!["note"] = "Vé khuyến mại";
        draft["gifts"] = new JsonArray(new JsonObject
        {
            ["direction"] = "received", ["description"] = "Sách giới thiệu KOICA", ["counterpart"] = "KOICA Việt Nam", ["date"] = "2024-04-23",
            ["valueVnd"] = 300_000, ["handling"] = "Lưu thư viện Liên hiệp Hội",
        });
        draft["followUps"] = new JsonArray(new JsonObject
        {
            ["action"] = "Gửi danh mục đề xuất, dự án cụ thể tới JICA và KOICA", ["owner"] = "Vụ Hợp tác quốc tế", ["due"] = "2024-09-30", ["ownerEmail"] = "intl@demo.local",
        });
        var filed = (await submitter.Post($"/api/proposals/{id}/report", draft)).Expect(HttpStatusCode.Created).Object;
        Assert.False(filed["late"]!.GetValue<bool>());
        Assert.Equal("Bà Kim Narae, Phó Giám đốc Quốc gia", filed["meetings"]![1]!["participants"]!.GetValue<string>());
        var airfare = filed["costs"]![0]!;
        Assert.Equal((9_600_000L, 8_940_000L, -660_000L, "Vé khuyến mại"), (airfare["plannedVnd"]!.GetValue<long>(), airfare["amountVnd"]!.GetValue<long>(),
            airfare["differenceVnd"]!.GetValue<long>(), airfare["note"]!.GetValue<string>()));
        Assert.Equal("airfare", airfare["category"]!.GetValue<string>());
        Assert.Equal((10_800_000L, 10_140_000L, -660_000L), (filed["costTotals"]!["plannedVnd"]!.GetValue<long>(), filed["costTotals"]!["actualVnd"]!.GetValue<long>(),
            filed["costTotals"]!["differenceVnd"]!.GetValue<long>()));
        Assert.Equal(("received", 300_000L), (filed["gifts"]![0]!["direction"]!.GetValue<string>(), filed["gifts"]![0]!["valueVnd"]!.GetValue<long>()));
        var intlId = await App.Db(db => db.Users.Where(u => u.Email == "intl@demo.local").Select(u => u.Id).FirstAsync());
        Assert.Equal(intlId, filed["followUps"]![0]!["ownerUserId"]!.GetValue<string>());

        Assert.Equal("completed", await Flow.StatusAsync(id));
        var again = (await submitter.Get($"/api/proposals/{id}/report")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(filed.ToJsonString(), again.ToJsonString());
        var refilled = (await submitter.Get($"/api/proposals/{id}/report/draft")).Expect(HttpStatusCode.OK).Object;
        Assert.True(refilled["filed"]!.GetValue<bool>());
        Assert.Equal(8_940_000m, refilled["costs"]![0]!["amount"]!.GetValue<decimal>());
        Assert.Equal("Sách giới thiệu KOICA", refilled["gifts"]![0]!["description"]!.GetValue<string>());
        (await submitter.Post($"/api/proposals/{id}/report", draft)).Expect(HttpStatusCode.Conflict);
        using var other = await App.As("submitter2@demo.local");
        (await other.Get($"/api/proposals/{id}/report")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_wrong_field_is_named_and_nothing_is_filed()
    {
        var withDollars = DemoSeeds.HueUnionJicaKoica() with
        {
            Budget = new BudgetInput("union-budget",
            [
                new BudgetLineInput { Category = "airfare", Amount = 9_600_000 },
                new BudgetLineInput { Category = "other", Amount = 200, Currency = "USD", ExchangeRate = 25_300, Description = "Bảo hiểm du lịch" },
            ]),
        };
        var id = await ApprovedHueTripAsync(withDollars);
        await Flow.TravelToAsync(2024, 4, 24);
        using var submitter = await App.As("submitter@demo.local");
        var bad = (await submitter.Post($"/api/proposals/{id}/report", new
        {
            summary = "Đã làm việc với JICA và KOICA.",
            meetings = new object[] { new { date = "2024-05-01", subject = "" } },
            gifts = new object[] { new { direction = "swapped", description = "Sách", counterpart = "" } },
            costs = new object[]
            {
                new { line = 5, amount = 1 },
                new { line = 0, amount = -1, currency = "USD" },
                new { line = 0, amount = 1 },
                new { line = 1, amount = 190 },
                new { category = "other", amount = 100 },
            },
            followUps = new object[]
            {
                new { action = "Gửi đề xuất dự án tới JICA", owner = "", due = "" },
                new { action = "Mời chuyên gia KOICA", owner = "Liên hiệp Hội", due = "2024-06-01", ownerEmail = "nobody@demo.local" },
            },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(
            [
                "costs[0].line", "costs[1].amount", "costs[1].currency", "costs[2].line", "costs[3].exchangeRate", "costs[4].description",
                "followUps[0].due", "followUps[0].owner", "followUps[1].ownerEmail", "gifts[0].counterpart", "gifts[0].direction", "meetings[0].date", "meetings[0].subject",
            ],
            Keys(bad));
        Assert.Equal("report_due", await Flow.StatusAsync(id));

        // The foreign line reported in its own currency, at the rate paid.
        var ok = (await submitter.Post($"/api/proposals/{id}/report", new
        {
            summary = "Đã làm việc với JICA và KOICA.",
            costs = new object[] { new { line = 1, amount = 190, exchangeRate = 25_400, rateDate = "2024-04-20" } },
        })).Expect(HttpStatusCode.Created).Object;
        var insurance = Assert.Single(ok["costs"]!.AsArray())!;
        Assert.Equal(("USD", 200m, 5_060_000L, 190m, 4_826_000L), (insurance["currency"]!.GetValue<string>(), insurance["plannedAmount"]!.GetValue<decimal>(),
            insurance["plannedVnd"]!.GetValue<long>(), insurance["amount"]!.GetValue<decimal>(), insurance["amountVnd"]!.GetValue<long>()));
        Assert.Equal(4_826_000L, ok["costTotals"]!["actualVnd"]!.GetValue<long>());
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName, string clientType, string? kind = null, string? caption = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(clientType);
        form.Add(file, "file", fileName);
        if (kind is not null) form.Add(new StringContent(kind), "kind");
        if (caption is not null) form.Add(new StringContent(caption), "caption");
        return form;
    }

    private static byte[] Jpeg(int size)
    {
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        return bytes;
    }

    private static readonly byte[] SignedMou = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static async Task<Infrastructure.Api.Response> PostFormAsync(Infrastructure.Api api, string url, HttpContent content)
    {
        var response = await api.Http.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        return new Infrastructure.Api.Response(response.StatusCode, text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true ? JsonNode.Parse(text) : null, text, response);
    }

    [Fact]
    public async Task Photos_and_the_signed_MoU_are_checked_by_their_bytes_kept_and_served_as_downloads_to_readers_only()
    {
        var draftOnly = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        var id = await ApprovedHueTripAsync();
        await Flow.TravelToAsync(2024, 4, 24);
        using var submitter = await App.As("submitter@demo.local");
        var url = $"/api/proposals/{id}/report/attachments";

        var photo = (await PostFormAsync(submitter, url, Upload(Jpeg(20_000), "IMG_2024.jpg", "image/jpeg", "photo", "Làm việc với JICA"))).Expect(HttpStatusCode.Created).Object;
        Assert.Equal(("image/jpeg", "IMG_2024.jpg", 20_000L, "Làm việc với JICA"), (photo["contentType"]!.GetValue<string>(), photo["fileName"]!.GetValue<string>(),
            photo["size"]!.GetValue<long>(), photo["caption"]!.GetValue<string>()));

        // A PDF sent under a photo's name and type, with a path for a name: stored as what it is, under a safe name.
        var mou = (await PostFormAsync(submitter, url, Upload(SignedMou, "../../etc/Biên bản ghi nhớ.jpg", "image/jpeg", "agreement"))).Expect(HttpStatusCode.Created).Object;
        Assert.Equal(("application/pdf", "Biên bản ghi nhớ.pdf", "agreement"), (mou["contentType"]!.GetValue<string>(), mou["fileName"]!.GetValue<string>(), mou["kind"]!.GetValue<string>()));

        Assert.Equal(["file"], Keys((await PostFormAsync(submitter, url, Upload("hello, not a photo"u8.ToArray(), "photo.jpg", "image/jpeg"))).Expect(HttpStatusCode.BadRequest)));
        Assert.Equal(["file"], Keys((await PostFormAsync(submitter, url, Upload(SignedMou, "mou.pdf", "application/pdf", "photo"))).Expect(HttpStatusCode.BadRequest)));
        var tooBig = (await PostFormAsync(submitter, url, Upload(Jpeg(10 * 1024 * 1024 + 1), "big.jpg", "image/jpeg"))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("At most 10 MB per file", tooBig.Errors["file"][0]);
        Assert.Equal(["kind"], Keys((await PostFormAsync(submitter, url, Upload(Jpeg(1_000), "a.jpg", "image/jpeg", "selfie"))).Expect(HttpStatusCode.BadRequest)));
        var noFile = new MultipartFormDataContent { { new StringContent("photo"), "kind" } };
        Assert.Equal(["file"], Keys((await PostFormAsync(submitter, url, noFile)).Expect(HttpStatusCode.BadRequest)));
        Assert.Equal(["file"], Keys((await submitter.Post(url, new { file = "aGVsbG8=" })).Expect(HttpStatusCode.BadRequest)));
        (await PostFormAsync(submitter, $"/api/proposals/{draftOnly}/report/attachments", Upload(Jpeg(1_000), "a.jpg", "image/jpeg"))).Expect(HttpStatusCode.Conflict);

        var listed = (await submitter.Get(url)).Expect(HttpStatusCode.OK).Array;
        Assert.Equal(2, listed.Count);
        var download = await submitter.Http.GetAsync(mou["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Biên bản ghi nhớ.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(SignedMou, await download.Content.ReadAsByteArrayAsync());

        // The department head may read (and so download) but not attach; another department sees nothing.
        using var head = await App.As("head@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await head.Http.GetAsync(mou["url"]!.GetValue<string>())).StatusCode);
        (await PostFormAsync(head, url, Upload(Jpeg(1_000), "a.jpg", "image/jpeg"))).Expect(HttpStatusCode.Forbidden);
        using var other = await App.As("submitter2@demo.local");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(mou["url"]!.GetValue<string>())).StatusCode);
        (await other.Get(url)).Expect(HttpStatusCode.NotFound);
        (await PostFormAsync(other, url, Upload(Jpeg(1_000), "a.jpg", "image/jpeg"))).Expect(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.DeleteAsync(photo["url"]!.GetValue<string>())).StatusCode);

        // The filed report lists them; removing one removes its bytes too.
        (await submitter.Post($"/api/proposals/{id}/report", new { summary = "Đã làm việc với JICA và KOICA." })).Expect(HttpStatusCode.Created);
        Assert.Equal(2, (await submitter.Get($"/api/proposals/{id}/report")).Object["attachments"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NoContent, (await submitter.Http.DeleteAsync(photo["url"]!.GetValue<string>())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await submitter.Http.GetAsync(photo["url"]!.GetValue<string>())).StatusCode);
        Assert.Single((await submitter.Get(url)).Array);
        // (the documents made at approval are stored files too)
        Assert.Equal(1, await App.Db(db => db.Set<Delegations.Web.Reports.StoredFile>().CountAsync(f => !db.Set<Delegations.Web.Documents.ProposalDocument>().Any(d => d.FileId == f.Id))));
        var guid = Guid.Parse(id);
        Assert.Equal(2, await App.Db(db => db.Journal.CountAsync(j => j.ProposalId == guid && j.Kind == "attachment-added")));
        Assert.Equal(1, await App.Db(db => db.Journal.CountAsync(j => j.ProposalId == guid && j.Kind == "attachment-removed")));
    }

    [Fact]
    public async Task Follow_up_actions_are_listed_open_and_overdue_and_marked_done_with_a_note()
    {
        var id = await ApprovedHueTripAsync();
        using (var early = await App.As("submitter@demo.local"))
            (await early.Post($"/api/proposals/{id}/report/follow-ups", new { action = "x", owner = "y", due = "2024-06-01" })).Expect(HttpStatusCode.Conflict);
        await Flow.TravelToAsync(2024, 4, 24);
        (await Flow.FileReportAsync("submitter@demo.local", id, new
        {
            summary = "JICA và KOICA nhất trí kết nối chuyên gia.",
            followUps = new object[]
            {
                new { action = "Giới thiệu chuyên gia Nhật Bản cho hội thảo năng lượng của tỉnh", owner = "Vụ Hợp tác quốc tế", due = "2024-06-30", ownerEmail = "INTL@demo.local" },
                new { action = "Gửi danh mục đề xuất, dự án cụ thể tới JICA và KOICA", owner = "Liên hiệp các Hội KH&KT tỉnh Thừa Thiên Huế", due = "2024-05-15" },
            },
        })).Expect(HttpStatusCode.Created);
        await Flow.TravelToAsync(2024, 6, 1);

        using var submitter = await App.As("submitter@demo.local");
        var open = (await submitter.Get("/api/follow-ups")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal((2, 1, 0, "2024-06-01"), (open["open"]!.GetValue<int>(), open["overdue"]!.GetValue<int>(), open["done"]!.GetValue<int>(), open["today"]!.GetValue<string>()));
        var items = open["items"]!.AsArray();
        Assert.Equal([true, false], items.Select(i => i!["overdue"]!.GetValue<bool>()));
        Assert.Equal(17, items[0]!["daysOverdue"]!.GetValue<int>());
        Assert.True(items[0]!["canMarkDone"]!.GetValue<bool>());
        var overdueId = items[0]!["id"]!.GetValue<string>();
        var ownedId = items[1]!["id"]!.GetValue<string>();
        Assert.Equal([overdueId], (await submitter.Get("/api/follow-ups?status=overdue")).Object["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Empty((await submitter.Get("/api/follow-ups?status=done")).Object["items"]!.AsArray());
        Assert.Equal(["status"], Keys((await submitter.Get("/api/follow-ups?status=late")).Expect(HttpStatusCode.BadRequest)));

        using var intl = await App.As("intl@demo.local");
        Assert.Equal([ownedId], (await intl.Get("/api/follow-ups?mine=true")).Object["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        using var other = await App.As("submitter2@demo.local");
        Assert.Empty((await other.Get("/api/follow-ups?status=all")).Object["items"]!.AsArray());
        (await other.Post($"/api/follow-ups/{overdueId}/done", new { note = "x" })).Expect(HttpStatusCode.NotFound);
        using var head = await App.As("head@demo.local");
        (await head.Post($"/api/follow-ups/{overdueId}/done", new { note = "x" })).Expect(HttpStatusCode.Forbidden);

        Assert.Equal(["note"], Keys((await intl.Post($"/api/follow-ups/{ownedId}/done", new { note = " " })).Expect(HttpStatusCode.BadRequest)));
        var done = (await intl.Post($"/api/follow-ups/{ownedId}/done", new { note = "Đã giới thiệu 3 chuyên gia của JICA." })).Expect(HttpStatusCode.OK).Object;
        Assert.Equal((true, "Lê Thu Hà", "Đã giới thiệu 3 chuyên gia của JICA."), (done["done"]!.GetValue<bool>(), done["doneBy"]!.GetValue<string>(), done["doneNote"]!.GetValue<string>()));
        var twice = (await intl.Post($"/api/follow-ups/{ownedId}/done", new { note = "again" })).Expect(HttpStatusCode.Conflict);
        Assert.Contains("Lê Thu Hà", twice["detail"]);
        (await submitter.Post($"/api/follow-ups/{overdueId}/done", new { note = "Đã gửi 12 đề xuất dự án." })).Expect(HttpStatusCode.OK);

        var added = (await submitter.Post($"/api/proposals/{id}/report/follow-ups", new { action = "Tổ chức hội thảo với chuyên gia KOICA", owner = "", due = "" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["due", "owner"], Keys(added));
        (await submitter.Post($"/api/proposals/{id}/report/follow-ups", new { action = "Tổ chức hội thảo với chuyên gia KOICA", owner = "Liên hiệp Hội", due = "2024-10-15" }))
            .Expect(HttpStatusCode.Created);
        (await other.Post($"/api/proposals/{id}/report/follow-ups", new { action = "x", owner = "y", due = "2024-10-15" })).Expect(HttpStatusCode.NotFound);

        var all = (await submitter.Get("/api/follow-ups?status=all")).Object;
        Assert.Equal((3, 1, 2), (all["items"]!.AsArray().Count, all["open"]!.GetValue<int>(), all["done"]!.GetValue<int>()));
        var report = (await submitter.Get($"/api/proposals/{id}/report")).Object;
        Assert.Equal(3, report["followUps"]!.AsArray().Count);
        var journal = (await Flow.GetAsync("submitter@demo.local", id))["journal"]!.AsArray();
        Assert.Equal(2, journal.Count(j => j!["kind"]!.GetValue<string>() == "follow-up-done"));
        Assert.Single(journal, j => j!["kind"]!.GetValue<string>() == "follow-up-added");
    }

    [Fact]
    public async Task A_report_filed_after_its_due_date_is_late_and_one_not_filed_is_missing_in_the_compiled_report()
    {
        var onTime = await ApprovedHueTripAsync();
        var unfiled = await ApprovedHueTripAsync(DemoSeeds.HueUnionJicaKoica() with { Title = "Làm việc với KOICA <script>alert(1)</script>" });
        await Flow.TravelToAsync(2024, 4, 24);
        await Flow.TravelToAsync(2024, 5, 10); // both reports were due on 8 May
        var late = (await Flow.FileReportAsync("submitter@demo.local", onTime, new { summary = "Nộp sau hạn." })).Expect(HttpStatusCode.Created).Object;
        Assert.True(late["late"]!.GetValue<bool>());

        using var intl = await App.As("intl@demo.local");
        var april = (await intl.Get("/api/reports/compiled?from=2024-04-01&to=2024-04-30")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(["late", "missing"], april["delegations"]!.AsArray().Select(r => r!["report"]!.GetValue<string>()));
        var t = april["totals"]!;
        Assert.Equal((1, 1, 1, 0), (t["reportsFiled"]!.GetValue<int>(), t["reportsLate"]!.GetValue<int>(), t["reportsMissing"]!.GetValue<int>(), t["reportsDue"]!.GetValue<int>()));

        var html = await intl.Http.GetStringAsync("/api/reports/compiled?from=2024-04-01&to=2024-04-30&format=html");
        Assert.Contains("Làm việc với KOICA &lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<td class=\"state-late\">Nộp muộn", html);
        Assert.Contains("<td class=\"state-missing\">Quá hạn, chưa nộp", html);

        // Before the trip ends, a delegation in the period is upcoming, not missing.
        var upcoming = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica() with { StartDate = "2024-05-20", EndDate = "2024-05-21", Agenda = [] });
        await Flow.SubmitAsync("submitter@demo.local", upcoming);
        await Flow.ApproveAsync("head@demo.local", upcoming, "department-head");
        await Flow.ApproveAsync("intl@demo.local", upcoming, "international-office");
        var may = (await intl.Get("/api/reports/compiled?from=2024-05-01&to=2024-05-31")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(["upcoming"], may["delegations"]!.AsArray().Select(r => r!["report"]!.GetValue<string>()));
    }
}

/// <summary>The same scenarios on PostgreSQL.</summary>
public sealed class ReportFilingTestsOnPostgres : ReportFilingTests, IOnPostgres;
