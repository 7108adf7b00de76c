using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Tests.Infrastructure;

namespace Delegations.Web.Tests.Reports;

/// <summary>
/// The compiled report over the five seed delegations of the demo data, on 1 September 2025 (Hà Nội): checked
/// number by number in JSON, cell by cell in the workbook, row by row in the printable page; and who may see what.
/// </summary>
public sealed class CompiledReportTests(ReportsDemoFactory app) : CompiledReportScenarios<ReportsDemoFactory>(app);

/// <summary>The same scenarios on PostgreSQL.</summary>
public sealed class CompiledReportTestsOnPostgres(PostgresReportsDemoFactory app) : CompiledReportScenarios<PostgresReportsDemoFactory>(app);

public abstract class CompiledReportScenarios<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : ReportsDemoFactory
{
    private const string Seeds = "/api/reports/compiled?from=2024-01-01&to=2025-12-31";

    // The seeds by start date: the minister in China, the Huế union at JICA/KOICA, the deputy minister at UNESCO,
    // the CAS vice-president's visit, the AFEO conference VUSTA hosted in Đà Nẵng, BAST on its margin.
    private static readonly string[] References = ["DR-2024-0001", "DR-2024-0002", "DR-2025-0001", "DV-2025-0001", "HN-2025-0001", "DV-2025-0002"];

