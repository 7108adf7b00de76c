using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Delegations.Web.Comments;

/// <summary>A comment on a proposal, seen by everyone who may read it; <c>@email</c> mentions mail the person.</summary>
public sealed class ProposalComment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public required string AuthorId { get; set; }
    public required string AuthorName { get; set; }
    public required string Text { get; set; }
    /// <summary>The mentioned accounts as JSON [{ email, name }].</summary>
    public string? MentionsJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<CommentAttachment> Attachments { get; set; } = [];
}

/// <summary>A file attached to a comment, checked like a report attachment; the bytes are a <see cref="StoredFile"/>.</summary>
public sealed class CommentAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CommentId { get; set; }
    public Guid ProposalId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public Guid FileId { get; set; }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<ProposalComment>, IEntityTypeConfiguration<CommentAttachment>
{
    public void Configure(EntityTypeBuilder<ProposalComment> e)
    {
        e.ToTable("Comments");
        e.HasIndex(c => new { c.ProposalId, c.CreatedAt });
        e.Property(c => c.AuthorName).HasMaxLength(200);
        e.Property(c => c.Text).HasMaxLength(4000);
        e.Property(c => c.MentionsJson).HasMaxLength(4000);
        e.HasMany(c => c.Attachments).WithOne().HasForeignKey(a => a.CommentId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CommentAttachment> e)
    {
        e.ToTable("CommentAttachments");
        e.HasIndex(a => a.ProposalId);
        e.Property(a => a.FileName).HasMaxLength(200);
        e.Property(a => a.ContentType).HasMaxLength(100);
        e.Property(a => a.Sha256).HasMaxLength(64);
    }
}

/// <summary>
/// <c>/api/proposals/{id}/comments</c>. Posting is JSON <c>{ text }</c> or multipart/form-data with <c>text</c> and
/// up to 5 <c>file</c> parts (checked like report attachments). A mention of someone who may not read the proposal
/// is refused (400 naming <c>text</c>), so nobody is mailed about a proposal they cannot open.
/// </summary>
public static partial class CommentsApi
{
    public const int MaxFiles = 5;

    public sealed record MentionView(string Email, string Name);
    public sealed record CommentAttachmentView(Guid Id, string FileName, string ContentType, long Size, string Url);
    public sealed record CommentView(Guid Id, string Author, string Text, DateTimeOffset CreatedAt, IReadOnlyList<MentionView> Mentions, IReadOnlyList<CommentAttachmentView> Attachments);
    public sealed record CommentInput(string? Text);

    [GeneratedRegex(@"(?<![\w.+-])@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    public static void Map(IEndpointRouteBuilder app, ReportsOptions options)
    {
        var group = app.MapGroup("/api/proposals/{id:guid}/comments").WithTags("Comments").RequireAuthorization();
        group.MapGet("/", List).WithSummary("The comments on a proposal, oldest first.").ProducesProblem(404);
        group.MapPost("/", Post).WithSummary("Comment (JSON { text }, or multipart/form-data with text and file parts); @email mentions mail the person.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(options.MaxAttachmentBytes * MaxFiles + 1024 * 1024))
            .DisableAntiforgery() // bearer API; the page posts through its own anti-forgery-checked handler
            .ProducesValidationProblem().ProducesProblem(404);
        group.MapGet("/attachments/{fileId:guid}", Download).WithSummary("Download a comment's file (always as an attachment).").ProducesProblem(404);
    }

    public static async Task<IReadOnlyList<CommentView>> LoadAsync(DelegationsDbContext db, Guid proposalId, CancellationToken ct)
    {
        var comments = await db.Set<ProposalComment>().AsNoTracking().Include(c => c.Attachments).Where(c => c.ProposalId == proposalId)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct);
        return comments.Select(c => new CommentView(c.Id, c.AuthorName, c.Text, c.CreatedAt,
            c.MentionsJson is null ? [] : JsonSerializer.Deserialize<List<MentionView>>(c.MentionsJson, ApiJson.Options) ?? [],
            c.Attachments.Select(a => new CommentAttachmentView(a.Id, a.FileName, a.ContentType, a.Size, $"/api/proposals/{c.ProposalId}/comments/attachments/{a.Id}")).ToList()))
            .ToList();
    }

    private static async Task<Ok<IReadOnlyList<CommentView>>> List(Guid id, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await ProposalsApi.FindVisibleAsync(db, user, id, ct);
        return TypedResults.Ok(await LoadAsync(db, id, ct));
    }

    private static async Task<Created<CommentView>> Post(Guid id, HttpRequest request, DelegationsDbContext db, CurrentUser current, CommentCommands commands, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        string? text;
        IReadOnlyList<IFormFile> files = [];
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            text = form["text"].ToString();
            files = form.Files.GetFiles("file");
        }
        else
        {
            text = (await request.ReadFromJsonAsync<CommentInput>(ApiJson.Options, ct))?.Text;
        }
        var comment = await commands.AddAsync(user, id, text, files, ct);
        var view = (await LoadAsync(db, id, ct)).First(c => c.Id == comment);
        return TypedResults.Created($"/api/proposals/{id}/comments", view);
    }

    private static async Task<FileContentHttpResult> Download(Guid id, Guid fileId, HttpContext http, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var visible = await db.Proposals.AsNoTracking().VisibleTo(db, user).AnyAsync(p => p.Id == id, ct);
        var attachment = visible ? await db.Set<CommentAttachment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == fileId && a.ProposalId == id, ct) : null;
        if (attachment is null) throw AppProblemException.NotFound("The file");
        var content = await db.Set<StoredFile>().AsNoTracking().Where(f => f.Id == attachment.FileId).Select(f => f.Content).FirstAsync(ct);
        ReportAttachments.NoSniff(http.Response);
        return TypedResults.File(content, attachment.ContentType, attachment.FileName);
    }

    /// <summary>The e-mail addresses mentioned in a text (<c>@lan@demo.local</c>), in order, once each.</summary>
    public static IReadOnlyList<string> MentionsIn(string text) =>
        Mention().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

/// <summary>Adding a comment: its files, its mentions' mail (outbox) and its journal entry, in one transaction.</summary>
public sealed class CommentCommands(DelegationsDbContext db, WorkflowHost host, Outbox outbox, ReportsOptions options, TimeProvider clock)
{
    public async Task<Guid> AddAsync(UserContext user, Guid proposalId, string? text, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var proposal = await ProposalsApi.FindVisibleAsync(db, user, proposalId, ct);
        var errors = new FieldErrors();
        var body = text?.Trim() ?? "";
        if (body.Length == 0) errors.Add("text", "Required.");
        else if (body.Length > 4000) errors.Add("text", "At most 4000 characters.");
        if (files.Count > CommentsApi.MaxFiles) errors.Add("file", $"At most {CommentsApi.MaxFiles} files per comment.");
        var checkedFiles = new List<ReportAttachments.CheckedFile>();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime).DateTime);
        foreach (var file in files.Take(CommentsApi.MaxFiles))
            if (await ReportAttachments.ReadCheckedAsync(file, options.MaxAttachmentBytes, "file", "document", errors, today, ct) is { } ok) checkedFiles.Add(ok);

        // Mentions: each must be an active account that may read this proposal.
        var mentioned = new List<(Recipient To, string Email)>();
        foreach (var email in CommentsApi.MentionsIn(body))
        {
            var account = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email && !u.IsDisabled, ct);
            var context = account is null ? null : await CurrentUser.LoadAsync(db, account.Id, clock, ct);
            var mayRead = context is not null && await db.Proposals.AsNoTracking().VisibleTo(db, context).AnyAsync(p => p.Id == proposalId, ct);
            if (!mayRead) errors.Add("text", $"{email} cannot be mentioned: there is no such account, or they may not read this proposal.");
            else mentioned.Add((new Recipient(account!.Id, account.Email!, account.FullName, account.Language), account.Email!));
        }
        errors.ThrowIfAny();

        return await db.SaveWithRetryAsync(async () =>
        {
            var now = clock.GetUtcNow();
            var comment = new ProposalComment
            {
                ProposalId = proposalId, AuthorId = user.Id, AuthorName = user.FullName, Text = body, CreatedAt = now,
                MentionsJson = mentioned.Count == 0 ? null : JsonSerializer.Serialize(mentioned.Select(m => new CommentsApi.MentionView(m.Email, m.To.Name)), ApiJson.Options),
            };
            foreach (var f in checkedFiles)
            {
                var stored = new StoredFile { Content = f.Bytes, CreatedAt = now };
                db.Set<StoredFile>().Add(stored);
                comment.Attachments.Add(new CommentAttachment
                {
                    CommentId = comment.Id, ProposalId = proposalId, FileName = f.FileName, ContentType = f.Type.ContentType, Size = f.Bytes.Length,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(f.Bytes)), FileId = stored.Id,
                });
            }
            db.Set<ProposalComment>().Add(comment);
            host.Journal(proposal, "commented", new Actor(user.Id, user.FullName), comment: body.Length > 300 ? body[..300] + "…" : body);
            foreach (var (to, _) in mentioned.Where(m => m.To.UserId != user.Id))
            {
                var model = new Dictionary<string, object?>
                {
                    ["proposal"] = new Dictionary<string, object?> { ["title"] = proposal.Title, ["referenceNumber"] = proposal.ReferenceNumber, ["link"] = outbox.Link($"/proposals/{proposal.Id}#comments") },
                    ["author"] = user.FullName,
                    ["comment"] = body,
                };
                await outbox.EnqueueAsync("mentioned", to, model, $"mentioned:{comment.Id}:{to.UserId}", proposal.Id, null, ct);
            }
            return comment.Id;
        }, ct);
    }
}
