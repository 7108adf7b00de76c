using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Documents;

/// <summary>
/// <c>/api/proposals/{id}/documents</c>: the documents generated for a proposal (sending decision, visa lists,
/// letters), for everyone who may read it; those with passport data only for the submitter, visa officers and admins.
/// </summary>
public static class DocumentsApi
{
    public sealed record DocumentView(Guid Id, string Kind, string Title, string? Number, string FileName, string ContentType, long Size,
        bool Restricted, DateTimeOffset CreatedAt, string Url);

    public sealed record GenerateRequest(string? Kind);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/proposals/{id:guid}/documents").WithTags("Documents").RequireAuthorization();
        group.MapGet("/", List).WithSummary("The proposal's generated documents (those with passport data only for the submitter, visa officers and admins).")
            .ProducesProblem(404);
        group.MapGet("/{documentId:guid}", Download).WithSummary("Download one (DOCX, always as an attachment).").ProducesProblem(404);
        group.MapPost("/", Generate).WithSummary("Make a document again from the current template (admins and the international office, once approved); the number is kept.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
    }

    public static DocumentView ToView(ProposalDocument d) =>
        new(d.Id, d.Kind, d.Title, d.Number, d.FileName, d.ContentType, d.Size, d.Restricted, d.CreatedAt, $"/api/proposals/{d.ProposalId}/documents/{d.Id}");

    /// <summary>The latest version of each document the user may see.</summary>
    public static async Task<IReadOnlyList<DocumentView>> VisibleAsync(DelegationsDbContext db, UserContext user, Proposal proposal, CancellationToken ct)
    {
        var passports = Access.CanSeePassports(user, proposal);
        var all = await db.Set<ProposalDocument>().AsNoTracking().Where(d => d.ProposalId == proposal.Id && (passports || !d.Restricted)).ToListAsync(ct);
        return all.GroupBy(d => d.Kind).Select(g => g.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).First())
            .OrderBy(d => DocumentKinds.All.ToList().IndexOf(d.Kind)).Select(ToView).ToList();
    }

    private static async Task<Ok<IReadOnlyList<DocumentView>>> List(Guid id, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var proposal = await ProposalsApi.FindVisibleAsync(db, user, id, ct);
        return TypedResults.Ok(await VisibleAsync(db, user, proposal, ct));
    }

    private static async Task<FileContentHttpResult> Download(Guid id, Guid documentId, HttpContext http, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var proposal = await ProposalsApi.FindVisibleAsync(db, user, id, ct);
        var document = await db.Set<ProposalDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ProposalId == id, ct);
        // A restricted document is as unknown as a missing one to those who may not see passports.
        if (document is null || (document.Restricted && !Access.CanSeePassports(user, proposal))) throw AppProblemException.NotFound("The document");
        var content = await db.Set<StoredFile>().AsNoTracking().Where(f => f.Id == document.FileId).Select(f => f.Content).FirstAsync(ct);
        ReportAttachments.NoSniff(http.Response);
        return TypedResults.File(content, document.ContentType, document.FileName);
    }

    private static async Task<Created<DocumentView>> Generate(Guid id, GenerateRequest request, DelegationsDbContext db, CurrentUser current,
        ProposalDocuments documents, WorkflowHost host, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var made = await db.SaveWithRetryAsync(async () =>
        {
            var proposal = await ProposalsApi.FindVisibleAsync(db, user, id, ct);
            if (!user.IsAdmin && !user.IsInRole(Roles.InternationalOffice)) throw AppProblemException.Forbidden("Only admins and the international office make documents again.");
            if (request.Kind is null || !ProposalDocuments.OnApproval(proposal.Kind).Contains(request.Kind))
                throw AppProblemException.Invalid("kind", "Must be one of: " + string.Join(", ", ProposalDocuments.OnApproval(proposal.Kind)) + ".");
            if (proposal.Status is not (ProposalStatus.Approved or ProposalStatus.ReportDue or ProposalStatus.Completed))
                throw AppProblemException.Conflict($"Documents are made for an approved proposal; this one is {EnumText.ToText(proposal.Status)}.");
            var document = await documents.GenerateAsync(proposal, request.Kind, user.FullName, ct);
            host.Journal(proposal, "document-generated", new Actor(user.Id, user.FullName), comment: document.Title, outcome: document.Kind);
            return document;
        }, ct);
        return TypedResults.Created(ToView(made).Url, ToView(made));
    }
}

