using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Proposals;

/// <summary>
/// What the new and edit pages share: the bound <see cref="ProposalForm"/>, its field errors (by JSON path,
/// translated) and the helpers the form partial uses.
/// </summary>
public abstract partial class ProposalFormPage(IStringLocalizer<UiText> text, UiMessages messages) : PageModel
{
    public static readonly IReadOnlyList<string> Currencies = ["VND", "USD", "EUR", "CNY", "JPY", "KRW", "GBP", "AUD", "SGD", "THB", "CHF", "CAD", "RUB", "INR", "LAK", "KHR"];
    public static readonly IReadOnlyList<string> FundingSources = ["state-budget", "union-budget", "partner-funded", "project", "other"];

    private static readonly ConcurrentDictionary<string, IReadOnlyList<(string Code, string Name)>> CountryLists = new();

    protected IStringLocalizer<UiText> Text { get; } = text;

    // Inputs are named by JSON path; with no "Form." prefix posted, the binder falls back to the empty prefix.
    [BindProperty] public ProposalForm Form { get; set; } = ProposalForm.Blank();

    /// <summary>Passport fields are shown (and read) only for those allowed to see passports, or a submitter creating their own.</summary>
    public bool ShowPassports { get; protected set; }

    /// <summary>Field errors by JSON path, in the UI language.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>A message about the whole form (a conflict, a refusal).</summary>
    public string? FormError { get; protected set; }

    public Guid? ProposalId { get; protected set; }
    public string? ReferenceNumber { get; protected set; }
    public ProposalStatus Status { get; protected set; } = ProposalStatus.Draft;
    public bool KindLocked { get; protected set; }

    public string? ErrorFor(string path) => Errors.GetValueOrDefault(path);

    /// <summary>What the "fill from the norms" button did: the norm date and circulars, and what it could not cost.</summary>
    public string? EstimateNote { get; protected set; }

