using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using Delegations.Web.Workflows;
using DotLiquid;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Documents;

/// <summary>
/// Generates a proposal's documents from the admin-edited templates and stores them with it, in the caller's
/// transaction: the sending decision and visa-support list when an outbound proposal is approved, the invitation
/// and visa support letters when an inbound one is.
/// </summary>
public sealed class ProposalDocuments(DelegationsDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private readonly IDataProtector _passports = protection.CreateProtector(ProposalRules.PassportPurpose);

    /// <summary>The kinds made when a proposal of this kind is approved.</summary>
    public static IReadOnlyList<string> OnApproval(ProposalKind kind) => kind switch
    {
        ProposalKind.Outbound => [DocumentKinds.SendingDecision, DocumentKinds.VisaSupportList],
        ProposalKind.Inbound => [DocumentKinds.InvitationLetter, DocumentKinds.VisaSupportLetter],
        _ => [],
    };

    /// <summary>Makes the approval documents (once: a kind already there is not made again).</summary>
    public async Task GenerateOnApprovalAsync(Proposal proposal, CancellationToken ct)
    {
        foreach (var kind in OnApproval(proposal.Kind))
        {
            if (db.Set<ProposalDocument>().Local.Any(d => d.ProposalId == proposal.Id && d.Kind == kind)
                || await db.Set<ProposalDocument>().AnyAsync(d => d.ProposalId == proposal.Id && d.Kind == kind, ct)) continue;
            await GenerateAsync(proposal, kind, "system", ct);
        }
    }

    /// <summary>Renders one document from the proposal's organisation's template (or the shared one) and stages it.</summary>
    public async Task<ProposalDocument> GenerateAsync(Proposal proposal, string kind, string? by, CancellationToken ct)
    {
        var organisations = await OrganisationChainAsync(proposal.DepartmentId, ct);
        var templates = await db.Set<DocumentTemplate>().AsNoTracking().Where(t => t.Kind == kind).ToListAsync(ct);
        var template = organisations.Select(o => templates.FirstOrDefault(t => t.Organisation == o.Code)).FirstOrDefault(t => t is not null)
                       ?? templates.FirstOrDefault(t => t.Organisation is null)
                       ?? throw AppProblemException.Conflict($"There is no document template for '{kind}'; an admin must add one.");
        var spec = JsonNode.Parse(template.Json)!.AsObject();

        // Keep the number of an earlier version of the same document; else take the next one for the year.
        var previous = await db.Set<ProposalDocument>().AsNoTracking().Where(d => d.ProposalId == proposal.Id && d.Kind == kind)
            .OrderByDescending(d => d.CreatedAt).Select(d => d.Number).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime);
        var model = await ModelAsync(proposal, organisations, local, ct);
        string? number = previous;
        if (number is null && spec["numberFormat"]?.GetValue<string>() is { } format)
        {
            var counter = await NextNumberAsync(local.Year, ct);
            model["number"] = counter.ToString(CultureInfo.InvariantCulture);
            number = Render(format, model);
        }
        model["number"] = number ?? "";

        var rendered = new RenderedDocument(
            Lines(spec["header"]?["left"], model), Lines(spec["header"]?["right"], model),
            (spec["blocks"] as JsonArray ?? []).Select(b => Block(b!.AsObject(), model, proposal)).ToList());
        var bytes = DocxWriter.Write(rendered);
        var stored = new StoredFile { Content = bytes, CreatedAt = now };
        var title = Render(spec["title"]?.GetValue<string>() ?? template.NameVi, model);
        var fileStem = ReportAttachments.SafeFileName(Render(spec["fileName"]?.GetValue<string>() ?? kind, model), ReportAttachments.Pdf, kind, DateOnly.FromDateTime(local.DateTime));
        var document = new ProposalDocument
        {
            ProposalId = proposal.Id,
            Kind = kind,
            TemplateId = template.Id,
            Number = number,
            Title = title.Length > 300 ? title[..300] : title,
            FileName = Path.ChangeExtension(fileStem, ".docx"),
            ContentType = DocxType,
            Size = bytes.Length,
            FileId = stored.Id,
            Restricted = DocumentKinds.HoldsPassportData(kind),
            CreatedAt = now,
            CreatedByName = by,
        };
        db.Set<StoredFile>().Add(stored);
        db.Set<ProposalDocument>().Add(document);
        return document;
    }

    private async Task<int> NextNumberAsync(int year, CancellationToken ct)
    {
        const string prefix = "QD"; // the organisation's decisions: one series a year
        var counter = db.ReferenceCounters.Local.FirstOrDefault(c => c.Prefix == prefix && c.Year == year)
                      ?? await db.ReferenceCounters.FindAsync([prefix, year], ct);
        if (counter is null)
        {
            counter = new ReferenceCounter { Prefix = prefix, Year = year, Next = 1 };
            db.ReferenceCounters.Add(counter);
        }
        var number = counter.Next;
        counter.Next = number + 1;
        return number;
    }

    private async Task<List<Accounts.Department>> OrganisationChainAsync(Guid departmentId, CancellationToken ct)
    {
        var all = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, ct);
        var chain = new List<Accounts.Department>();
        for (Guid? id = departmentId; id is { } current && all.TryGetValue(current, out var d) && chain.All(c => c.Id != d.Id);) { chain.Add(d); id = d.ParentId; }
        return chain;
    }

    private static readonly Dictionary<string, string> Funding = new()
    {
        ["state-budget"] = "ngân sách nhà nước", ["union-budget"] = "kinh phí của Liên hiệp Hội", ["partner-funded"] = "phía mời đài thọ",
        ["project"] = "kinh phí dự án", ["other"] = "nguồn kinh phí khác",
    };

    private async Task<Dictionary<string, object?>> ModelAsync(Proposal p, List<Accounts.Department> organisations, DateTimeOffset local, CancellationToken ct)
    {
        static string D(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var top = organisations.LastOrDefault();
        // The approval that approved it: in this very command (staged, not saved yet) or an earlier one.
        static bool Approving(Workflows.JournalRecord j) => j.Kind == Delegations.Workflows.Runtime.JournalKinds.TaskCompleted && j.Outcome is "approve" or "forward";
        var approval = db.Journal.Local.Where(j => j.ProposalId == p.Id && Approving(j)).OrderBy(j => j.At).LastOrDefault()
                       ?? await db.Journal.AsNoTracking()
                           .Where(j => j.ProposalId == p.Id && j.Kind == Delegations.Workflows.Runtime.JournalKinds.TaskCompleted && (j.Outcome == "approve" || j.Outcome == "forward"))
                           .OrderByDescending(j => j.Id).FirstOrDefaultAsync(ct);
        var signerId = approval?.OnBehalfOfId ?? approval?.ActorId;
        var signerTitle = signerId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == signerId).Select(u => u.JobTitle).FirstOrDefaultAsync(ct);
        var members = p.Members.Where(m => !m.Removed).OrderBy(m => m.Position).ToList();
        var head = members.FirstOrDefault(m => m.Role == MemberRole.Head);
        var places = p.Kind == ProposalKind.Outbound
            ? string.Join("; ", p.Destinations.OrderBy(d => d.Position).GroupBy(d => d.Country)
                .Select(g => $"{string.Join(", ", g.Select(d => d.City))} ({Countries.Name(g.Key, "vi")})"))
            : string.Join(", ", new[] { p.VenuePlace, p.VenueCity }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new Dictionary<string, object?>
        {
            ["proposal"] = new Dictionary<string, object?>
            {
                ["referenceNumber"] = p.ReferenceNumber, ["title"] = p.Title, ["purpose"] = p.Purpose,
                ["startDate"] = D(p.StartDate), ["endDate"] = D(p.EndDate), ["days"] = p.Days.ToString(CultureInfo.InvariantCulture),
                ["places"] = places, ["countries"] = string.Join(", ", p.Destinations.Select(d => Countries.Name(d.Country, "vi")).Distinct()),
                ["funding"] = p.BudgetSource is { } s ? Funding.GetValueOrDefault(s, s) : "",
                ["totalVnd"] = p.TotalVnd.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")),
                ["invitationFrom"] = p.InvitationFrom ?? "", ["invitationDate"] = p.InvitationDate is { } inv ? D(inv) : "",
                ["counterparts"] = string.Join("; ", p.Counterparts.OrderBy(c => c.Position).Select(c => c.Organisation)),
                ["memberCount"] = members.Count.ToString(CultureInfo.InvariantCulture),
                ["host"] = p.HostName is null ? "" : p.HostName + (p.HostTitle is null ? "" : ", " + p.HostTitle),
            },
            ["head"] = new Dictionary<string, object?> { ["fullName"] = head?.FullName ?? "", ["title"] = head?.Title ?? "", ["organisation"] = head?.Organisation ?? "" },
            ["organisation"] = new Dictionary<string, object?> { ["code"] = top?.Code ?? "", ["name"] = top?.NameVi ?? "", ["nameUpper"] = (top?.NameVi ?? "").ToUpper(CultureInfo.GetCultureInfo("vi-VN")) },
            ["department"] = new Dictionary<string, object?> { ["name"] = organisations.FirstOrDefault()?.NameVi ?? "" },
            ["approver"] = new Dictionary<string, object?>
            {
                ["name"] = approval?.OnBehalfOfName ?? approval?.ActorName ?? "",
                ["jobTitle"] = signerTitle ?? "", ["jobTitleUpper"] = (signerTitle ?? "").ToUpper(CultureInfo.GetCultureInfo("vi-VN")),
            },
            ["date"] = local.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            ["dateLong"] = string.Create(CultureInfo.InvariantCulture, $"ngày {local.Day:00} tháng {local.Month:00} năm {local.Year}"),
        };
    }

    private static List<string> Lines(JsonNode? node, Dictionary<string, object?> model) =>
        (node as JsonArray ?? []).Select(l => Render(l!.GetValue<string>(), model)).ToList();

    private RenderedBlock Block(JsonObject spec, Dictionary<string, object?> model, Proposal p)
    {
        if (spec["table"]?.GetValue<string>() is { } table)
        {
            var columns = (spec["columns"] as JsonArray)?.Select(c => c!.GetValue<string>()).ToList();
            return Table(table, columns, p);
        }
        if (spec["signature"] is JsonObject signature)
            return new SignatureBlock(Render(signature["left"]?.GetValue<string>() ?? "", model), Render(signature["right"]?.GetValue<string>() ?? "", model));
        return new TextBlock(spec["style"]?.GetValue<string>() ?? "paragraph", Render(spec["text"]?.GetValue<string>() ?? "", model));
    }

    private TableBlock Table(string name, List<string>? columns, Proposal p)
    {
        var members = p.Members.Where(m => !m.Removed).OrderBy(m => m.Position).ToList();
        string N(int i) => (i + 1).ToString(CultureInfo.InvariantCulture);
        string D(DateOnly? d) => d?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "";
        string Passport(string? type) => type switch { "diplomatic" => "Ngoại giao", "official" => "Công vụ", "ordinary" => "Phổ thông", _ => "" };
        return name switch
        {
            "visa-list" => new TableBlock(columns ?? ["STT", "Họ và tên", "Ngày sinh", "Chức vụ, đơn vị", "Loại hộ chiếu", "Số hộ chiếu", "Ngày hết hạn"],
                members.Select((m, i) => (IReadOnlyList<string>)[N(i), m.FullName, Unprotect(m.DateOfBirthProtected), Join(m.Title, m.Organisation), Passport(m.PassportType),
                    Unprotect(m.PassportNumberProtected), D(m.PassportExpiry)]).ToList()),
            "guests" => new TableBlock(columns ?? ["STT", "Họ và tên", "Quốc tịch", "Chức vụ, cơ quan", "Số hộ chiếu", "Ngày sinh", "Ngày hết hạn hộ chiếu"],
                members.Select((m, i) => (IReadOnlyList<string>)[N(i), m.FullName, m.Nationality is null ? "" : Countries.Name(m.Nationality, "vi"), Join(m.Title, m.Organisation),
                    Unprotect(m.PassportNumberProtected), Unprotect(m.DateOfBirthProtected), D(m.PassportExpiry)]).ToList()),
            "guest-names" => new TableBlock(columns ?? ["STT", "Họ và tên", "Quốc tịch", "Chức vụ, cơ quan"],
                members.Select((m, i) => (IReadOnlyList<string>)[N(i), m.FullName, m.Nationality is null ? "" : Countries.Name(m.Nationality, "vi"), Join(m.Title, m.Organisation)]).ToList()),
            _ => new TableBlock(columns ?? ["STT", "Họ và tên", "Chức vụ, đơn vị", "Nhiệm vụ trong đoàn"],
                members.Select((m, i) => (IReadOnlyList<string>)[N(i), m.FullName, Join(m.Title, m.Organisation), Role(m.Role)]).ToList()),
        };
    }

    private static string Role(MemberRole role) => role switch
    {
        MemberRole.Head => "Trưởng đoàn", MemberRole.Interpreter => "Phiên dịch", MemberRole.Secretary => "Thư ký", _ => "Thành viên",
    };

    private static string Join(string title, string? organisation) =>
        organisation is null || title.Contains(organisation, StringComparison.OrdinalIgnoreCase) ? title : $"{title}, {organisation}";

    private string Unprotect(string? value)
    {
        if (value is null) return "";
        try { return _passports.Unprotect(value); }
        catch (System.Security.Cryptography.CryptographicException) { return ""; }
    }

    /// <summary>Renders a template text with DotLiquid (Liquid syntax, the same as the mail templates).</summary>
    public static string Render(string text, IDictionary<string, object?> model)
    {
        if (!text.Contains("{{", StringComparison.Ordinal) && !text.Contains("{%", StringComparison.Ordinal)) return text;
        return Template.Parse(text).Render(Hash.FromDictionary(ToLiquid(model)));
    }

    /// <summary>Checks a template's texts parse; the error message when one does not.</summary>
    public static string? Check(JsonObject spec)
    {
        try
        {
            foreach (var text in spec.DescendantsOfStrings()) Template.Parse(text);
            return null;
        }
        catch (DotLiquid.Exceptions.LiquidException ex)
        {
            return ex.Message;
        }
    }

    private static Dictionary<string, object> ToLiquid(IDictionary<string, object?> model) =>
        model.ToDictionary(kv => kv.Key, kv => kv.Value switch
        {
            IDictionary<string, object?> d => (object)Hash.FromDictionary(ToLiquid(d)),
            null => "",
            var v => v,
        });
}

internal static class JsonStrings
{
    public static IEnumerable<string> DescendantsOfStrings(this JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(kv => kv.Value is null ? [] : kv.Value.DescendantsOfStrings()),
        JsonArray a => a.SelectMany(x => x is null ? [] : x.DescendantsOfStrings()),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