    private static long L(JsonNode? node) => node!.GetValue<long>();
    private static string S(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public async Task The_seed_delegations_add_up_in_json_figure_by_figure()
    {
        using var leader = await app.As("leader@demo.local");
        var report = (await leader.Get(Seeds)).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("2024-01-01", S(report["period"]!["from"]));
        Assert.Equal("custom", S(report["period"]!["kind"]));
        Assert.Equal("vi", S(report["language"]));

        var t = report["totals"]!;
        Assert.Equal(6, L(t["delegations"]));
        Assert.Equal(3, L(t["outbound"]));                 // Beijing–Shanghai, JICA/KOICA in Hà Nội, Paris
        Assert.Equal(2, L(t["inbound"]));                  // CAS, BAST
        Assert.Equal(1, L(t["conferences"]));              // AFEO
        Assert.Equal(130, L(t["people"]));                 // 5 + 2 + 3 travelling; 3 + 3 guests; 114 conference participants
        Assert.Equal(10, L(t["peopleOutbound"]));
        Assert.Equal(120, L(t["peopleInbound"]));
        Assert.Equal(15, L(t["days"]));                    // 5 + 1 + 4 + 1 + 3 + 1
        Assert.Equal(387, L(t["personDays"]));             // 25 + 2 + 12 + 3 + 342 + 3
        Assert.Equal(1_068_488_000, L(t["plannedVnd"]));   // 498,845,000 + 10,800,000 + 309,243,000 + 10,800,000 + 228,000,000 + 10,800,000
        Assert.Equal(815_419_500, L(t["actualVnd"]));      // 491,633,000 + 10,140,000 + 303,196,500 + 10,450,000 (BAST has no report)
        Assert.Equal(829_688_000, L(t["plannedVndOfReportedCosts"]));
        Assert.Equal(4, L(t["costsReported"]));
        Assert.Equal(17, L(t["meetings"]));                // 9 + 2 + 5 + 1
        Assert.Equal(3, L(t["agreements"]));               // the Shanghai MoU, the joint-lab agreement, the VUSTA–CAST MoU
        Assert.Equal(5, L(t["giftsGiven"]));               // four in China, one to the CAS vice-president
        Assert.Equal(2, L(t["giftsReceived"]));
        // Follow-ups on 1 Sep 2025: 001's first is done; 001's second (30 Jun 2025), 002's (30 Sep 2024) and 003's
        // first (30 Jun 2025) are overdue; 003's second (30 Sep 2025), 004's (31 Oct 2025) and AFEO's (31 Dec 2025) are open.
        Assert.Equal(6, L(t["followUpsOpen"]));
        Assert.Equal(3, L(t["followUpsOverdue"]));
        Assert.Equal(1, L(t["followUpsDone"]));
        Assert.Equal(5, L(t["reportsFiled"]));
        Assert.Equal(0, L(t["reportsLate"]));
        Assert.Equal(1, L(t["reportsMissing"]));           // BAST: due 22 Aug 2025, not filed
        Assert.Equal(0, L(t["reportsDue"]));
        Assert.Equal(0, L(t["reportsUpcoming"]));

        var rows = report["delegations"]!.AsArray();
        Assert.Equal(References, rows.Select(r => S(r!["referenceNumber"])));
        var minister = rows[0]!;
        Assert.Equal("outbound", S(minister["kind"]));
        Assert.Equal("Huỳnh Thành Đạt", S(minister["head"]));
        Assert.Equal(["CN"], minister["countries"]!.AsArray().Select(S));
        Assert.Equal("Bắc Kinh, Thượng Hải (Trung Quốc)", S(minister["places"]));
        Assert.Equal(5, minister["counterparts"]!.AsArray().Count);
        Assert.Equal(("2024-04-22", "2024-04-26", 5, 5), (S(minister["startDate"]), S(minister["endDate"]), (int)L(minister["days"]), (int)L(minister["people"])));
        Assert.Equal((498_845_000, 491_633_000, -7_212_000), (L(minister["plannedVnd"]), L(minister["actualVnd"]), L(minister["differenceVnd"])));
        Assert.Equal((9, 2, 4, 1), ((int)L(minister["meetings"]), (int)L(minister["agreements"]), (int)L(minister["giftsGiven"]), (int)L(minister["giftsReceived"])));
        Assert.Equal((1, 1, 1), ((int)L(minister["followUpsOpen"]), (int)L(minister["followUpsOverdue"]), (int)L(minister["followUpsDone"])));
        Assert.Equal("filed", S(minister["report"]));
        Assert.StartsWith("Đoàn đã hội đàm với Bộ trưởng Âm Hoà Tuấn", S(minister["summary"]));

        var hue = rows[1]!;
        Assert.Equal(["VN"], hue["countries"]!.AsArray().Select(S));
        Assert.Equal((10_800_000, 10_140_000), (L(hue["plannedVnd"]), L(hue["actualVnd"])));
        var paris = rows[2]!;
        Assert.Equal((309_243_000, 303_196_500, -6_046_500), (L(paris["plannedVnd"]), L(paris["actualVnd"]), L(paris["differenceVnd"])));
        Assert.Equal((2, 1), ((int)L(paris["followUpsOpen"]), (int)L(paris["followUpsOverdue"])));
        var cas = rows[3]!;
        Assert.Equal(("inbound", "Hà Hồng Bình (He Hongping)", 3), (S(cas["kind"]), S(cas["head"]), (int)L(cas["people"])));
        Assert.Equal(["CN"], cas["countries"]!.AsArray().Select(S));
        Assert.Equal((1, 1), ((int)L(cas["giftsGiven"]), (int)L(cas["giftsReceived"])));
        var afeo = rows[4]!;
        Assert.Equal(("conference", "Phan Xuân Dũng", 114, 3), (S(afeo["kind"]), S(afeo["head"]), (int)L(afeo["people"]), (int)L(afeo["days"])));
        Assert.Equal(("filed", 1), (S(afeo["report"]), (int)L(afeo["agreements"])));
        var bast = rows[5]!;
        Assert.Equal("missing", S(bast["report"]));
        Assert.Equal(new DateTimeOffset(2025, 8, 22, 0, 0, 0, TimeSpan.FromHours(7)), bast["reportDue"]!.GetValue<DateTimeOffset>());
        Assert.Null(bast["actualVnd"]);
        Assert.Null(bast["summary"]);

        var countries = report["byCountry"]!.AsArray();
        Assert.Equal(["CN", "MY", "FR", "VN"], countries.Select(c => S(c!["country"])));
        Assert.Equal(("Trung Quốc", 1, 2, 3, 11), (S(countries[0]!["name"]), (int)L(countries[0]!["outbound"]), (int)L(countries[0]!["inbound"]),
            (int)L(countries[0]!["delegations"]), (int)L(countries[0]!["people"])));
        Assert.Equal(("Ma-lai-xi-a", 1, 114), (S(countries[1]!["name"]), (int)L(countries[1]!["conferences"]), (int)L(countries[1]!["people"]))); // AFEO's seat
        Assert.Equal(("Pháp", 1, 0, 3), (S(countries[2]!["name"]), (int)L(countries[2]!["outbound"]), (int)L(countries[2]!["inbound"]), (int)L(countries[2]!["people"])));

        var counterparts = report["byCounterpart"]!.AsArray();
        Assert.Equal(12, counterparts.Count); // 5 in China, JICA, KOICA, UNESCO (met twice, one delegation), Sri Lanka's ministry, CAS, AFEO, BAST
        var unesco = Assert.Single(counterparts, c => S(c!["organisation"]) == "UNESCO")!;
        Assert.Equal((1, 1, "FR"), ((int)L(unesco["outbound"]), (int)L(unesco["delegations"]), S(unesco["country"])));
        Assert.Contains(counterparts, c => S(c!["organisation"]) == "Hiệp hội Khoa học và Công nghệ Bắc Kinh (BAST)" && L(c["inbound"]) == 1);

        Assert.Equal(["2024-04-25", "2024-04-26", "2025-08-07"], report["agreements"]!.AsArray().Select(a => S(a!["signedOn"])));
        var followUps = report["followUps"]!.AsArray();
        Assert.Equal(7, followUps.Count);
        Assert.Equal(["overdue", "overdue", "overdue", "open", "open", "open", "done"], followUps.Select(f => S(f!["status"])));

        // The year's hosted conferences for the annual summary (due 18 December).
        Assert.Equal("2025-12-18", S(report["annualSummaryDue"]));
        Assert.Equal(["HN-2025-0001"], report["hostedConferences"]!.AsArray().Select(c => S(c!["referenceNumber"])));
        Assert.Equal("Gửi danh mục đề xuất, dự án cụ thể tới JICA và KOICA", S(followUps[0]!["action"]));
    }

    [Fact]
    public async Task A_month_a_quarter_a_kind_and_a_department_narrow_it_down()
    {
        using var intl = await app.As("intl@demo.local");
        var april = (await intl.Get("/api/reports/compiled?from=2025-04-01&to=2025-04-30")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(("month", "Tháng 4/2025"), (S(april["period"]!["kind"]), S(april["period"]!["label"])));
        Assert.Equal(["DV-2025-0001"], april["delegations"]!.AsArray().Select(r => S(r!["referenceNumber"])));

        // Paris ran 24–27 March: in the first quarter, not in April.
        var q1 = (await intl.Get("/api/reports/compiled?from=2025-01-01&to=2025-03-31&lang=en")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(("quarter", "Q1 2025", "en"), (S(q1["period"]!["kind"]), S(q1["period"]!["label"]), S(q1["language"])));
        Assert.Equal(["DR-2025-0001"], q1["delegations"]!.AsArray().Select(r => S(r!["referenceNumber"])));
        Assert.Equal("France", S(q1["byCountry"]![0]!["name"]));

        var inbound = (await intl.Get(Seeds + "&kind=inbound")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(["DV-2025-0001", "DV-2025-0002"], inbound["delegations"]!.AsArray().Select(r => S(r!["referenceNumber"])));
        Assert.Equal(0, L(inbound["totals"]!["outbound"]));

        // VUSTA with its sub-departments: BAST was hosted by the Board of Science and International Cooperation.
        var vusta = (await intl.Get(Seeds + "&department=VUSTA")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(["HN-2025-0001", "DV-2025-0002"], vusta["delegations"]!.AsArray().Select(r => S(r!["referenceNumber"])));
        Assert.Equal("VUSTA", S(vusta["department"]!["code"]));
    }

    [Fact]
    public async Task Leadership_sees_all_a_department_head_their_department_and_others_nothing()
    {
        foreach (var email in new[] { "admin@demo.local", "leader@demo.local", "intl@demo.local" })
        {
            using var api = await app.As(email);
            Assert.Equal(6, L((await api.Get(Seeds)).Expect(HttpStatusCode.OK).Object["totals"]!["delegations"]));
        }

        using var head = await app.As("head@demo.local");
        var office = (await head.Get(Seeds)).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(["DR-2024-0001", "DR-2025-0001", "DV-2025-0001"], office["delegations"]!.AsArray().Select(r => S(r!["referenceNumber"])));
        (await head.Get(Seeds + "&department=VUSTA")).Expect(HttpStatusCode.Forbidden);
        (await head.Get(Seeds + "&department=MOST")).Expect(HttpStatusCode.Forbidden); // the parent is more than their department

        using var hue = await app.As("head.hue@demo.local");
        Assert.Equal(["DR-2024-0002"], (await hue.Get(Seeds + "&format=json")).Expect(HttpStatusCode.OK).Object["delegations"]!.AsArray().Select(r => S(r!["referenceNumber"])));

        foreach (var email in new[] { "submitter@demo.local", "finance@demo.local", "visa@demo.local" })
        {
            using var api = await app.As(email);
            (await api.Get(Seeds)).Expect(HttpStatusCode.Forbidden);
            (await api.Get("/api/reports/compiled/archive")).Expect(HttpStatusCode.Forbidden);
        }
        (await head.Get("/api/reports/compiled/archive")).Expect(HttpStatusCode.Forbidden); // the archive is organisation-wide
        (await app.Anonymous().Get(Seeds)).Expect(HttpStatusCode.Unauthorized);

        using var leader = await app.As("leader@demo.local");
        var bad = (await leader.Get("/api/reports/compiled?from=2025-13-01&to=2024-01-01&kind=visit&format=pdf&lang=fr&department=NOPE")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["department", "format", "from", "kind", "lang"], bad.Errors.Keys.Order());
        var backwards = (await leader.Get("/api/reports/compiled?from=2025-02-01&to=2025-01-01")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["to"], backwards.Errors.Keys);
    }

    [Fact]
    public async Task The_workbook_has_typed_cells_and_totals()
    {
        using var leader = await app.As("leader@demo.local");
        var response = await leader.Http.GetAsync(Seeds + "&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("bao-cao-tong-hop_2024-01-01_2025-12-31.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        XlsxReader.Keep("compiled-report-seeds.xlsx", bytes);
        using var book = new XlsxReader(bytes);
        Assert.Empty(book.ValidationErrors);

        Assert.Equal(["Tổng hợp", "Danh sách đoàn", "Theo quốc gia", "Theo đối tác", "Thỏa thuận đã ký", "Việc cần làm sau chuyến đi"], book.SheetNames);

        const string list = "Danh sách đoàn";
        Assert.Equal(["STT", "Số hiệu", "Loại", "Tên đoàn"], new[] { "A1", "B1", "C1", "D1" }.Select(c => book.Text(list, c)));
        for (var i = 0; i < References.Length; i++) Assert.Equal(References[i], book.Text(list, $"B{i + 2}"));
        Assert.Equal("Đoàn ra", book.Text(list, "C2"));
        Assert.Equal(new DateOnly(2024, 4, 22), book.Date(list, "I2"));
        Assert.Equal(new DateOnly(2024, 4, 26), book.Date(list, "J2"));
        Assert.Equal("dd/mm/yyyy", book.NumberFormat(list, "I2"));
        Assert.Equal(5, book.Number(list, "K2"));
        Assert.Equal(498_845_000, book.Number(list, "M2"));
        Assert.Equal("#,##0\" ₫\"", book.NumberFormat(list, "M2"));
        Assert.Equal(491_633_000, book.Number(list, "N2"));
        Assert.Equal(-7_212_000, book.Number(list, "O2"));
        Assert.Null(book.Number(list, "N7"));                  // BAST: no actual costs reported
        Assert.Equal("Quá hạn, chưa nộp", book.Text(list, "U7"));
        Assert.Equal("Đã nộp", book.Text(list, "U2"));
        Assert.Equal(new DateOnly(2024, 5, 8), DateOnly.FromDateTime(DateTime.FromOADate((double)book.Number(list, "V2")!.Value)));
        Assert.StartsWith("Đoàn đã hội đàm", book.Text(list, "W2"));

        Assert.Equal("Tổng cộng", book.Text(list, "B8"));
        Assert.Equal("SUM(K2:K7)", book.Formula(list, "K8"));
        Assert.Equal(15, book.Number(list, "K8"));
        Assert.Equal(130, book.Number(list, "L8"));
        Assert.Equal("SUM(M2:M7)", book.Formula(list, "M8"));
        Assert.Equal(1_068_488_000, book.Number(list, "M8"));
        Assert.Equal(815_419_500, book.Number(list, "N8"));
        Assert.Equal(815_419_500 - 829_688_000, book.Number(list, "O8"));
        Assert.Equal(17, book.Number(list, "P8"));

        const string summary = "Tổng hợp";
        Assert.Equal("Báo cáo tổng hợp kết quả đoàn ra, đoàn vào", book.Text(summary, "A1"));
        Assert.Equal(new DateOnly(2024, 1, 1), book.Date(summary, "B3"));
        Assert.Equal(3, book.Number(summary, $"B{book.RowOf(summary, "Đoàn ra")}"));
        Assert.Equal(1_068_488_000, book.Number(summary, $"B{book.RowOf(summary, "Dự toán (VND)")}"));
        Assert.Equal("#,##0\" ₫\"", book.NumberFormat(summary, $"B{book.RowOf(summary, "Dự toán (VND)")}"));
        Assert.Equal(1, book.Number(summary, $"B{book.RowOf(summary, "Báo cáo quá hạn chưa nộp")}"));
        Assert.Equal(3, book.Number(summary, $"B{book.RowOf(summary, "Việc quá hạn")}"));

        Assert.Equal("CN", book.Text("Theo quốc gia", "A2"));
        Assert.Equal("Trung Quốc", book.Text("Theo quốc gia", "B2"));
        Assert.Equal(3, book.Number("Theo quốc gia", "F2"));
        Assert.Equal(new DateOnly(2024, 4, 25), book.Date("Thỏa thuận đã ký", "D2"));
        Assert.Equal("Quá hạn", book.Text("Việc cần làm sau chuyến đi", "E2"));
        Assert.Equal(new DateOnly(2024, 9, 30), book.Date("Việc cần làm sau chuyến đi", "D2"));

        // English: sheet names, labels and the money format follow the language.
        var english = await leader.Http.GetByteArrayAsync(Seeds + "&format=xlsx&lang=en");
        using var en = new XlsxReader(english);
        Assert.Empty(en.ValidationErrors);
        Assert.Equal("Delegations", en.SheetNames[1]);
        Assert.Equal("Overdue, not filed", en.Text("Delegations", "U7"));
        Assert.Equal("#,##0\" VND\"", en.NumberFormat("Delegations", "M2"));
        Assert.Equal("yyyy-mm-dd", en.NumberFormat("Delegations", "I2"));
    }

    [Fact]
    public async Task The_printable_page_has_every_delegation_and_runs_nothing()
    {
        using var leader = await app.As("leader@demo.local");
        var response = await leader.Http.GetAsync(Seeds + "&format=html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("style-src 'sha256-", csp);
        var html = await response.Content.ReadAsStringAsync();
        XlsxReader.Keep("compiled-report-seeds.html", System.Text.Encoding.UTF8.GetBytes(html));

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("@page { size: A4 landscape;", html);
        Assert.Contains("@media print", html);
        foreach (var reference in References) Assert.Contains($"<tr class=\"main\" id=\"{reference}\">", html);
        Assert.Contains("Đoàn công tác của Bộ KH&amp;CN thăm và làm việc tại Trung Quốc", html);
        Assert.Contains("Đón tiếp Phó Chủ tịch Viện Hàn lâm Khoa học Trung Quốc Hà Hồng Bình và đoàn công tác", html);
        Assert.Contains("<b>Tóm tắt kết quả:</b> Đoàn đã hội đàm với Bộ trưởng Âm Hoà Tuấn", html);
        Assert.Contains("<td class=\"state-missing\">Quá hạn, chưa nộp", html);
        Assert.Contains("1.068.488.000", html); // Vietnamese digit grouping
        Assert.Contains("<section id=\"hosted-conferences\">", html);
        var bastRow = html[html.IndexOf("id=\"DV-2025-0002\"", StringComparison.Ordinal)..];
        bastRow = bastRow[..bastRow.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("Hiệp hội Khoa học và Công nghệ Bắc Kinh (BAST)", bastRow);
        Assert.Contains("Quá hạn, chưa nộp", bastRow);

        var english = await leader.Http.GetStringAsync(Seeds + "&format=html&lang=en");
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("Compiled report on outbound and inbound delegations", english);
        Assert.Contains("1,068,488,000", english);
        Assert.Contains("Overdue, not filed", english);
    }
}
