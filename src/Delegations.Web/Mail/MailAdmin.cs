using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Mail;

/// <summary>
/// What admins do with mail, for the API (<c>/api/admin/mail</c>) and the pages (<c>/admin/mail/…</c>): edit the
/// templates (validated as Liquid, previewed against a real proposal, reset to the shipped default) and look after
/// the outbox (mail that is failing or stuck, with its error; resend). Every change goes to the audit log.
/// </summary>
public sealed class MailAdmin(
    DelegationsDbContext db, MailTemplateStore store, MailRenderer renderer, Outbox outbox, MailDelivery delivery, AccountAudit audit, TimeProvider clock)
{
    public sealed record TemplateSummary(string Name, string Language, bool Edited, string Subject, DateTimeOffset? UpdatedAt, string? UpdatedBy);
    public sealed record TemplateView(string Name, string Language, bool Edited, string Subject, string Text, string Html,
        DateTimeOffset? UpdatedAt, string? UpdatedBy, MailTemplateText Default);
    public sealed record TemplateInput(string? Subject, string? Text, string? Html);
    public sealed record PreviewRequest(Guid? ProposalId, string? Subject, string? Text, string? Html);
    public sealed record Preview(Guid ProposalId, string ReferenceNumber, string Subject, string Text, string Html);
    public sealed record OutboxItem(Guid Id, string Status, bool Problem, string Template, string Language, string ToEmail, string ToName, string Subject,
        int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError, Guid? ProposalId, bool CanResend);
    public sealed record OutboxPage(IReadOnlyList<OutboxItem> Items, int Total, int Page, int PageSize, OutboxCounts Counts);
    public sealed record OutboxCounts(int Failed, int Retrying, int Waiting, int Pending, int Sent);
    public sealed record OutboxDetail(OutboxItem Message, string TextBody, string HtmlBody, string? AttachmentName);
    public sealed record ResendResult(OutboxItem Message, bool Delivered);

    /// <summary>Pending mail not tried for this long counts as stuck: no node is delivering.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(15);

    public static readonly IReadOnlyList<string> OutboxFilters = ["problems", "failed", "pending", "sent", "all"];

    // ------------------------------------------------------------------ templates

    public async Task<IReadOnlyList<TemplateSummary>> TemplatesAsync(CancellationToken ct)
    {
        var edited = await db.Set<MailTemplateRecord>().AsNoTracking().ToListAsync(ct);
        return MailTemplateStore.Names.SelectMany(name => MailTemplateStore.Languages.Select(language =>
        {
            var record = edited.FirstOrDefault(e => e.Name == name && e.Language == language);
            return new TemplateSummary(name, language, record is not null, record?.Subject ?? MailTemplateStore.Default(name, language).Subject,
                record?.UpdatedAt, record?.UpdatedBy);
        })).ToList();
    }

    public async Task<TemplateView> TemplateAsync(string name, string language, CancellationToken ct)
    {
        Known(name, language);
        var record = await db.Set<MailTemplateRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Name == name && t.Language == language, ct);
        var fallback = MailTemplateStore.Default(name, language);
        return record is null
            ? new TemplateView(name, language, false, fallback.Subject, fallback.Text, fallback.Html, null, null, fallback)
            : new TemplateView(name, language, true, record.Subject, record.TextBody, record.HtmlBody, record.UpdatedAt, record.UpdatedBy, fallback);
    }

    public async Task<TemplateView> SaveAsync(UserContext admin, string name, string language, TemplateInput input, CancellationToken ct)
    {
        Known(name, language);
        var text = Checked(input);
        var record = await db.Set<MailTemplateRecord>().FirstOrDefaultAsync(t => t.Name == name && t.Language == language, ct);
        if (record is null)
        {
            record = new MailTemplateRecord { Name = name, Language = language, Subject = "", TextBody = "", HtmlBody = "" };
            db.Set<MailTemplateRecord>().Add(record);
        }
        record.Subject = text.Subject;
        record.TextBody = text.Text;
        record.HtmlBody = text.Html;
        record.UpdatedAt = clock.GetUtcNow();
        record.UpdatedBy = admin.FullName;
        audit.Add(AuditKinds.AdminAction, admin.Id, admin.FullName, $"mail template {name}.{language}", "saved");
        await db.SaveChangesAsync(ct);
        store.Forget();
        return await TemplateAsync(name, language, ct);
    }

    /// <summary>Back to the shipped default: the admin's copy is removed.</summary>
    public async Task<TemplateView> ResetAsync(UserContext admin, string name, string language, CancellationToken ct)
    {
        Known(name, language);
        var record = await db.Set<MailTemplateRecord>().FirstOrDefaultAsync(t => t.Name == name && t.Language == language, ct);
        if (record is not null)
        {
            db.Set<MailTemplateRecord>().Remove(record);
            audit.Add(AuditKinds.AdminAction, admin.Id, admin.FullName, $"mail template {name}.{language}", "reset to the default");
            await db.SaveChangesAsync(ct);
            store.Forget();
        }
        return await TemplateAsync(name, language, ct);
    }

    /// <summary>
    /// Renders a template — the text sent, or else the stored one — for the admin as recipient, against a real
    /// proposal (the latest one when none is named) and its current task, with sample values for the rest.
    /// </summary>
    public async Task<Preview> PreviewAsync(UserContext admin, string name, string language, PreviewRequest request, CancellationToken ct)
    {
        Known(name, language);
        var stored = await TemplateAsync(name, language, ct);
        var text = Checked(new TemplateInput(request.Subject ?? stored.Subject, request.Text ?? stored.Text, request.Html ?? stored.Html));
        var proposal = request.ProposalId is { } id
            ? await db.Proposals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw AppProblemException.Invalid("proposalId", "There is no such proposal.")
            : await db.Proposals.AsNoTracking().OrderByDescending(p => p.UpdatedAt).FirstOrDefaultAsync(ct)
              ?? throw AppProblemException.Invalid("proposalId", "There is no proposal yet to preview with.");
        var model = await SampleAsync(proposal, language, ct);
        model["recipient"] = new Dictionary<string, object?> { ["name"] = admin.FullName, ["email"] = admin.Email };
        var mail = renderer.Render(text, model);
        return new Preview(proposal.Id, proposal.ReferenceNumber, mail.Subject, mail.Text, mail.Html);
    }

    /// <summary>The proposals an admin may preview with: the latest ones.</summary>
    public async Task<IReadOnlyList<(Guid Id, string ReferenceNumber, string Title)>> RecentProposalsAsync(CancellationToken ct) =>
        (await db.Proposals.AsNoTracking().OrderByDescending(p => p.UpdatedAt).Take(100).Select(p => new { p.Id, p.ReferenceNumber, p.Title }).ToListAsync(ct))
        .Select(p => (p.Id, p.ReferenceNumber, p.Title)).ToList();

    /// <summary>Every name any template reads, from the proposal, its current (or latest) task, journal and report.</summary>
    private async Task<Dictionary<string, object?>> SampleAsync(Proposal p, string language, CancellationToken ct)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.ProposalId == p.Id).OrderByDescending(t => t.Status == TaskStatuses.Open).ThenByDescending(t => t.CreatedAt).ToListAsync(ct);
        var task = tasks.FirstOrDefault();
        var last = await db.Journal.AsNoTracking().Where(j => j.ProposalId == p.Id && j.Comment != null).OrderByDescending(j => j.Id).FirstOrDefaultAsync(ct);
        var followUp = await db.FollowUps.AsNoTracking().Where(f => f.ProposalId == p.Id).OrderBy(f => f.Position).FirstOrDefaultAsync(ct);
        var taskModel = task is null
            ? MailModels.Task(Guid.Empty, "Trưởng đơn vị duyệt", "Head of department review", clock.GetUtcNow(), language, outbox)
            : MailModels.Task(task, language, outbox);
        var model = MailModels.For(MailModels.Proposal(p, language, outbox), taskModel);
        model["step"] = taskModel["title"];
        model["actor"] = last?.ActorName ?? "Trần Văn Bình";
        model["comment"] = last?.Comment ?? "Đề nghị bổ sung chương trình làm việc chi tiết.";
        var overdue = task?.Due is { } due && due <= clock.GetUtcNow();
        model["reminder"] = MailModels.Reminder(overdue ? 2 : 1, overdue, overdue ? 1 : 0, overdue ? 0 : 1);
        model["escalation"] = MailModels.Escalation("Leadership", ["Trần Văn Bình"]);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime).DateTime);
        model["followUp"] = followUp is null
            ? MailModels.FollowUp(p.Id, "Cử đầu mối xây dựng kế hoạch hành động", "Vụ Hợp tác quốc tế", today.AddDays(7), false, 0, language, outbox)
            : MailModels.FollowUp(p.Id, followUp.Action, followUp.Owner, followUp.Due, followUp.Due < today, Math.Max(0, today.DayNumber - followUp.Due.DayNumber), language, outbox);
        var line = new Dictionary<string, object?>
        {
            ["title"] = taskModel["title"], ["referenceNumber"] = p.ReferenceNumber, ["proposalTitle"] = p.Title, ["due"] = taskModel["due"],
            ["overdue"] = task?.Due < clock.GetUtcNow(), ["escalated"] = task?.EscalatedAt is not null, ["onBehalfOf"] = null, ["link"] = taskModel["link"],
        };
        model["digest"] = MailModels.Digest(today, [line], task?.Due < clock.GetUtcNow() ? 1 : 0, language, outbox);
        // The compiled report's mail, with this proposal as its one delegation.
        model["period"] = new Dictionary<string, object?> { ["label"] = language == "en" ? "April 2024" : "Tháng 4/2024", ["from"] = MailModels.Date(p.StartDate, language), ["to"] = MailModels.Date(p.EndDate, language) };
        model["figures"] = new List<Dictionary<string, object?>> { new() { ["label"] = language == "en" ? "Delegations" : "Số đoàn", ["value"] = "1" } };
        model["delegations"] = new List<Dictionary<string, object?>>
        {
            new() { ["referenceNumber"] = p.ReferenceNumber, ["kind"] = EnumText.ToText(p.Kind), ["title"] = p.Title, ["dates"] = MailModels.Date(p.StartDate, language),
                ["places"] = p.VenueCity ?? "", ["people"] = 1, ["report"] = "", ["summary"] = "" },
        };
        model["totals"] = new Dictionary<string, object?> { ["delegations"] = 1, ["outbound"] = p.Kind == ProposalKind.Outbound ? 1 : 0, ["inbound"] = p.Kind == ProposalKind.Inbound ? 1 : 0, ["reportsMissing"] = 0, ["followUpsOverdue"] = 0 };
        model["links"] = new Dictionary<string, object?> { ["html"] = outbox.Link("/api/reports/compiled/archive"), ["xlsx"] = outbox.Link("/api/reports/compiled/archive") };
        return model;
    }

    /// <summary>The Liquid problems of a template, by field (subject, text, html); empty when it is fine.</summary>
    public FieldErrors Validate(TemplateInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Subject)) errors.Add("subject", "Required: the mail's subject.");
        else if (input.Subject.Length > 300) errors.Add("subject", "At most 300 characters.");
        if (string.IsNullOrWhiteSpace(input.Text)) errors.Add("text", "Required: the plain-text part.");
        if (string.IsNullOrWhiteSpace(input.Html)) errors.Add("html", "Required: the HTML part.");
        foreach (var (field, source) in new[] { ("subject", input.Subject), ("text", input.Text), ("html", input.Html) })
        {
            if (string.IsNullOrWhiteSpace(source) || errors.ToDictionary().ContainsKey(field)) continue;
            if (MailRenderer.CheckPart(source) is { } problem) errors.Add(field, "Not valid Liquid: " + problem);
        }
        return errors;
    }

    private MailTemplateText Checked(TemplateInput input)
    {
        var errors = Validate(input);
        if (errors.Any) throw AppProblemException.Invalid(errors.ToDictionary());
        return new MailTemplateText(input.Subject!.Trim(), input.Text!.Replace("\r\n", "\n"), input.Html!.Replace("\r\n", "\n"));
    }

    private static void Known(string name, string language)
    {
        if (!MailTemplateStore.Names.Contains(name) || !MailTemplateStore.Languages.Contains(language))
            throw AppProblemException.NotFound($"The mail template '{name}' ({language})");
    }

    // ------------------------------------------------------------------ outbox

    /// <summary>
    /// The outbox, newest first. <c>problems</c> (the default): failed (gave up), retrying after an error, or waiting
    /// longer than <see cref="StuckAfter"/> (no node is delivering).
    /// </summary>
    public async Task<OutboxPage> OutboxAsync(string? filter, int? page, int? pageSize, CancellationToken ct)
    {
        var status = string.IsNullOrWhiteSpace(filter) ? "problems" : filter.Trim().ToLowerInvariant();
        if (!OutboxFilters.Contains(status)) throw AppProblemException.Invalid("status", "Must be problems, failed, pending, sent or all.");
        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var number = Math.Max(1, page ?? 1);
        var now = clock.GetUtcNow();
        var stuckBefore = now - StuckAfter;
        var q = db.Outbox.AsNoTracking();
        q = status switch
        {
            "problems" => q.Where(m => m.Status == OutboxStatuses.Failed || (m.Status == OutboxStatuses.Pending && (m.Attempts > 0 || m.NextAttemptAt < stuckBefore))),
            "failed" => q.Where(m => m.Status == OutboxStatuses.Failed),
            "pending" => q.Where(m => m.Status == OutboxStatuses.Pending),
            "sent" => q.Where(m => m.Status == OutboxStatuses.Sent),
            _ => q,
        };
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(m => m.CreatedAt).Skip((number - 1) * size).Take(size).Select(ItemColumns).ToListAsync(ct);
        var counts = new OutboxCounts(
            await db.Outbox.CountAsync(m => m.Status == OutboxStatuses.Failed, ct),
            await db.Outbox.CountAsync(m => m.Status == OutboxStatuses.Pending && m.Attempts > 0, ct),
            await db.Outbox.CountAsync(m => m.Status == OutboxStatuses.Pending && m.Attempts == 0 && m.NextAttemptAt < stuckBefore, ct),
            await db.Outbox.CountAsync(m => m.Status == OutboxStatuses.Pending, ct),
            await db.Outbox.CountAsync(m => m.Status == OutboxStatuses.Sent, ct));
        return new OutboxPage(rows.Select(r => ToItem(r, stuckBefore)).ToList(), total, number, size, counts);
    }

    public async Task<OutboxDetail> MessageAsync(Guid id, CancellationToken ct)
    {
        var m = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw AppProblemException.NotFound("The message");
        return new OutboxDetail(ToItem(Columns(m), clock.GetUtcNow() - StuckAfter), m.TextBody, m.HtmlBody, m.AttachmentName);
    }

    /// <summary>
    /// Sends a failed or stuck message again, now: its attempts start over (the error stays until it is delivered).
    /// A message already sent is refused (409): resending it would deliver it twice.
    /// </summary>
    public async Task<ResendResult> ResendAsync(UserContext admin, Guid id, CancellationToken ct)
    {
        var m = await db.Outbox.AsNoTracking().Where(x => x.Id == id).Select(ItemColumns).FirstOrDefaultAsync(ct) ?? throw AppProblemException.NotFound("The message");
        if (m.Status == OutboxStatuses.Sent)
            throw AppProblemException.Conflict($"This message was delivered at {Outbox.FormatMoment(m.SentAt, admin.Language)}; resending it would send it twice.");
        var now = clock.GetUtcNow();
        // Not while another node holds its lease (it is being sent right now).
        var reset = await db.Outbox.Where(x => x.Id == id && x.Status != OutboxStatuses.Sent && (x.LockedUntil == null || x.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, OutboxStatuses.Pending).SetProperty(x => x.Attempts, 0).SetProperty(x => x.NextAttemptAt, now), ct);
        if (reset == 0) throw AppProblemException.Conflict("This message is being delivered right now.");
        var delivered = await delivery.DeliverAsync(id, ct);
        var after = await db.Outbox.AsNoTracking().Where(x => x.Id == id).Select(ItemColumns).FirstAsync(ct);
        audit.Add(AuditKinds.AdminAction, admin.Id, admin.FullName, $"mail {id}",
            delivered ? $"resent to {after.ToEmail}: delivered" : $"resent to {after.ToEmail}: {after.LastError}");
        await db.SaveChangesAsync(ct);
        return new ResendResult(ToItem(after, now - StuckAfter), delivered);
    }

    /// <summary>The columns a list shows (never the bodies or the attachment).</summary>
    private sealed record Row(Guid Id, string Status, string Template, string Language, string ToEmail, string ToName, string Subject, int Attempts,
        DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError, Guid? ProposalId);

    private static readonly System.Linq.Expressions.Expression<Func<OutboxMessage, Row>> ItemColumns = m =>
        new Row(m.Id, m.Status, m.Template, m.Language, m.ToEmail, m.ToName, m.Subject, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError, m.ProposalId);

    private static Row Columns(OutboxMessage m) => ItemColumns.Compile()(m);

    private static OutboxItem ToItem(Row r, DateTimeOffset stuckBefore)
    {
        var problem = r.Status == OutboxStatuses.Failed || (r.Status == OutboxStatuses.Pending && (r.Attempts > 0 || r.NextAttemptAt < stuckBefore));
        return new OutboxItem(r.Id, r.Status, problem, r.Template, r.Language, r.ToEmail, r.ToName, r.Subject, r.Attempts, r.CreatedAt, r.NextAttemptAt,
            r.SentAt, r.LastError, r.ProposalId, r.Status != OutboxStatuses.Sent);
    }
}