    /// <summary>The annual plan items of the user's department (this year and the next ones) for the plan select.</summary>
    public async Task<IReadOnlyList<(string Id, string Label)>> PlanItemChoicesAsync()
    {
        var services = HttpContext.RequestServices;
        var db = services.GetRequiredService<DelegationsDbContext>();
        var user = await services.GetRequiredService<Viewer>().GetAsync(HttpContext.RequestAborted);
        var from = services.GetRequiredService<TimeProvider>().GetUtcNow().Year - 1;
        Guid? linked = Guid.TryParse(Form.PlanItemId, out var g) ? g : null;
        var items = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<Budget.PlanItem>().Where(i => i.DepartmentId == user.DepartmentId && (i.Year >= from || i.Id == linked))
                .OrderBy(i => i.Year).ThenBy(i => i.Quarter), HttpContext.RequestAborted);
        return items.Select(i => (i.Id.ToString(), $"{i.Year} · Q{i.Quarter} · {i.Title} ({Countries.Name(i.Country, UiCulture.Language)}, {i.Size})")).ToList();
    }

    /// <summary>
    /// Fills the per-diem and accommodation (outbound) or reception and gift (inbound) lines from the norm tables for
    /// the destinations, dates and members typed so far, replacing lines of those categories; nothing is saved.
    /// </summary>
    protected async Task EstimateAsync(CancellationToken ct)
    {
        if (ValidInput() is not { } input) return;
        var services = HttpContext.RequestServices;
        var user = await services.GetRequiredService<Viewer>().GetAsync(ct);
        var p = new Proposal { ReferenceNumber = "", Title = "", Purpose = "", CreatedById = user.Id, DepartmentId = user.DepartmentId };
        ProposalInputMapper.Apply(input, p, services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector(ProposalRules.PassportPurpose));
        var estimate = await Budget.BudgetNorms.EstimateAsync(services.GetRequiredService<DelegationsDbContext>(), p, services.GetRequiredService<Budget.BudgetOptions>(),
            services.GetRequiredService<TimeProvider>(), UiCulture.Language, ct);
        var filled = estimate.Lines.Select(l => EnumText.ToText(l.Category)).ToHashSet();
        Form.Budget.Lines = Form.Budget.Lines.Where(l => l.Category is null || !filled.Contains(l.Category))
            .Concat(estimate.Lines.Select(l => new ProposalForm.BudgetLineRow
            {
                Category = EnumText.ToText(l.Category), Description = l.Description, Amount = l.Amount.ToString("0.##", CultureInfo.InvariantCulture), Currency = l.Currency,
                ExchangeRate = l.Currency == "VND" ? null : l.ExchangeRate.ToString("0.####", CultureInfo.InvariantCulture), RateDate = l.RateDate,
            })).ToList();
        EstimateNote = estimate.Lines.Count == 0
            ? Text["No norm applies to this delegation (a domestic trip, special-class guests, or no members yet)."].Value
            : Text["Filled from the norms in force on {0} ({1}).", UiFormat.Date(estimate.NormDate), string.Join(", ", estimate.Circulars)].Value;
        if (estimate.Warnings.Count > 0) EstimateNote += " " + string.Join(" ", estimate.Warnings);
    }

    /// <summary>Hosted conferences the user can see, for an inbound delegation to name the one it comes for.</summary>
    public IReadOnlyList<ConferenceLinkView> Conferences { get; private set; } = [];

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        var db = services.GetRequiredService<DelegationsDbContext>();
        var user = await services.GetRequiredService<Viewer>().GetAsync(HttpContext.RequestAborted);
        Conferences = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Proposals).VisibleTo(db, user).Where(p => p.Kind == ProposalKind.Conference && p.Status != ProposalStatus.Cancelled && p.Status != ProposalStatus.Rejected)
                .OrderByDescending(p => p.StartDate).Take(50).Select(p => new ConferenceLinkView(p.Id, p.ReferenceNumber, p.Title)), HttpContext.RequestAborted);
        await next();
    }

    /// <summary>members[2].fullName → members-2-fullName (the id of its input).</summary>
    public static string IdFor(string path) => path.Replace("].", "-").Replace('[', '-').Replace("]", "").Replace('.', '-');

    protected void AddErrors(IDictionary<string, string[]> errors)
    {
        foreach (var (path, list) in errors)
            Errors[path] = string.Join(" ", messages.Translate(list));
    }

    /// <summary>Runs a command; its field errors and refusals become messages on the form instead of an error page.</summary>
    protected async Task<bool> TryAsync(Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (AppProblemException problem) when (problem.Errors is not null)
        {
            AddErrors(problem.Errors);
            return false;
        }
        catch (AppProblemException problem) when (problem.Status is StatusCodes.Status409Conflict or StatusCodes.Status403Forbidden)
        {
            FormError = messages.Translate(problem.Message);
            return false;
        }
    }

    /// <summary>Validates the posted form as the API would, plus the numbers it parsed itself.</summary>
    protected ProposalInput? ValidInput()
    {
        Form.DropBlankRows();
        var parse = new FieldErrors();
        var input = Form.ToInput(ShowPassports, parse);
        var errors = ProposalInputMapper.Validate(input).ToDictionary();
        foreach (var (path, list) in parse.ToDictionary()) errors[path] = list; // "not a number" says more than "required"
        if (errors.Count == 0) return input;
        AddErrors(errors);
        return null;
    }

    protected void Flash(string message, string kind = "success")
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = kind;
    }

    /// <summary>The error summary: where each error is (in words), its message, and the id to jump to.</summary>
    public IEnumerable<(string Id, string Where, string Message)> Summary() =>
        Errors.OrderBy(e => Order(e.Key)).Select(e => (IdFor(TargetOf(e.Key)), Describe(e.Key), e.Value));

    /// <summary>List-level errors ("members", "destinations", "venue") point at the list's section.</summary>
    private static string TargetOf(string path) => path switch
    {
        "members" or "destinations" or "venue" or "counterparts" or "agenda" => path + "-section",
        _ => path,
    };

    private static int Order(string path) =>
        Array.FindIndex(["kind", "title", "purpose", "startDate", "endDate", "invitation", "guestClass", "destinations", "venue", "counterparts", "members", "agenda", "budget"],
            p => path.StartsWith(p, StringComparison.Ordinal)) is var i and >= 0 ? i : 99;

    public string Describe(string path)
    {
        var m = PathPattern().Match(path);
        if (!m.Success) return path;
        var list = m.Groups["list"].Value;
        var field = m.Groups["field"].Success ? m.Groups["field"].Value : null;
        var index = m.Groups["index"].Success ? int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture) + 1 : (int?)null;
        var where = list switch
        {
            "members" when index is { } n => Text["Member {0}", n].Value,
            "destinations" when index is { } n => Text["Destination {0}", n].Value,
            "counterparts" when index is { } n => Text["Counterpart {0}", n].Value,
            "agenda" when index is { } n => Text["Agenda item {0}", n].Value,
            "budget.lines" when index is { } n => Text["Budget line {0}", n].Value,
            "budget" => Text["Budget"].Value,
            "venue" => Text["Venue"].Value,
            "invitation" => Text["Invitation"].Value,
            _ => Label(list, null),
        };
        return field is null ? where : $"{where} · {Label(field, list)}";
    }

    /// <summary>The label of a field (the same words the form shows).</summary>
    public string Label(string field, string? list) => Text[field switch
    {
        "kind" => "Kind of delegation",
        "title" when list == "members" => "Position",
        "title" => "Title",
        "purpose" => "Purpose and tasks",
        "startDate" => "From",
        "endDate" => "To",
        "guestClass" => "Guest class",
        "destinations" => "Destinations",
        "counterparts" => "Counterparts",
        "members" => "Members",
        "agenda" => "Agenda",
        "fullName" => "Full name",
        "organisation" => "Organisation",
        "role" => "Role in the delegation",
        "grade" => "Grade",
        "nationality" => "Nationality",
        "passportType" => "Passport type",
        "passportNumber" => "Passport number",
        "passportExpiry" => "Passport valid until",
        "dateOfBirth" => "Date of birth",
        "country" => "Country",
        "city" => "City",
        "place" => "Place",
        "contactName" => "Contact person",
        "contactTitle" => "Contact's position",
        "date" when list == "invitation" => "Date of the invitation",
        "date" => "Date",
        "activity" => "Activity",
        "counterpart" => "Counterpart",
        "category" => "Item",
        "description" => "Description",
        "amount" => "Amount",
        "currency" => "Currency",
        "exchangeRate" => "Exchange rate (VND)",
        "rateDate" => "Rate date",
        "source" => "Funding source",
        "from" => "Invited by",
        _ => field,
    }].Value;

    [GeneratedRegex(@"^(?<list>[a-zA-Z]+(?:\.lines)?)(?:\[(?<index>\d+)\])?(?:\.(?<field>[a-zA-Z]+))?$")]
    private static partial Regex PathPattern();

    /// <summary>&lt;option&gt;s for a country select, by name in the UI language, with <paramref name="selected"/> marked.</summary>
    public IHtmlContent CountryOptions(string? selected)
    {
        var language = UiCulture.Language;
        var countries = CountryLists.GetOrAdd(language, l =>
        {
            var comparer = StringComparer.Create(CultureInfo.GetCultureInfo(l == "en" ? "en" : "vi-VN"), ignoreCase: true);
            return Countries.All.Select(c => (c, Countries.Name(c, l))).OrderBy(c => c.Item2, comparer).ToList();
        });
        var html = new StringBuilder();
        html.Append("<option value=\"\">").Append(HtmlEncoder.Default.Encode(Text["— choose —"])).Append("</option>");
        foreach (var (code, name) in countries)
        {
            html.Append("<option value=\"").Append(code).Append('"');
            if (code == selected) html.Append(" selected");
            html.Append('>').Append(HtmlEncoder.Default.Encode(name)).Append("</option>");
        }
        return new HtmlString(html.ToString());
    }
}