/// <summary>
/// <c>/api/admin/document-templates</c>: the texts of the generated documents (admins). A template is the JSON of
/// workflows/documents/*.json: header lines, blocks of text with DotLiquid placeholders, tables, the signature.
/// </summary>
public static class DocumentTemplatesApi
{
    public sealed record TemplateView(string Id, string Kind, string? Organisation, string NameVi, string NameEn, JsonObject Template, DateTimeOffset UpdatedAt, string? UpdatedBy);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/document-templates").WithTags("Admin: document templates").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly);
        group.MapGet("/", List).WithSummary("Every document template.");
        group.MapGet("/{id}", Get).WithSummary("One template, as JSON.").ProducesProblem(404);
        group.MapPut("/{id}", Put).WithSummary("Add or replace a template (its id must match); documents made afterwards use it.").ProducesValidationProblem();
    }

    private static TemplateView ToView(DocumentTemplate t) =>
        new(t.Id, t.Kind, t.Organisation, t.NameVi, t.NameEn, JsonNode.Parse(t.Json)!.AsObject(), t.UpdatedAt, t.UpdatedBy);

    private static async Task<Ok<List<TemplateView>>> List(DelegationsDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.Set<DocumentTemplate>().AsNoTracking().OrderBy(t => t.Kind).ThenBy(t => t.Id).ToListAsync(ct)).Select(ToView).ToList());

    private static async Task<Ok<TemplateView>> Get(string id, DelegationsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(ToView(await db.Set<DocumentTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw AppProblemException.NotFound($"The template '{id}'")));

    private static async Task<Ok<TemplateView>> Put(string id, JsonObject body, DelegationsDbContext db, CurrentUser current, AccountAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var parsed = Parse(body.ToJsonString(), out var errors);
        if (parsed is not null && parsed.Id != id) errors.Add("id", $"Must be '{id}', the id in the address.");
        errors.ThrowIfAny();
        var record = await db.Set<DocumentTemplate>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (record is null)
        {
            record = parsed!;
            db.Set<DocumentTemplate>().Add(record);
        }
        else
        {
            record.Kind = parsed!.Kind;
            record.Organisation = parsed.Organisation;
            record.NameVi = parsed.NameVi;
            record.NameEn = parsed.NameEn;
            record.Json = parsed.Json;
        }
        record.UpdatedAt = clock.GetUtcNow();
        record.UpdatedBy = user.FullName;
        audit.Add(AuditKinds.AdminAction, user.Id, user.FullName, "document template " + id, "saved");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToView(record));
    }

    /// <summary>Reads and checks a template's JSON; null (with the errors by field) when it is not one.</summary>
    public static DocumentTemplate? Parse(string json, out FieldErrors errors)
    {
        errors = new FieldErrors();
        JsonObject? spec;
        try
        {
            spec = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            spec = null;
        }
        if (spec is null)
        {
            errors.Add("$", "A template is a JSON object.");
            return null;
        }
        string? Str(string name) => spec[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var id = Str("id");
        var kind = Str("kind");
        if (id is null || !System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z][a-z0-9-]{1,63}$")) errors.Add("id", "Required: lower-case letters, digits and dashes.");
        if (kind is null || !DocumentKinds.All.Contains(kind)) errors.Add("kind", "Must be one of: " + string.Join(", ", DocumentKinds.All) + ".");
        var nameVi = spec["name"]?["vi"] is JsonValue nv && nv.TryGetValue<string>(out var a) ? a : null;
        var nameEn = spec["name"]?["en"] is JsonValue ne && ne.TryGetValue<string>(out var b) ? b : null;
        if (string.IsNullOrWhiteSpace(nameVi)) errors.Add("name.vi", "Required.");
        if (string.IsNullOrWhiteSpace(nameEn)) errors.Add("name.en", "Required.");
        if (spec["blocks"] is not JsonArray { Count: > 0 } blocks) errors.Add("blocks", "Required: the document's blocks of text, tables and signature.");
        else
            for (var i = 0; i < blocks.Count; i++)
            {
                if (blocks[i] is not JsonObject block || (block["text"] is null && block["table"] is null && block["signature"] is null))
                    errors.Add($"blocks[{i}]", "A block has a text, a table or a signature.");
                else if (block["table"] is JsonValue t && (!t.TryGetValue<string>(out var table) || table is not ("members" or "visa-list" or "guests" or "guest-names")))
                    errors.Add($"blocks[{i}].table", "Must be members, visa-list, guests or guest-names.");
            }
        if (ProposalDocuments.Check(spec) is { } liquid) errors.Add("$", "A placeholder does not parse: " + liquid);
        if (errors.Any) return null;
        return new DocumentTemplate
        {
            Id = id!, Kind = kind!, Organisation = Str("organisation"), NameVi = nameVi!.Trim(), NameEn = nameEn!.Trim(), Json = spec.ToJsonString(ApiJson.Options),
        };
    }
}
