using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Reports;

/// <summary>
/// <c>/api/proposals/{id}/report/attachments</c>: photos and the signed MoU. The type is read from the bytes (the
/// client's name and content type are not trusted), sizes are capped, files live in the database (outside the web
/// root, shared by every node) and are served as downloads only to those who may read the proposal.
/// </summary>
public static class ReportAttachments
{
    public sealed record FileType(string ContentType, string Extension, bool IsImage);

    public static readonly FileType Jpeg = new("image/jpeg", ".jpg", true);
    public static readonly FileType Png = new("image/png", ".png", true);
    public static readonly FileType Webp = new("image/webp", ".webp", true);
    public static readonly FileType Heic = new("image/heic", ".heic", true);
    public static readonly FileType Pdf = new("application/pdf", ".pdf", false);

    public const string AcceptedTypes = "JPEG, PNG, WebP or HEIC photos and PDF documents";

    public static RouteGroupBuilder MapReportAttachments(this IEndpointRouteBuilder app, ReportsOptions options)
    {
        var group = app.MapGroup("/api/proposals/{id:guid}/report/attachments").WithTags("Reports").RequireAuthorization();
        group.MapPost("/", Upload)
            .WithSummary($"Attach a file (multipart/form-data: file, kind = photo | agreement | document, caption). Accepts {AcceptedTypes}, at most Reports:MaxAttachmentBytes each.")
            // Let a somewhat larger upload through to the size check, so it gets a 400 that names the limit.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(options.MaxAttachmentBytes * 2 + 1024 * 1024))
            .DisableAntiforgery() // bearer API; the cookie is SameSite=Lax, so no cross-site form can post here with it
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithSummary("The files attached to the report.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{attachmentId:guid}", Download).WithSummary("Download one file (always as an attachment).").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{attachmentId:guid}", Delete).WithSummary("Remove a file.").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>The type the bytes say, or null when they are none of the accepted ones.</summary>
    public static FileType? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return Jpeg;
        if (b.Length >= 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return Png;
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return Webp;
        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(b[8..12]);
            if (brand is "heic" or "heix" or "heim" or "heis" or "mif1" or "msf1") return Heic;
        }
        if (b.Length >= 5 && b[..5].SequenceEqual("%PDF-"u8)) return Pdf;
        return null;
    }

