using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Reports;

/// <summary>
/// <c>/api/proposals/{id}/report</c>: file the post-trip (or post-visit) report, which completes its task; read it;
/// get a draft pre-filled from the proposal (agenda → meetings, budget lines → costs).
/// </summary>
public static class ReportApi
{
    public sealed record AgreementInput(string? Title, string? Counterpart, string? SignedOn);
    /// <summary><paramref name="OwnerEmail"/> optionally names the responsible account (it may then mark the action done and gets its reminders).</summary>
    public sealed record FollowUpInput(string? Action, string? Owner, string? Due, string? OwnerEmail = null);
    public sealed record MeetingInput(string? Date, string? Subject, string? Counterpart = null, string? Participants = null, string? Notes = null);
    public sealed record GiftInput(string? Direction, string? Description, string? Counterpart, string? Date = null, long? ValueVnd = null, string? Handling = null);

    /// <summary>
    /// The actual cost of budget line <see cref="Line"/> (its index in the proposal's budget), in that line's currency;
    /// or, with no line, a cost the plan did not foresee (then <see cref="Category"/> is required).
    /// </summary>
    public sealed record CostInput
    {
        public int? Line { get; init; }
        public string? Category { get; init; }
        public string? Description { get; init; }
        public decimal? Amount { get; init; }
        public string? Currency { get; init; }
        /// <summary>VND per unit when paid; required for a currency other than VND.</summary>
        public decimal? ExchangeRate { get; init; }
        public string? RateDate { get; init; }
        public string? Note { get; init; }
    }

    public sealed record ReportInput(string? Summary, string? Results, List<AgreementInput?>? Agreements, List<FollowUpInput?>? FollowUps)
    {
        public List<MeetingInput?>? Meetings { get; init; }
        public List<GiftInput?>? Gifts { get; init; }
        public List<CostInput?>? Costs { get; init; }
    }

    public sealed record AgreementView(string Title, string Counterpart, string SignedOn);
    public sealed record FollowUpView(Guid Id, string Action, string Owner, string Due, bool Done, DateTimeOffset? DoneAt, string? DoneNote)
    {
        public string? OwnerUserId { get; init; }
        public string? DoneBy { get; init; }
        public bool Overdue { get; init; }
    }
    public sealed record MeetingView(string Date, string Subject, string? Counterpart, string? Participants, string? Notes);
    public sealed record GiftView(GiftDirection Direction, string Description, string Counterpart, string? Date, long? ValueVnd, string? Handling);
    public sealed record CostView(int? Line, BudgetCategory Category, string? Description, string Currency, decimal PlannedAmount, long PlannedVnd,
        decimal Amount, decimal ExchangeRate, string? RateDate, long AmountVnd, long DifferenceVnd, string? Note);
    /// <summary>Planned is the proposal's whole budget; actual is null until costs are reported.</summary>
    public sealed record CostTotals(long PlannedVnd, long? ActualVnd, long? DifferenceVnd);
    public sealed record AttachmentView(Guid Id, string Kind, string FileName, string ContentType, long Size, string? Caption, DateTimeOffset UploadedAt, string UploadedBy, string Url);

    public sealed record ReportView(Guid Id, Guid ProposalId, string Summary, string? Results, DateTimeOffset FiledAt, string FiledBy, bool Late,
        IReadOnlyList<AgreementView> Agreements, IReadOnlyList<FollowUpView> FollowUps)
    {
        public IReadOnlyList<MeetingView> Meetings { get; init; } = [];
        public IReadOnlyList<GiftView> Gifts { get; init; } = [];
        public IReadOnlyList<CostView> Costs { get; init; } = [];
        public CostTotals? CostTotals { get; init; }
        public IReadOnlyList<AttachmentView> Attachments { get; init; } = [];
    }

    /// <summary>A budget line offered in the draft: the actual amount starts at the planned one, to be corrected.</summary>
    public sealed record CostDraft(int? Line, string Category, string? Description, decimal Amount, string Currency, decimal ExchangeRate, string? RateDate,
        string? Note, decimal PlannedAmount, long PlannedVnd);