/// <summary><c>/api/admin/mail</c>: mail templates and the outbox, for admins only (403 for anyone else).</summary>
public static class MailAdminApi
{
    public static RouteGroupBuilder MapMailAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/mail").WithTags("Admin: mail").RequireAuthorization().AddEndpointFilter(AdminFilter.AdminOnly);
        group.MapGet("/templates", Templates).WithSummary("Every mail template in each language: whether an admin edited it (else the shipped default is used).");
        group.MapGet("/templates/{name}/{language}", Template).WithSummary("One template: subject, text and HTML parts (DotLiquid), and its default.").ProducesProblem(404);
        group.MapPut("/templates/{name}/{language}", Save).WithSummary("Save an edited template; 400 naming subject, text or html when it is not valid Liquid.")
            .ProducesValidationProblem().ProducesProblem(404);
        group.MapDelete("/templates/{name}/{language}", Reset).WithSummary("Back to the shipped default.").ProducesProblem(404);
        group.MapPost("/templates/{name}/{language}/preview", PreviewTemplate)
            .WithSummary("Render the template (or the text sent: subject, text, html) against a real proposal (proposalId; default the latest), with you as recipient.")
            .ProducesValidationProblem().ProducesProblem(404);
        group.MapGet("/outbox", Outbox).WithSummary("The outbox, newest first: status = problems (default: failed, retrying, stuck) | failed | pending | sent | all; page, pageSize.")
            .ProducesValidationProblem();
        group.MapGet("/outbox/{id:guid}", Message).WithSummary("One message with its parts and last error.").ProducesProblem(404);
        group.MapPost("/outbox/{id:guid}/resend", Resend).WithSummary("Send a failed or stuck message again now (409 when it was delivered).")
            .ProducesProblem(404).ProducesProblem(409);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<MailAdmin.TemplateSummary>>> Templates(MailAdmin mail, CancellationToken ct) => TypedResults.Ok(await mail.TemplatesAsync(ct));