    /// <summary>A name safe for a Content-Disposition header and any file system, ending in the sniffed type's extension.</summary>
    public static string SafeFileName(string? clientName, FileType type, string kind, DateOnly today)
    {
        var name = clientName ?? "";
        name = name[(Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\')) + 1)..]; // browsers on Windows may send a path
        var extension = Path.GetExtension(name);
        if (extension.Length > 0) name = name[..^extension.Length];
        var invalid = Path.GetInvalidFileNameChars();
        var cleaned = new StringBuilder();
        foreach (var ch in name.Normalize(NormalizationForm.FormC))
            cleaned.Append(char.IsControl(ch) || invalid.Contains(ch) || ch is '"' or '\\' or ':' or '*' or '?' or '<' or '>' or '|' ? '_' : ch);
        var stem = cleaned.ToString().Trim(' ', '.', '_');
        if (stem.Length > 150) stem = stem[..150];
        if (stem.Length == 0) stem = $"{kind}-{today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        return stem + type.Extension;
    }

    /// <summary>An uploaded file whose type was read from its bytes, with a safe name.</summary>
    public sealed record CheckedFile(byte[] Bytes, FileType Type, string FileName);

    /// <summary>
    /// Reads an upload and checks it the way every attachment is checked (reports, comments): at most
    /// <paramref name="limit"/> bytes, a type the bytes say is accepted, a clean name. Errors go to <paramref name="errors"/> under <paramref name="field"/>.
    /// </summary>
    public static async Task<CheckedFile?> ReadCheckedAsync(IFormFile file, long limit, string field, string kind, FieldErrors errors, DateOnly today, CancellationToken ct)
    {
        if (file.Length == 0)
        {
            errors.Add(field, "The file is empty.");
            return null;
        }
        if (file.Length > limit)
        {
            errors.Add(field, "At most " + (limit < 1024 * 1024
                ? string.Create(CultureInfo.InvariantCulture, $"{limit / 1024} KB")
                : string.Create(CultureInfo.InvariantCulture, $"{limit / (1024.0 * 1024):0.#} MB")) + " per file.");
            return null;
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        var type = Sniff(bytes);
        if (type is null)
        {
            errors.Add(field, $"Not an accepted file: {AcceptedTypes} (the content is checked, not the name).");
            return null;
        }
        return new CheckedFile(bytes, type, SafeFileName(file.FileName, type, kind, today));
    }

    public static ReportApi.AttachmentView ToView(ReportAttachment a) =>
        new(a.Id, a.Kind, a.FileName, a.ContentType, a.Size, a.Caption, a.UploadedAt, a.UploadedByName, $"/api/proposals/{a.ProposalId}/report/attachments/{a.Id}");

    private static async Task<Results<Created<ReportApi.AttachmentView>, ValidationProblem>> Upload(
        Guid id, HttpRequest request, DelegationsDbContext db, CurrentUser current, WorkflowHost host, ReportsOptions options, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var proposal = await ProposalsApi.FindVisibleAsync(db, user, id, ct);
        var reportTask = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.ProposalId == id && t.Status == TaskStatuses.Open && t.TaskKind == ReportCommands.TaskKind, ct);
        var mayFile = reportTask is not null && Access.ActingPrincipal(user, reportTask) is not null;
        if (!mayFile && !Access.CanManageReport(user, proposal))
            throw AppProblemException.Forbidden("Only the proposal's department, the international office or an admin may attach files to its report.");
        if (proposal.Status is not (ProposalStatus.Approved or ProposalStatus.ReportDue or ProposalStatus.Completed))
            throw AppProblemException.Conflict($"Files are attached to the report of an approved delegation; this proposal is {EnumText.ToText(proposal.Status)}.");

        var limit = options.MaxAttachmentBytes;
        var tooBig = "At most " + (limit < 1024 * 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{limit / 1024} KB")
            : string.Create(CultureInfo.InvariantCulture, $"{limit / (1024.0 * 1024):0.#} MB")) + " per file.";
        var errors = new FieldErrors();
        // Refused before reading the body when the client says how big it is.
        if (request.ContentLength is { } declared && declared > limit + 64 * 1024) errors.Add("file", tooBig);
        if (!request.HasFormContentType) errors.Add("file", "Send multipart/form-data with the file in a part named 'file'.");
        if (errors.Any) return ProblemSetup.Validation(errors);

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            errors.Add("file", "The multipart body could not be read.");
            return ProblemSetup.Validation(errors);
        }
        var file = form.Files.GetFile("file");
        var kind = form["kind"].ToString().Trim().ToLowerInvariant();
        if (kind.Length == 0) kind = AttachmentKinds.Photo;
        var caption = form["caption"].ToString().Trim();
        if (!AttachmentKinds.All.Contains(kind)) errors.Add("kind", "Must be photo, agreement or document.");
        if (caption.Length > 500) errors.Add("caption", "At most 500 characters.");
        if (file is null || file.Length == 0) errors.Add("file", "Required: the file, in a part named 'file'.");
        else if (file.Length > limit) errors.Add("file", tooBig);
        if (errors.Any) return ProblemSetup.Validation(errors);

        var checkedFile = await ReadCheckedAsync(file!, limit, "file", kind, errors, ReportApi.Today(clock), ct);
        if (checkedFile is { Type: var type } && kind == AttachmentKinds.Photo && !type.IsImage)
            errors.Add("file", "A photo must be a JPEG, PNG, WebP or HEIC image.");
        else if (checkedFile is { Type: var t2 } && kind == AttachmentKinds.Document && t2.IsImage)
            errors.Add("file", "A document must be a PDF; attach pictures as photos.");
        if (errors.Any) return ProblemSetup.Validation(errors);

        var attachment = await db.SaveWithRetryAsync(async () =>
        {
            var count = await db.Set<ReportAttachment>().CountAsync(a => a.ProposalId == id, ct);
            if (count >= options.MaxAttachmentsPerProposal)
                throw AppProblemException.Invalid("file", $"At most {options.MaxAttachmentsPerProposal} files per report; remove one first.");
            var now = clock.GetUtcNow();
            var (bytes, type, fileName) = checkedFile!;
            var stored = new StoredFile { Content = bytes, CreatedAt = now };
            var row = new ReportAttachment
            {
                ProposalId = id,
                Kind = kind,
                FileName = fileName,
                ContentType = type.ContentType,
                Size = bytes.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                Caption = caption.Length == 0 ? null : caption,
                FileId = stored.Id,
                UploadedAt = now,
                UploadedById = user.Id,
                UploadedByName = user.FullName,
            };
            db.Set<StoredFile>().Add(stored);
            db.Set<ReportAttachment>().Add(row);
            host.Journal(proposal, "attachment-added", new Actor(user.Id, user.FullName), comment: row.FileName, outcome: kind);
            return row;
        }, ct);
        return TypedResults.Created(ToView(attachment).Url, ToView(attachment));
    }

    private static async Task<Ok<IReadOnlyList<ReportApi.AttachmentView>>> List(Guid id, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await ProposalsApi.FindVisibleAsync(db, user, id, ct);
        return TypedResults.Ok(await ReportApi.AttachmentsAsync(db, id, ct));
    }

    private static async Task<FileContentHttpResult> Download(Guid id, Guid attachmentId, HttpContext http, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var visible = await db.Proposals.AsNoTracking().VisibleTo(db, user).AnyAsync(p => p.Id == id, ct);
        var attachment = visible ? await db.Set<ReportAttachment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.ProposalId == id, ct) : null;
        if (attachment is null) throw AppProblemException.NotFound("The file");
        var content = await db.Set<StoredFile>().AsNoTracking().Where(f => f.Id == attachment.FileId).Select(f => f.Content).FirstAsync(ct);
        NoSniff(http.Response);
        // A file name makes the result a download (Content-Disposition: attachment), never rendered in our origin.
        return TypedResults.File(content, attachment.ContentType, attachment.FileName);
    }

    /// <summary>Served files are never sniffed into something else, and never run anything if opened in place.</summary>
    public static void NoSniff(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        response.Headers.CacheControl = "private, no-store";
    }

    private static async Task<NoContent> Delete(Guid id, Guid attachmentId, DelegationsDbContext db, CurrentUser current, WorkflowHost host, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await db.SaveWithRetryAsync(async () =>
        {
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, id, ct);
            var attachment = await db.Set<ReportAttachment>().FirstOrDefaultAsync(a => a.Id == attachmentId && a.ProposalId == id, ct)
                             ?? throw AppProblemException.NotFound("The file");
            if (attachment.UploadedById != user.Id && !Access.CanManageReport(user, proposal))
                throw AppProblemException.Forbidden("Only who attached the file, the proposal's department, the international office or an admin may remove it.");
            db.Set<ReportAttachment>().Remove(attachment);
            db.Set<StoredFile>().Remove(new StoredFile { Id = attachment.FileId, Content = [] }); // deleted by key, in the same SaveChanges
            host.Journal(proposal, "attachment-removed", new Actor(user.Id, user.FullName), comment: attachment.FileName, outcome: attachment.Kind);
            return true;
        }, ct);
        return TypedResults.NoContent();
    }
}
