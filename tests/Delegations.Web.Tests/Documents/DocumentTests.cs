using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using DocumentFormat.OpenXml.Packaging;

namespace Delegations.Web.Tests.Documents;

/// <summary>
/// Generated documents: the seed 001 trip's sending decision (DOCX opened with the Open XML SDK, its text checked),
/// the visa-support list only for those who may see passports, the inbound letters, and a regeneration.
/// </summary>
public class DocumentTests : AppTests
{
    private static string TextOf(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var doc = WordprocessingDocument.Open(stream, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        return string.Join("\n", body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    private async Task<string> ApprovedBeijingAsync()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        using var none = await App.As("submitter@demo.local");
        Assert.Empty((await none.Get($"/api/proposals/{id}/documents")).Expect(HttpStatusCode.OK).Array); // not approved yet
        await Flow.ApproveAsync("leader@demo.local", id, "leadership", "Đồng ý cử đoàn.");
        return id;
    }

    [Fact]
    public async Task The_approved_Beijing_trip_has_its_sending_decision_with_names_dates_and_the_signing_authority()
    {
        var id = await ApprovedBeijingAsync();
        using var submitter = await App.As("submitter@demo.local");
        var list = (await submitter.Get($"/api/proposals/{id}/documents")).Expect(HttpStatusCode.OK).Array;
        Assert.Equal(["sending-decision", "visa-support-list"], list.Select(d => d!["kind"]!.GetValue<string>()));
        var decision = list[0]!.AsObject();
        Assert.Equal("1/QĐ-MOST", decision["number"]!.GetValue<string>());
        Assert.EndsWith(".docx", decision["fileName"]!.GetValue<string>());

        var file = await submitter.Http.GetAsync(decision["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        var text = TextOf(await file.Content.ReadAsByteArrayAsync());
        Assert.Contains("BỘ KHOA HỌC VÀ CÔNG NGHỆ", text);
        Assert.Contains("Số: 1/QĐ-MOST", text);
        Assert.Contains("Hà Nội, ngày 18 tháng 03 năm 2024", text);
        Assert.Contains("QUYẾT ĐỊNH", text);
        Assert.Contains("Về việc cử đoàn đi công tác nước ngoài", text);
        Assert.Contains("Cử đoàn gồm 5 thành viên có tên sau đây đi công tác tại Bắc Kinh, Thượng Hải (Trung Quốc) từ ngày 22/04/2024 đến ngày 26/04/2024 (5 ngày)", text);
        foreach (var name in new[] { "Huỳnh Thành Đạt", "Trần Thị Minh Hà", "Lê Quang Huy", "Nguyễn Hoàng Long", "Phan Thu Trang" }) Assert.Contains(name, text);
        Assert.Contains("Bộ trưởng Bộ Khoa học và Công nghệ", text);
        Assert.Contains("Trưởng đoàn", text);
        Assert.Contains("ngân sách nhà nước", text);
        Assert.Contains("498.845.000 đồng", text);
        Assert.Contains("Diễn đàn Trung Quan Thôn 2024", text); // the purpose
        // The signing authority: the leader who approved, with the title of their account.
        Assert.Contains("THỨ TRƯỞNG (TÀI KHOẢN MINH HOẠ)", text);
        Assert.Contains("Phạm Quốc Hưng", text);
        Assert.DoesNotContain("D1234567", text); // no passport data in the decision

        // On the proposal page, as a link.
        using var page = await PageClient.SignInAsync(App, "head@demo.local");
        var details = (await page.GetAsync($"/proposals/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(decision["url"]!.GetValue<string>(), details.One("[data-testid=documents] [data-kind=sending-decision] a")!.GetAttribute("href"));
        Assert.Null(details.One("[data-testid=documents] [data-kind=visa-support-list]"));
    }

    [Fact]
    public async Task The_visa_support_list_holds_passport_data_and_only_the_submitter_visa_officers_and_admins_get_it()
    {
        var id = await ApprovedBeijingAsync();
        string? url = null;
        foreach (var email in new[] { "submitter@demo.local", "visa@demo.local", "admin@demo.local" })
        {
            using var allowed = await App.As(email);
            var list = (await allowed.Get($"/api/proposals/{id}/documents")).Expect(HttpStatusCode.OK).Array;
            var visa = Assert.Single(list, d => d!["kind"]!.GetValue<string>() == "visa-support-list")!;
            Assert.True(visa["restricted"]!.GetValue<bool>());
            url = visa["url"]!.GetValue<string>();
            var bytes = await allowed.Http.GetByteArrayAsync(url);
            var text = TextOf(bytes);
            Assert.Contains("DANH SÁCH ĐỀ NGHỊ HỖ TRỢ THỊ THỰC", text);
            Assert.Contains("D1234567", text);
            Assert.Contains("Ngoại giao", text);
            Assert.Contains("30/06/2029", text);
        }
        foreach (var email in new[] { "head@demo.local", "intl@demo.local", "leader@demo.local" })
        {
            using var other = await App.As(email);
            var list = (await other.Get($"/api/proposals/{id}/documents")).Expect(HttpStatusCode.OK).Array;
            Assert.Equal(["sending-decision"], list.Select(d => d!["kind"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(url)).StatusCode);
        }
        using var stranger = await App.As("submitter2@demo.local");
        (await stranger.Get($"/api/proposals/{id}/documents")).Expect(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task An_edited_template_is_used_when_the_international_office_makes_the_decision_again_and_the_number_is_kept()
    {
        var id = await ApprovedBeijingAsync();
        using var admin = await App.As("admin@demo.local");
        var template = (await admin.Get("/api/admin/document-templates/sending-decision")).Expect(HttpStatusCode.OK).Object["template"]!.AsObject();
        template["blocks"]!.AsArray().Insert(1, new JsonObject { ["style"] = "center", ["text"] = "Cử đoàn {{ head.fullName }} – {{ proposal.referenceNumber }}" });
        (await admin.Put("/api/admin/document-templates/sending-decision", template)).Expect(HttpStatusCode.OK);
        var broken = template.DeepClone().AsObject();
        broken["blocks"]!.AsArray().Add(new JsonObject { ["table"] = "everyone" });
        var refused = (await admin.Put("/api/admin/document-templates/sending-decision", broken)).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("blocks[12].table", refused.Errors.Keys);

        using var submitter = await App.As("submitter@demo.local");
        (await submitter.Post($"/api/proposals/{id}/documents", new { kind = "sending-decision" })).Expect(HttpStatusCode.Forbidden);
        using var intl = await App.As("intl@demo.local");
        (await intl.Post($"/api/proposals/{id}/documents", new { kind = "invitation-letter" })).Expect(HttpStatusCode.BadRequest);
        var again = (await intl.Post($"/api/proposals/{id}/documents", new { kind = "sending-decision" })).Expect(HttpStatusCode.Created).Object;
        Assert.Equal("1/QĐ-MOST", again["number"]!.GetValue<string>());
        var list = (await submitter.Get($"/api/proposals/{id}/documents")).Expect(HttpStatusCode.OK).Array;
        Assert.Equal(again["id"]!.GetValue<string>(), list[0]!["id"]!.GetValue<string>()); // the latest version is listed
        var text = TextOf(await submitter.Http.GetByteArrayAsync(again["url"]!.GetValue<string>()));
        Assert.Contains("Cử đoàn Huỳnh Thành Đạt – DR-2024-0001", text);
        Assert.Contains((await Flow.GetAsync("admin@demo.local", id))["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == "document-generated");
    }

    [Fact]
    public async Task An_approved_inbound_visit_has_its_invitation_and_visa_support_letters_for_the_guests()
    {
        App.Clock.SetUtcNow(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(7)));
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.CasVicePresidentVisit());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office", data: new JsonObject { ["securityReview"] = false });
        await Flow.ApproveAsync("leader@demo.local", id, "leadership");
        using var submitter = await App.As("submitter@demo.local");
        var list = (await submitter.Get($"/api/proposals/{id}/documents")).Expect(HttpStatusCode.OK).Array;
        Assert.Equal(["invitation-letter", "visa-support-letter"], list.Select(d => d!["kind"]!.GetValue<string>()));
        var invitation = TextOf(await submitter.Http.GetByteArrayAsync(list[0]!["url"]!.GetValue<string>()));
        Assert.Contains("THƯ MỜI", invitation);
        Assert.Contains("Kính gửi: Hà Hồng Bình (He Hongping), Phó Chủ tịch Viện Hàn lâm Khoa học Trung Quốc", invitation);
        Assert.Contains("Vương Lệ (Wang Li)", invitation);
        Assert.Contains("Trung Quốc", invitation);
        Assert.DoesNotContain("E12345678", invitation);
        var visa = TextOf(await submitter.Http.GetByteArrayAsync(list[1]!["url"]!.GetValue<string>()));
        Assert.Contains("Cục Quản lý xuất nhập cảnh", visa);
        Assert.Contains("E12345678", visa);
        using var head = await App.As("head@demo.local");
        Assert.Equal(["invitation-letter"], (await head.Get($"/api/proposals/{id}/documents")).Expect(HttpStatusCode.OK).Array.Select(d => d!["kind"]!.GetValue<string>()));
    }
}

public sealed class DocumentTestsOnPostgres : DocumentTests, IOnPostgres;