    private static async Task<Ok<MailAdmin.TemplateView>> Template(string name, string language, MailAdmin mail, CancellationToken ct) =>
        TypedResults.Ok(await mail.TemplateAsync(name, language, ct));

    private static async Task<Ok<MailAdmin.TemplateView>> Save(string name, string language, MailAdmin.TemplateInput input, MailAdmin mail, CurrentUser current, CancellationToken ct) =>
        TypedResults.Ok(await mail.SaveAsync(await current.GetAsync(ct), name, language, input, ct));

    private static async Task<Ok<MailAdmin.TemplateView>> Reset(string name, string language, MailAdmin mail, CurrentUser current, CancellationToken ct) =>
        TypedResults.Ok(await mail.ResetAsync(await current.GetAsync(ct), name, language, ct));

    private static async Task<Ok<MailAdmin.Preview>> PreviewTemplate(string name, string language, MailAdmin.PreviewRequest? request, MailAdmin mail, CurrentUser current, CancellationToken ct) =>
        TypedResults.Ok(await mail.PreviewAsync(await current.GetAsync(ct), name, language, request ?? new MailAdmin.PreviewRequest(null, null, null, null), ct));

    private static async Task<Ok<MailAdmin.OutboxPage>> Outbox(string? status, int? page, int? pageSize, MailAdmin mail, CancellationToken ct) =>
        TypedResults.Ok(await mail.OutboxAsync(status, page, pageSize, ct));

    private static async Task<Ok<MailAdmin.OutboxDetail>> Message(Guid id, MailAdmin mail, CancellationToken ct) => TypedResults.Ok(await mail.MessageAsync(id, ct));

    private static async Task<Ok<MailAdmin.ResendResult>> Resend(Guid id, MailAdmin mail, CurrentUser current, CancellationToken ct) =>
        TypedResults.Ok(await mail.ResendAsync(await current.GetAsync(ct), id, ct));
}