    /// <summary>
    /// What the report form starts from: the filed report when there is one, else meetings from the agenda and one
    /// cost per budget line. Its shape is the POST body (extra fields are ignored), so it can be edited and sent back.
    /// </summary>
    public sealed record ReportDraft(
        Guid ProposalId, string ReferenceNumber, bool Filed, DateTimeOffset? Due, bool CanFile,
        string Summary, string? Results, IReadOnlyList<MeetingInput> Meetings, IReadOnlyList<AgreementInput> Agreements,
        IReadOnlyList<GiftInput> Gifts, IReadOnlyList<FollowUpInput> FollowUps, IReadOnlyList<CostDraft> Costs, IReadOnlyList<AttachmentView> Attachments);

    public const int MaxItems = 100;

    public static RouteGroupBuilder MapReportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/proposals/{id:guid}/report").WithTags("Reports").RequireAuthorization();
        group.MapPost("/", File)
            .WithSummary("File the post-trip / post-visit report: summary, results, meetings held, agreements signed, gifts, follow-up actions, actual costs.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", Get).WithSummary("The filed report.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/draft", Draft)
            .WithSummary("The report form's starting point: the filed report, or meetings pre-filled from the agenda and costs from the budget lines.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The checks that need nothing but the input. <see cref="ValidateAgainst"/> adds those that need the proposal.</summary>
    public static FieldErrors Validate(ReportInput input)
    {
        var errors = new FieldErrors();
        void Optional(string path, string? value, int max)
        {
            if (Clean(value) is { } v && v.Length > max) errors.Add(path, $"At most {max} characters.");
        }
        void Required(string path, string? value, int max, string message = "Required.")
        {
            if (Clean(value) is not { } v) errors.Add(path, message);
            else if (v.Length > max) errors.Add(path, $"At most {max} characters.");
        }
        void Count<T>(string path, List<T>? list)
        {
            if (list is { Count: > MaxItems }) errors.Add(path, $"At most {MaxItems} items.");
        }

        if (string.IsNullOrWhiteSpace(input.Summary)) errors.Add("summary", "Required.");
        else if (input.Summary.Length > 20_000) errors.Add("summary", "At most 20000 characters.");
        if (input.Results is { Length: > 20_000 }) errors.Add("results", "At most 20000 characters.");
        Count("agreements", input.Agreements);
        Count("followUps", input.FollowUps);
        Count("meetings", input.Meetings);
        Count("gifts", input.Gifts);
        Count("costs", input.Costs);

        for (var i = 0; i < (input.Agreements?.Count ?? 0); i++)
        {
            var a = input.Agreements![i];
            if (a is null) { errors.Add($"agreements[{i}]", "Required."); continue; }
            Required($"agreements[{i}].title", a.Title, 500);
            Required($"agreements[{i}].counterpart", a.Counterpart, 300);
            if (!ProposalInputMapper.TryDate(a.SignedOn, out _)) errors.Add($"agreements[{i}].signedOn", "Required, as yyyy-MM-dd.");
        }
        for (var i = 0; i < (input.FollowUps?.Count ?? 0); i++)
            ValidateFollowUp(input.FollowUps![i], $"followUps[{i}]", errors);
        for (var i = 0; i < (input.Meetings?.Count ?? 0); i++)
        {
            var m = input.Meetings![i];
            var path = $"meetings[{i}]";
            if (m is null) { errors.Add(path, "Required."); continue; }
            if (!ProposalInputMapper.TryDate(m.Date, out _)) errors.Add($"{path}.date", "Required, as yyyy-MM-dd.");
            Required($"{path}.subject", m.Subject, 1000, "Required: what the meeting was.");
            Optional($"{path}.counterpart", m.Counterpart, 300);
            Optional($"{path}.participants", m.Participants, 2000);
            Optional($"{path}.notes", m.Notes, 4000);
        }
        for (var i = 0; i < (input.Gifts?.Count ?? 0); i++)
        {
            var g = input.Gifts![i];
            var path = $"gifts[{i}]";
            if (g is null) { errors.Add(path, "Required."); continue; }
            if (!EnumText.TryParse<GiftDirection>(g.Direction, out _)) errors.Add($"{path}.direction", "Required: given or received.");
            Required($"{path}.description", g.Description, 500);
            Required($"{path}.counterpart", g.Counterpart, 300, "Required: to whom it was given, or from whom it was received.");
            if (Clean(g.Date) is not null && !ProposalInputMapper.TryDate(g.Date, out _)) errors.Add($"{path}.date", "Must be a date as yyyy-MM-dd.");
            if (g.ValueVnd is < 0 or > 1_000_000_000_000) errors.Add($"{path}.valueVnd", "Must be between 0 and 1,000,000,000,000.");
            Optional($"{path}.handling", g.Handling, 500);
        }
        for (var i = 0; i < (input.Costs?.Count ?? 0); i++)
        {
            var c = input.Costs![i];
            var path = $"costs[{i}]";
            if (c is null) { errors.Add(path, "Required."); continue; }
            if (c.Amount is null) errors.Add($"{path}.amount", "Required: what was actually spent (0 if nothing).");
            else if (c.Amount < 0) errors.Add($"{path}.amount", "Must be 0 or more.");
            else if (c.Amount > 1_000_000_000_000m) errors.Add($"{path}.amount", "Too large.");
            if (c.ExchangeRate is <= 0) errors.Add($"{path}.exchangeRate", "Must be more than 0.");
            if (Clean(c.RateDate) is not null && !ProposalInputMapper.TryDate(c.RateDate, out _)) errors.Add($"{path}.rateDate", "Must be a date as yyyy-MM-dd.");
            Optional($"{path}.description", c.Description, 500);
            Optional($"{path}.note", c.Note, 1000);
        }
        return errors;
    }

    /// <summary>One follow-up; <paramref name="path"/> prefixes the field names (empty for a follow-up posted on its own).</summary>
    public static void ValidateFollowUp(FollowUpInput? f, string path, FieldErrors errors)
    {
        string P(string field) => path.Length == 0 ? field : $"{path}.{field}";
        if (f is null) { errors.Add(path.Length == 0 ? "$" : path, "Required."); return; }
        if (string.IsNullOrWhiteSpace(f.Action)) errors.Add(P("action"), "Required.");
        else if (f.Action.Trim().Length > 1000) errors.Add(P("action"), "At most 1000 characters.");
        if (string.IsNullOrWhiteSpace(f.Owner)) errors.Add(P("owner"), "Required: who does it.");
        else if (f.Owner.Trim().Length > 300) errors.Add(P("owner"), "At most 300 characters.");
        if (!ProposalInputMapper.TryDate(f.Due, out _)) errors.Add(P("due"), "Required, as yyyy-MM-dd.");
        if (Clean(f.OwnerEmail) is { Length: > 256 }) errors.Add(P("ownerEmail"), "At most 256 characters.");
    }

    /// <summary>Checks that need the proposal: meeting dates within the trip, cost lines that exist, in their currency, once each.</summary>
    public static void ValidateAgainst(ReportInput input, Proposal proposal, FieldErrors errors)
    {
        for (var i = 0; i < (input.Meetings?.Count ?? 0); i++)
        {
            if (input.Meetings![i] is { } m && ProposalInputMapper.TryDate(m.Date, out var d) && (d < proposal.StartDate || d > proposal.EndDate))
                errors.Add($"meetings[{i}].date", $"Must be within the delegation's dates ({Iso(proposal.StartDate)} to {Iso(proposal.EndDate)}).");
        }
        var lines = proposal.BudgetLines.OrderBy(b => b.Position).ToList();
        var seen = new HashSet<int>();
        for (var i = 0; i < (input.Costs?.Count ?? 0); i++)
        {
            if (input.Costs![i] is not { } c) continue;
            var path = $"costs[{i}]";
            var currency = Clean(c.Currency)?.ToUpperInvariant();
            if (c.Line is { } line)
            {
                if (line < 0 || line >= lines.Count) { errors.Add($"{path}.line", $"There is no budget line {line} (the budget has {lines.Count}, counted from 0)."); continue; }
                if (!seen.Add(line)) errors.Add($"{path}.line", $"Budget line {line} is already reported; give each line once.");
                var planned = lines[line];
                if (currency is not null && currency != planned.Currency)
                    errors.Add($"{path}.currency", $"Report budget line {line} in its own currency, {planned.Currency}, with the exchange rate.");
                if (planned.Currency != "VND" && c.ExchangeRate is null)
                    errors.Add($"{path}.exchangeRate", $"Required for {planned.Currency}: VND per 1 {planned.Currency} when paid.");
            }
            else
            {
                if (!EnumText.TryParse<BudgetCategory>(c.Category, out _))
                    errors.Add($"{path}.category", "A cost outside the budget lines needs its category: " + string.Join(", ", EnumText.All<BudgetCategory>()) + ".");
                if (string.IsNullOrWhiteSpace(c.Description)) errors.Add($"{path}.description", "Required for a cost outside the budget lines: what it was.");
                currency ??= "VND";
                if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)) errors.Add($"{path}.currency", "Must be an ISO 4217 code such as VND, USD or EUR.");
                else if (currency != "VND" && c.ExchangeRate is null) errors.Add($"{path}.exchangeRate", $"Required for {currency}: VND per 1 {currency}.");
            }
        }
    }

    public static PostTripReport NewReport(Proposal proposal, ReportInput input, UserContext user, DateTimeOffset now, bool late, IReadOnlyDictionary<string, string> ownerIds)
    {
        var proposalId = proposal.Id;
        var lines = proposal.BudgetLines.OrderBy(b => b.Position).ToList();
        return new PostTripReport
        {
            ProposalId = proposalId,
            Summary = input.Summary!.Trim(),
            Results = Clean(input.Results),
            FiledAt = now,
            FiledById = user.Id,
            FiledByName = user.FullName,
            Late = late,
            Agreements = (input.Agreements ?? []).Select((a, i) => new Agreement
            {
                ProposalId = proposalId, Position = i, Title = a!.Title!.Trim(), Counterpart = a.Counterpart!.Trim(), SignedOn = ParseDate(a.SignedOn!),
            }).ToList(),
            FollowUps = (input.FollowUps ?? []).Select((f, i) => NewFollowUp(proposalId, i, f!, ownerIds)).ToList(),
            Meetings = (input.Meetings ?? []).Select((m, i) => new ReportMeeting
            {
                ProposalId = proposalId, Position = i, Date = ParseDate(m!.Date!), Subject = m.Subject!.Trim(), Counterpart = Clean(m.Counterpart),
                Participants = Clean(m.Participants), Notes = Clean(m.Notes),
            }).ToList(),
            Gifts = (input.Gifts ?? []).Select((g, i) => new ReportGift
            {
                ProposalId = proposalId, Position = i, Direction = EnumText.Parse<GiftDirection>(g!.Direction!), Description = g.Description!.Trim(),
                Counterpart = g.Counterpart!.Trim(), Date = ProposalInputMapper.TryDate(g.Date, out var d) ? d : null, ValueVnd = g.ValueVnd, Handling = Clean(g.Handling),
            }).ToList(),
            Costs = (input.Costs ?? []).Select((c, i) =>
            {
                var planned = c!.Line is { } line ? lines[line] : null;
                var currency = planned?.Currency ?? Clean(c.Currency)?.ToUpperInvariant() ?? "VND";
                var rate = currency == "VND" ? 1m : c.ExchangeRate!.Value;
                return new ActualCost
                {
                    ProposalId = proposalId, Position = i, BudgetLine = c.Line,
                    Category = planned?.Category ?? EnumText.Parse<BudgetCategory>(c.Category!),
                    Description = Clean(c.Description) ?? planned?.Description,
                    PlannedAmount = planned?.Amount ?? 0, PlannedVnd = planned?.AmountVnd ?? 0,
                    Amount = c.Amount!.Value, Currency = currency, ExchangeRate = rate,
                    RateDate = ProposalInputMapper.TryDate(c.RateDate, out var rd) ? rd : null,
                    AmountVnd = (long)Math.Round(c.Amount.Value * rate, MidpointRounding.AwayFromZero),
                    Note = Clean(c.Note),
                };
            }).ToList(),
        };
    }

    public static FollowUpAction NewFollowUp(Guid proposalId, int position, FollowUpInput f, IReadOnlyDictionary<string, string> ownerIds) => new()
    {
        ProposalId = proposalId, Position = position, Action = f.Action!.Trim(), Owner = f.Owner!.Trim(), Due = ParseDate(f.Due!),
        OwnerUserId = Clean(f.OwnerEmail) is { } email ? ownerIds[email.ToUpperInvariant()] : null,
    };

    private static async Task<Created<ReportView>> File(Guid id, ReportInput input, DelegationsDbContext db, CurrentUser current, ReportCommands commands, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await commands.FileAsync(user, id, input, ct);
        var proposal = await ProposalsApi.LoadAsync(db, id, ct);
        return TypedResults.Created($"/api/proposals/{id}/report", await LoadViewAsync(db, proposal!, Today(clock), ct)
                                                                 ?? throw new InvalidOperationException("The report just filed was not found."));
    }

    private static async Task<Ok<ReportView>> Get(Guid id, DelegationsDbContext db, CurrentUser current, TimeProvider clock, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var proposal = await ProposalsApi.FindVisibleAsync(db, user, id, ct);
        return TypedResults.Ok(await LoadViewAsync(db, proposal, Today(clock), ct) ?? throw AppProblemException.NotFound("The report"));
    }

    private static async Task<Ok<ReportDraft>> Draft(Guid id, DelegationsDbContext db, CurrentUser current, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        var p = await ProposalsApi.FindVisibleAsync(db, user, id, ct);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.ProposalId == id && t.Status == TaskStatuses.Open && t.TaskKind == ReportCommands.TaskKind, ct);
        var canFile = task is not null && Access.ActingPrincipal(user, task) is not null;
        var attachments = await AttachmentsAsync(db, id, ct);
        var report = await LoadAsync(db, id, ct);
        if (report is not null)
        {
            return TypedResults.Ok(new ReportDraft(id, p.ReferenceNumber, true, task?.Due, false, report.Summary, report.Results,
                report.Meetings.OrderBy(m => m.Position).Select(m => new MeetingInput(Iso(m.Date), m.Subject, m.Counterpart, m.Participants, m.Notes)).ToList(),
                report.Agreements.OrderBy(a => a.Position).Select(a => new AgreementInput(a.Title, a.Counterpart, Iso(a.SignedOn))).ToList(),
                report.Gifts.OrderBy(g => g.Position).Select(g => new GiftInput(EnumText.ToText(g.Direction), g.Description, g.Counterpart, g.Date is { } d ? Iso(d) : null, g.ValueVnd, g.Handling)).ToList(),
                report.FollowUps.OrderBy(f => f.Position).Select(f => new FollowUpInput(f.Action, f.Owner, Iso(f.Due))).ToList(),
                report.Costs.OrderBy(c => c.Position).Select(c => new CostDraft(c.BudgetLine, EnumText.ToText(c.Category), c.Description, c.Amount, c.Currency, c.ExchangeRate,
                    c.RateDate is { } rd ? Iso(rd) : null, c.Note, c.PlannedAmount, c.PlannedVnd)).ToList(),
                attachments));
        }
        return TypedResults.Ok(new ReportDraft(id, p.ReferenceNumber, false, task?.Due, canFile, "", null,
            p.Agenda.OrderBy(a => a.Date).ThenBy(a => a.Position).Select(a => new MeetingInput(Iso(a.Date), a.Activity, a.Counterpart)).ToList(),
            [], [], [],
            p.BudgetLines.OrderBy(b => b.Position).Select(b => new CostDraft(b.Position, EnumText.ToText(b.Category), b.Description, b.Amount, b.Currency, b.ExchangeRate,
                b.RateDate is { } rd ? Iso(rd) : null, null, b.Amount, b.AmountVnd)).ToList(),
            attachments));
    }

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime).DateTime);

    public static Task<PostTripReport?> LoadAsync(DelegationsDbContext db, Guid proposalId, CancellationToken ct) =>
        db.Reports.AsNoTracking().Include(r => r.Agreements).Include(r => r.FollowUps).Include(r => r.Meetings).Include(r => r.Gifts).Include(r => r.Costs)
            .AsSplitQuery().FirstOrDefaultAsync(r => r.ProposalId == proposalId, ct);

    public static async Task<IReadOnlyList<AttachmentView>> AttachmentsAsync(DelegationsDbContext db, Guid proposalId, CancellationToken ct)
    {
        var rows = await db.Set<ReportAttachment>().AsNoTracking().Where(a => a.ProposalId == proposalId).ToListAsync(ct);
        return rows.OrderBy(a => a.UploadedAt).Select(ReportAttachments.ToView).ToList();
    }

    public static async Task<ReportView?> LoadViewAsync(DelegationsDbContext db, Proposal proposal, DateOnly today, CancellationToken ct)
    {
        var report = await LoadAsync(db, proposal.Id, ct);
        if (report is null) return null;
        return ToView(report, proposal.TotalVnd, await AttachmentsAsync(db, proposal.Id, ct), today);
    }

    public static ReportView ToView(PostTripReport r, long plannedTotalVnd, IReadOnlyList<AttachmentView> attachments, DateOnly today)
    {
        long? actual = r.Costs.Count == 0 ? null : r.Costs.Sum(c => c.AmountVnd);
        return new ReportView(r.Id, r.ProposalId, r.Summary, r.Results, r.FiledAt, r.FiledByName, r.Late,
            r.Agreements.OrderBy(a => a.Position).Select(a => new AgreementView(a.Title, a.Counterpart, Iso(a.SignedOn))).ToList(),
            r.FollowUps.OrderBy(f => f.Position).Select(f => ToView(f, today)).ToList())
        {
            Meetings = r.Meetings.OrderBy(m => m.Date).ThenBy(m => m.Position).Select(m => new MeetingView(Iso(m.Date), m.Subject, m.Counterpart, m.Participants, m.Notes)).ToList(),
            Gifts = r.Gifts.OrderBy(g => g.Position).Select(g => new GiftView(g.Direction, g.Description, g.Counterpart, g.Date is { } d ? Iso(d) : null, g.ValueVnd, g.Handling)).ToList(),
            Costs = r.Costs.OrderBy(c => c.Position).Select(c => new CostView(c.BudgetLine, c.Category, c.Description, c.Currency, c.PlannedAmount, c.PlannedVnd,
                c.Amount, c.ExchangeRate, c.RateDate is { } rd ? Iso(rd) : null, c.AmountVnd, c.AmountVnd - c.PlannedVnd, c.Note)).ToList(),
            CostTotals = new CostTotals(plannedTotalVnd, actual, actual - plannedTotalVnd),
            Attachments = attachments,
        };
    }

    public static FollowUpView ToView(FollowUpAction f, DateOnly today) =>
        new(f.Id, f.Action, f.Owner, Iso(f.Due), f.DoneAt is not null, f.DoneAt, f.DoneNote)
        {
            OwnerUserId = f.OwnerUserId,
            DoneBy = f.DoneByName,
            Overdue = f.DoneAt is null && f.Due < today,
        };
}
