using System.Globalization;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;

namespace Delegations.Web.Budget;

/// <summary>Budget settings (section <c>Budget</c>).</summary>
public sealed class BudgetOptions
{
    public const string Section = "Budget";
    /// <summary>A department's delegations at this share of its annual budget (spent + committed + this one) warn the approver.</summary>
    public int WarnPercent { get; set; } = 80;
    /// <summary>At more than this share, submitting (and finance's approval) is refused.</summary>
    public int BlockPercent { get; set; } = 100;
    /// <summary>VND per USD for norms in USD when the proposal has no USD line to take the rate from.</summary>
    public decimal UsdRate { get; set; } = 25_400m;
}

public sealed record EstimateLine(BudgetCategory Category, string Description, decimal Amount, string Currency, decimal ExchangeRate, string? RateDate, long AmountVnd);

/// <summary>What the norms give for a proposal: the lines to fill, the circulars used, and what could not be costed.</summary>
public sealed record BudgetEstimate(string NormDate, IReadOnlyList<string> Circulars, IReadOnlyList<EstimateLine> Lines, long TotalVnd, IReadOnlyList<string> Warnings);

/// <summary>
/// Costs a proposal by the norm tables and flags the lines above them. Outbound: per-diem per day and accommodation
/// per night (days − 1) for each member by country group and grade, the days shared between the destination
/// countries in order (domestic destinations have no norm). Inbound: meals per day plus room per night for each
/// guest by class (head or member), and the gifts (head's gift plus one per member).
/// </summary>
public static class BudgetNormCheck
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    /// <summary>The norms of the day the proposal was approved (the rule of Circular 35/2026: programmes approved before keep the old rates), or of today until then.</summary>
    public static DateOnly NormDate(Proposal p, TimeProvider clock) =>
        DateOnly.FromDateTime((p.ApprovedAt ?? clock.GetUtcNow()).ToOffset(Hanoi).DateTime);

    private sealed record CategoryNorm(BudgetCategory Category, decimal Amount, string Currency, string Basis);

    public static BudgetEstimate Estimate(NormBook book, Proposal p, BudgetOptions options, string language)
    {
        var warnings = new List<string>();
        var lines = new List<EstimateLine>();
        foreach (var norm in Norms(book, p, warnings, language))
        {
            var (rate, rateDate) = RateFor(norm.Currency, p, options);
            if (rate is null) { warnings.Add($"No exchange rate for {norm.Currency}."); continue; }
            lines.Add(new EstimateLine(norm.Category, norm.Basis, norm.Amount, norm.Currency, rate.Value,
                rateDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Vnd(norm.Amount, rate.Value)));
        }
        return new BudgetEstimate(book.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            book.Circulars(p.Kind == ProposalKind.Outbound ? NormKinds.Outbound : NormKinds.Reception).ToList(), lines, lines.Sum(l => l.AmountVnd), warnings);
    }

    /// <summary>Writes each line's cap (in VND) and its basis; lines of a category without a norm get none.</summary>
    public static void Apply(NormBook book, Proposal p, BudgetOptions options)
    {
        p.NormsAsOf = book.Date;
        var norms = Norms(book, p, [], "vi").ToDictionary(n => n.Category);
        foreach (var group in p.BudgetLines.GroupBy(l => l.Category))
        {
            var lines = group.ToList();
            if (!norms.TryGetValue(group.Key, out var norm) || RateFor(norm.Currency, p, options).Rate is not { } rate)
            {
                foreach (var l in lines) { l.NormVnd = null; l.NormBasis = null; }
                continue;
            }
            // With several lines of one category the category's total is what the norm caps: each line's share is
            // the cap less the other lines, so a line is "over" exactly when the category is.
            var cap = Vnd(norm.Amount, rate);
            var total = lines.Sum(l => l.AmountVnd);
            foreach (var l in lines)
            {
                l.NormVnd = Math.Max(0, cap - (total - l.AmountVnd));
                var basis = $"{norm.Basis} = {norm.Amount.ToString("#,##0.##", CultureInfo.InvariantCulture)} {norm.Currency}";
                l.NormBasis = basis.Length <= 500 ? basis : basis[..500];
            }
        }
    }

    private static long Vnd(decimal amount, decimal rate) => (long)Math.Round(amount * rate, MidpointRounding.AwayFromZero);

    private static (decimal? Rate, DateOnly? RateDate) RateFor(string currency, Proposal p, BudgetOptions options)
    {
        if (currency == "VND") return (1m, null);
        var line = p.BudgetLines.OrderBy(l => l.Position).FirstOrDefault(l => l.Currency == currency && l.ExchangeRate > 0);
        if (line is not null) return (line.ExchangeRate, line.RateDate);
        return currency == "USD" ? (options.UsdRate, null) : (null, null);
    }

    private static IEnumerable<CategoryNorm> Norms(NormBook book, Proposal p, List<string> warnings, string language)
    {
        var en = language == "en";
        var people = p.Members.Where(m => !m.Removed).OrderBy(m => m.Position).ToList();
        if (people.Count == 0) yield break;
        var days = p.Days;
        var nights = Math.Max(0, days - 1);
        var circulars = string.Join(", ", book.Circulars(p.Kind == ProposalKind.Outbound ? NormKinds.Outbound : NormKinds.Reception));

        if (p.Kind == ProposalKind.Outbound)
        {
            var countries = p.Destinations.OrderBy(d => d.Position).Select(d => d.Country).Where(c => c != "VN").Distinct().ToList();
            if (countries.Count == 0) yield break; // a domestic trip: no foreign travel norm
            decimal perdiem = 0, accommodation = 0;
            string? currency = null;
            var groupsUsed = new List<string>();
            var missing = false;
            for (var i = 0; i < countries.Count; i++)
            {
                var countryDays = days / countries.Count + (i == 0 ? days % countries.Count : 0);
                var countryNights = nights / countries.Count + (i == 0 ? nights % countries.Count : 0);
                if (book.GroupOf(countries[i]) is not { } group)
                {
                    warnings.Add(en ? $"{countries[i]} is in no country group of the norms." : $"{countries[i]} chưa thuộc nhóm nước nào trong định mức.");
                    missing = true;
                    continue;
                }
                groupsUsed.Add($"{countries[i]}: {group}");
                foreach (var m in people)
                {
                    var pd = book.Find(NormKinds.Outbound, group, NormCategories.Perdiem, m.Grade);
                    var ac = book.Find(NormKinds.Outbound, group, NormCategories.Accommodation, m.Grade);
                    if (pd is null || ac is null) { missing = true; continue; }
                    currency ??= pd.Currency;
                    perdiem += pd.Amount * countryDays;
                    accommodation += ac.Amount * countryNights;
                }
            }
            if (currency is null) yield break;
            if (missing) warnings.Add(en ? "Some members or countries could not be costed." : "Một số thành viên hoặc nước không tính được theo định mức.");
            var where = string.Join(", ", groupsUsed);
            yield return new CategoryNorm(BudgetCategory.Perdiem, perdiem, currency,
                en ? $"Meals and pocket money: {people.Count} people × {days} days (group {where}; {circulars})"
                   : $"Tiền ăn và tiêu vặt: {people.Count} người × {days} ngày (nhóm {where}; TT {circulars})");
            if (nights > 0)
                yield return new CategoryNorm(BudgetCategory.Accommodation, accommodation, currency,
                    en ? $"Accommodation: {people.Count} people × {nights} nights (group {where}; {circulars})"
                       : $"Tiền phòng: {people.Count} người × {nights} đêm (nhóm {where}; TT {circulars})");
            yield break;
        }

        var guestClass = p.GuestClass;
        if (guestClass is null || guestClass == "special")
        {
            warnings.Add(en ? "Special-class (or unclassified) guests have no reception norm: the host sets it." : "Khách hạng Đặc biệt (hoặc chưa xếp hạng) không có định mức: cơ quan chủ trì quyết định.");
            yield break;
        }
        decimal reception = 0, gifts = 0;
        var ok = false;
        foreach (var m in people)
        {
            var role = m.Role == MemberRole.Head ? "head" : "member";
            var meals = book.Find(NormKinds.Reception, guestClass, NormCategories.Meals, role);
            var room = book.Find(NormKinds.Reception, guestClass, NormCategories.Room, role);
            var gift = book.Find(NormKinds.Reception, guestClass, NormCategories.Gift, role);
            if (meals is null || room is null) continue;
            ok = true;
            reception += meals.Amount * days + room.Amount * nights;
            gifts += gift?.Amount ?? 0;
        }
        if (!ok) yield break;
        yield return new CategoryNorm(BudgetCategory.Reception, reception, "VND",
            en ? $"Meals and rooms: {people.Count} guests × {days} days, {nights} nights (class {guestClass}; {circulars})"
               : $"Ăn, ở: {people.Count} khách × {days} ngày, {nights} đêm (hạng {guestClass}; TT {circulars})");
        if (gifts > 0)
            yield return new CategoryNorm(BudgetCategory.Gifts, gifts, "VND",
                en ? $"Gifts: head and {people.Count - 1} members (class {guestClass}; {circulars})"
                   : $"Quà tặng: trưởng đoàn và {people.Count - 1} thành viên (hạng {guestClass}; TT {circulars})");
    }
}

/// <summary>Loads the norms of the proposal's norm date and flags its lines.</summary>
public static class BudgetNorms
{
    public static async Task CheckAsync(DelegationsDbContext db, Proposal p, BudgetOptions options, TimeProvider clock, CancellationToken ct)
    {
        var book = await NormBook.LoadAsync(db, BudgetNormCheck.NormDate(p, clock), ct);
        BudgetNormCheck.Apply(book, p, options);
    }

    public static async Task<BudgetEstimate> EstimateAsync(DelegationsDbContext db, Proposal p, BudgetOptions options, TimeProvider clock, string language, CancellationToken ct)
    {
        var book = await NormBook.LoadAsync(db, BudgetNormCheck.NormDate(p, clock), ct);
        return BudgetNormCheck.Estimate(book, p, options, language);
    }
}
