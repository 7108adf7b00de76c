using System.Net;
using System.Net.Http.Headers;
using Delegations.Web.Demo;
using Delegations.Web.Mail;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Delegations.Web.Tests.Comments;

/// <summary>
/// Comments on a proposal: everyone who may read it sees them (another department gets 404), files are checked by
/// their bytes like report attachments, an @mention mails the person through the outbox in the same transaction
/// (read back from the pickup folder), and a mention of someone who may not read the proposal is refused.
/// </summary>
public class CommentTests : AppTests
{
    private static byte[] Pdf() => "%PDF-1.4\n% Chương trình làm việc\n"u8.ToArray();

    [Fact]
    public async Task A_comment_with_a_file_and_a_mention_is_seen_by_readers_and_mails_the_person_mentioned()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head"); // the international office has the next step, so may read it

        using var head = await App.As("head@demo.local");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Đề nghị @intl@demo.local cho ý kiến về chương trình làm việc tại Thượng Hải; bản dự thảo đính kèm."), "text" },
        };
        var file = new ByteArrayContent(Pdf());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "../../du-thao: chương trình?.pdf");
        var posted = await head.Http.PostAsync($"/api/proposals/{id}/comments", form);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        using var intl = await App.As("intl@demo.local");
        var comments = (await intl.Get($"/api/proposals/{id}/comments")).Expect(HttpStatusCode.OK).Array;
        var comment = Assert.Single(comments)!;
        Assert.Equal("Trần Văn Bình", comment["author"]!.GetValue<string>());
        Assert.Equal("intl@demo.local", comment["mentions"]![0]!["email"]!.GetValue<string>());
        var attachment = comment["attachments"]![0]!;
        Assert.Equal("du-thao_ chương trình.pdf", attachment["fileName"]!.GetValue<string>());
        Assert.Equal("application/pdf", attachment["contentType"]!.GetValue<string>());
        var download = await intl.Http.GetAsync(attachment["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf(), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);

        // The mention's mail is in the outbox, and delivered to the pickup folder.
        var mail = await App.Db(db => db.Outbox.Where(m => m.Template == "mentioned").ToListAsync());
        var one = Assert.Single(mail);
        Assert.Equal("intl@demo.local", one.ToEmail);
        Assert.Contains("Trần Văn Bình nhắc đến bạn", one.Subject);
        await App.WithScope(sp => sp.GetRequiredService<MailDelivery>().DeliverDueAsync());
        var delivered = Directory.GetFiles(App.MailDirectory, "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
            .Single(m => m.Subject?.Contains("nhắc đến bạn", StringComparison.Ordinal) == true);
        Assert.Equal("intl@demo.local", delivered.To.Mailboxes.Single().Address);
        Assert.Contains("chương trình làm việc tại Thượng Hải", delivered.TextBody ?? "");
        Assert.Contains((await Flow.GetAsync("submitter@demo.local", id))["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == "commented");

        // Another department knows nothing of it.
        using var other = await App.As("submitter2@demo.local");
        (await other.Get($"/api/proposals/{id}/comments")).Expect(HttpStatusCode.NotFound);
        (await other.Post($"/api/proposals/{id}/comments", new { text = "?" })).Expect(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(attachment["url"]!.GetValue<string>())).StatusCode);

        // On the proposal page.
        using var page = await PageClient.SignInAsync(App, "submitter@demo.local");
        var details = (await page.GetAsync($"/proposals/{id}")).Expect(HttpStatusCode.OK);
        Assert.Contains("cho ý kiến về chương trình làm việc", details.One("[data-testid=comments]")!.TextContent);
    }

    [Fact]
    public async Task A_mention_of_someone_who_may_not_read_the_proposal_or_a_file_that_is_not_accepted_is_refused_and_nothing_is_saved()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        using var submitter = await App.As("submitter@demo.local");
        var refused = (await submitter.Post($"/api/proposals/{id}/comments", new { text = "Nhờ @submitter2@demo.local và @nobody@demo.local xem giúp." })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(2, refused.Errors["text"].Length);
        Assert.Contains("submitter2@demo.local cannot be mentioned", refused.Errors["text"][0]);
        (await submitter.Post($"/api/proposals/{id}/comments", new { text = "  " })).Expect(HttpStatusCode.BadRequest);

        using var form = new MultipartFormDataContent { { new StringContent("Tệp chạy được"), "text" } };
        form.Add(new ByteArrayContent("MZ\u0090\0"u8.ToArray()), "file", "chuong-trinh.pdf");
        var bad = await submitter.Http.PostAsync($"/api/proposals/{id}/comments", form);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"file\"", await bad.Content.ReadAsStringAsync());

        Assert.Empty((await submitter.Get($"/api/proposals/{id}/comments")).Expect(HttpStatusCode.OK).Array);
        Assert.Equal(0, await App.Db(db => db.Outbox.CountAsync(m => m.Template == "mentioned")));

        // A colleague of the same department may be mentioned: they can read it.
        var ok = (await submitter.Post($"/api/proposals/{id}/comments", new { text = "@head@demo.local xin anh cho ý kiến trước khi trình." })).Expect(HttpStatusCode.Created);
        Assert.Equal("head@demo.local", ok.Object["mentions"]![0]!["email"]!.GetValue<string>());
    }
}

public sealed class CommentTestsOnPostgres : CommentTests, IOnPostgres;
