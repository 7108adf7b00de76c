using System.Globalization;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Time;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Reports;

/// <summary>A reporting period: a month, a quarter, a year or any range of days (both ends included).</summary>
public sealed record ReportPeriod(string Kind, DateOnly From, DateOnly To)
{
    public const string MonthKind = "month";
    public const string QuarterKind = "quarter";
    public const string YearKind = "year";
    public const string CustomKind = "custom";

    public static ReportPeriod Month(int year, int month) => new(MonthKind, new DateOnly(year, month, 1), new DateOnly(year, month, 1).AddMonths(1).AddDays(-1));

    public static ReportPeriod Quarter(int year, int quarter) =>
        new(QuarterKind, new DateOnly(year, quarter * 3 - 2, 1), new DateOnly(year, quarter * 3 - 2, 1).AddMonths(3).AddDays(-1));

    public static ReportPeriod PreviousMonth(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return Month(first.Year, first.Month);
    }

    public static ReportPeriod PreviousQuarter(DateOnly today)
    {
        var start = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        return Quarter(start.Year, (start.Month - 1) / 3 + 1);
    }

    /// <summary>Names a range by what it is, so "2025-04-01 to 2025-06-30" reads as the second quarter.</summary>
    public static ReportPeriod Of(DateOnly from, DateOnly to)
    {
        if (from.Day == 1 && to == from.AddMonths(1).AddDays(-1)) return new(MonthKind, from, to);
        if (from.Day == 1 && from.Month % 3 == 1 && to == from.AddMonths(3).AddDays(-1)) return new(QuarterKind, from, to);
        if (from.Day == 1 && from.Month == 1 && to == from.AddYears(1).AddDays(-1)) return new(YearKind, from, to);
        return new(CustomKind, from, to);
    }

    public int QuarterNumber => (From.Month - 1) / 3 + 1;

    public string Label(string language) => (Kind, language) switch
    {
        (MonthKind, "en") => From.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        (MonthKind, _) => $"Tháng {From.Month}/{From.Year}",
        (QuarterKind, "en") => $"Q{QuarterNumber} {From.Year}",
        (QuarterKind, _) => $"Quý {new[] { "I", "II", "III", "IV" }[QuarterNumber - 1]}/{From.Year}",
        (YearKind, "en") => From.Year.ToString(CultureInfo.InvariantCulture),
        (YearKind, _) => $"Năm {From.Year}",
        _ => $"{ReportText.Date(From, language)} – {ReportText.Date(To, language)}",
    };

    /// <summary>A short stable key for file names and dedup keys: 2025-08, 2025-Q3, 2025, 2024-01-01_2025-12-31.</summary>
    public string Key => Kind switch
    {
        MonthKind => From.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        QuarterKind => $"{From.Year}-Q{QuarterNumber}",
        YearKind => From.Year.ToString(CultureInfo.InvariantCulture),
        _ => $"{From:yyyy-MM-dd}_{To:yyyy-MM-dd}",
    };
}

/// <summary>Where a delegation's report stands, as of the moment the compiled report is made.</summary>
public enum ReportState
{
    /// <summary>Filed on time.</summary>
    Filed,
    /// <summary>Filed after its due time.</summary>
    Late,
    /// <summary>Not filed; its task is open and not yet overdue.</summary>
    Due,
    /// <summary>Not filed and overdue.</summary>
    Missing,
    /// <summary>The delegation has not ended (or its report task has not opened yet).</summary>
    Upcoming,
    /// <summary>Completed by a workflow without a report step.</summary>
    NotRequired,
}

public sealed record CompiledPeriodView(string Kind, DateOnly From, DateOnly To, string Label);
public sealed record CompiledDepartmentView(string Code, string Name);

public sealed record CompiledTotals
{
    public int Delegations { get; init; }
    public int Outbound { get; init; }
    public int Inbound { get; init; }
    public int Conferences { get; init; }
    public int People { get; init; }
    public int PeopleOutbound { get; init; }
    public int PeopleInbound { get; init; }
    public int Days { get; init; }
    public int PersonDays { get; init; }
    public long PlannedVnd { get; init; }
    /// <summary>Actual cost of the delegations that reported costs; null when none did.</summary>
    public long? ActualVnd { get; init; }
    /// <summary>The planned cost of those same delegations, to compare like with like.</summary>
    public long PlannedVndOfReportedCosts { get; init; }
    public int CostsReported { get; init; }
    public int Meetings { get; init; }
    public int Agreements { get; init; }
    public int GiftsGiven { get; init; }
    public int GiftsReceived { get; init; }
    public int FollowUpsOpen { get; init; }
    public int FollowUpsOverdue { get; init; }
    public int FollowUpsDone { get; init; }
    public int ReportsFiled { get; init; }
    public int ReportsLate { get; init; }
    public int ReportsMissing { get; init; }
    public int ReportsDue { get; init; }
    public int ReportsUpcoming { get; init; }
}

public sealed record CountryRow(string Country, string Name, int Outbound, int Inbound, int Conferences, int Delegations, int People);
public sealed record CounterpartRow(string Organisation, string Country, string CountryName, int Outbound, int Inbound, int Conferences, int Delegations);
public sealed record CompiledAgreementRow(string ReferenceNumber, string Title, string Counterpart, DateOnly SignedOn);
public sealed record CompiledFollowUpRow(string ReferenceNumber, string Action, string Owner, DateOnly Due, string Status, DateTimeOffset? DoneAt, string? DoneNote);

public sealed record DelegationRow
{
    public required Guid Id { get; init; }
    public required string ReferenceNumber { get; init; }
    public required ProposalKind Kind { get; init; }
    public required ProposalStatus Status { get; init; }
    public required string Title { get; init; }
    public required string DepartmentCode { get; init; }
    public required string Department { get; init; }
    public string? Head { get; init; }
    public string? HeadTitle { get; init; }
    public required IReadOnlyList<string> Countries { get; init; }
    /// <summary>Cities and countries (outbound) or the venue (inbound), as text.</summary>
    public required string Places { get; init; }
    public required IReadOnlyList<string> Counterparts { get; init; }
    public required DateOnly StartDate { get; init; }
    public required DateOnly EndDate { get; init; }
    public required int Days { get; init; }
    public required int People { get; init; }
    public required long PlannedVnd { get; init; }
    public long? ActualVnd { get; init; }
    public long? DifferenceVnd { get; init; }
    public required int Meetings { get; init; }
    public required int Agreements { get; init; }
    public required int GiftsGiven { get; init; }
    public required int GiftsReceived { get; init; }
    public required int FollowUpsOpen { get; init; }
    public required int FollowUpsOverdue { get; init; }
    public required int FollowUpsDone { get; init; }
    public required ReportState Report { get; init; }
    public DateTimeOffset? ReportDue { get; init; }
    public DateTimeOffset? ReportFiledAt { get; init; }
    public string? Summary { get; init; }
    public string? Results { get; init; }
}

/// <summary>The compiled post-trip report of a period (design §7): counts, money, agreements, follow-ups, reports, and one row per delegation.</summary>
public sealed record CompiledReport
{
    public required CompiledPeriodView Period { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public required string Language { get; init; }
    public CompiledDepartmentView? Department { get; init; }
    public ProposalKind? Kind { get; init; }
    /// <summary>What "in the period" means, in words (also printed on the report).</summary>
    public required string Basis { get; init; }
    public required CompiledTotals Totals { get; init; }
    public required IReadOnlyList<CountryRow> ByCountry { get; init; }
    public required IReadOnlyList<CounterpartRow> ByCounterpart { get; init; }
    public required IReadOnlyList<CompiledAgreementRow> Agreements { get; init; }
    public required IReadOnlyList<CompiledFollowUpRow> FollowUps { get; init; }
    public required IReadOnlyList<DelegationRow> Delegations { get; init; }
    /// <summary>The hosted conferences (Decision 06/2020/QĐ-TTg): the list for the annual summary to the Foreign Ministry.</summary>
    public IReadOnlyList<HostedConferenceRow> HostedConferences { get; init; } = [];
    /// <summary>18 December of the period's last year: when that year's summary of hosted conferences is due.</summary>
    public DateOnly AnnualSummaryDue { get; init; }
}

public sealed record HostedConferenceRow(string ReferenceNumber, string Title, string? Topic, string? Organisers, string? Venue, DateOnly StartDate, DateOnly EndDate,
    int Participants, int ForeignParticipants, IReadOnlyList<string> Countries, bool UnderPrimeMinister, ReportState Report, DateTimeOffset? ReportFiledAt);

/// <summary>What to compile: a period, optionally one department (with its sub-departments) and one kind, in a language.</summary>
public sealed record CompiledReportRequest(ReportPeriod Period, Guid? DepartmentId, ProposalKind? Kind, string Language);

/// <summary>
/// Compiles the report. A delegation is in the period when its dates overlap the period (a trip from 30 April to
/// 2 May is in April and in May, each time with all its figures) and it was approved (status approved, report_due
/// or completed): drafts, proposals under review, rejected or cancelled ones are not delegations. Follow-ups and
/// reports are counted as they stand when the report is made.
/// </summary>
public sealed class CompiledReports(DelegationsDbContext db, TimeProvider clock)
{
    public static readonly IReadOnlyList<ProposalStatus> Counted = [ProposalStatus.Approved, ProposalStatus.ReportDue, ProposalStatus.Completed];

    /// <summary>Departments a request may cover: the given one and its sub-departments, within what the scope allows.</summary>
    public async Task<IReadOnlyList<Guid>?> DepartmentsAsync(CompiledReportScope scope, Guid? department, CancellationToken ct)
    {
        var all = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId }).ToListAsync(ct);
        var children = all.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!.Value, d => d.Id);
        HashSet<Guid> Subtree(IEnumerable<Guid> roots)
        {
            var found = new HashSet<Guid>();
            var queue = new Queue<Guid>(roots);
            while (queue.TryDequeue(out var id))
                if (found.Add(id)) foreach (var c in children[id]) queue.Enqueue(c);
            return found;
        }
        var allowed = scope.All ? null : Subtree(scope.Departments);
        if (department is { } d)
        {
            if (allowed is not null && !allowed.Contains(d)) return null;
            return Subtree([d]).ToList();
        }
        return allowed?.ToList() ?? [];
    }

    /// <param name="departments">Empty: every department.</param>
    public async Task<CompiledReport> BuildAsync(CompiledReportRequest request, IReadOnlyList<Guid> departments, CancellationToken ct)
    {
        var (from, to) = (request.Period.From, request.Period.To);
        var language = request.Language;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, WorkingDayCalendar.VietnamTime).DateTime);
        var statuses = Counted.ToList();

        var q = db.Proposals.AsNoTracking().Where(p => statuses.Contains(p.Status) && p.StartDate <= to && p.EndDate >= from);
        if (departments.Count > 0) q = q.Where(p => departments.Contains(p.DepartmentId));
        if (request.Kind is { } kind) q = q.Where(p => p.Kind == kind);
        var proposals = await q.Include(p => p.Members).Include(p => p.Destinations).Include(p => p.Counterparts).Include(p => p.Department)
            .Include(p => p.Participants).AsSplitQuery().ToListAsync(ct);
        var ids = proposals.Select(p => p.Id).ToList();
        var reports = (await db.Reports.AsNoTracking().Where(r => ids.Contains(r.ProposalId))
            .Include(r => r.Agreements).Include(r => r.FollowUps).Include(r => r.Meetings).Include(r => r.Gifts).Include(r => r.Costs)
            .AsSplitQuery().ToListAsync(ct)).ToDictionary(r => r.ProposalId);
        var reportTasks = (await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.ProposalId) && t.TaskKind == ReportCommands.TaskKind).ToListAsync(ct))
            .GroupBy(t => t.ProposalId).ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.CreatedAt).First());

        var rows = new List<DelegationRow>();
        foreach (var p in proposals.OrderBy(p => p.StartDate).ThenBy(p => p.ReferenceNumber))
        {
            reports.TryGetValue(p.Id, out var report);
            reportTasks.TryGetValue(p.Id, out var task);
            var members = p.Members.Where(m => !m.Removed).ToList();
            var head = members.FirstOrDefault(m => m.Role == MemberRole.Head);
            var followUps = report?.FollowUps ?? [];
            long? actual = report is { Costs.Count: > 0 } ? report.Costs.Sum(c => c.AmountVnd) : null;
            var state = report is not null ? (report.Late ? ReportState.Late : ReportState.Filed)
                : task is { Status: TaskStatuses.Open } ? (task.Due is { } due && due < now ? ReportState.Missing : ReportState.Due)
                : p.Status == ProposalStatus.Completed ? ReportState.NotRequired
                : ReportState.Upcoming;
            rows.Add(new DelegationRow
            {
                Id = p.Id,
                ReferenceNumber = p.ReferenceNumber,
                Kind = p.Kind,
                Status = p.Status,
                Title = p.Title,
                DepartmentCode = p.Department!.Code,
                Department = p.Department.Name(language),
                Head = head?.FullName,
                HeadTitle = head?.Title,
                Countries = CountriesOf(p),
                Places = PlacesOf(p, language),
                Counterparts = p.Counterparts.OrderBy(c => c.Position).Select(c => c.Organisation).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                StartDate = p.StartDate,
                EndDate = p.EndDate,
                Days = p.Days,
                // A hosted conference's people are its participants (the members are its organisers).
                People = p.Kind == ProposalKind.Conference && p.Participants.Count > 0 ? p.Participants.Sum(x => x.Count) : members.Count,
                PlannedVnd = p.TotalVnd,
                ActualVnd = actual,
                DifferenceVnd = actual - p.TotalVnd,
                Meetings = report?.Meetings.Count ?? 0,
                Agreements = report?.Agreements.Count ?? 0,
                GiftsGiven = report?.Gifts.Count(g => g.Direction == GiftDirection.Given) ?? 0,
                GiftsReceived = report?.Gifts.Count(g => g.Direction == GiftDirection.Received) ?? 0,
                FollowUpsOpen = followUps.Count(f => f.DoneAt is null),
                FollowUpsOverdue = followUps.Count(f => f.DoneAt is null && f.Due < today),
                FollowUpsDone = followUps.Count(f => f.DoneAt is not null),
                Report = state,
                ReportDue = task?.Due,
                ReportFiledAt = report?.FiledAt,
                Summary = report?.Summary,
                Results = report?.Results,
            });
        }

        var withCosts = rows.Where(r => r.ActualVnd is not null).ToList();
        var totals = new CompiledTotals
        {
            Delegations = rows.Count,
            Outbound = rows.Count(r => r.Kind == ProposalKind.Outbound),
            Inbound = rows.Count(r => r.Kind == ProposalKind.Inbound),
            Conferences = rows.Count(r => r.Kind == ProposalKind.Conference),
            People = rows.Sum(r => r.People),
            PeopleOutbound = rows.Where(r => r.Kind == ProposalKind.Outbound).Sum(r => r.People),
            PeopleInbound = rows.Where(r => r.Kind != ProposalKind.Outbound).Sum(r => r.People),
            Days = rows.Sum(r => r.Days),
            PersonDays = rows.Sum(r => r.Days * r.People),
            PlannedVnd = rows.Sum(r => r.PlannedVnd),
            ActualVnd = withCosts.Count == 0 ? null : withCosts.Sum(r => r.ActualVnd!.Value),
            PlannedVndOfReportedCosts = withCosts.Sum(r => r.PlannedVnd),
            CostsReported = withCosts.Count,
            Meetings = rows.Sum(r => r.Meetings),
            Agreements = rows.Sum(r => r.Agreements),
            GiftsGiven = rows.Sum(r => r.GiftsGiven),
            GiftsReceived = rows.Sum(r => r.GiftsReceived),
            FollowUpsOpen = rows.Sum(r => r.FollowUpsOpen),
            FollowUpsOverdue = rows.Sum(r => r.FollowUpsOverdue),
            FollowUpsDone = rows.Sum(r => r.FollowUpsDone),
            ReportsFiled = rows.Count(r => r.Report is ReportState.Filed or ReportState.Late),
            ReportsLate = rows.Count(r => r.Report == ReportState.Late),
            ReportsMissing = rows.Count(r => r.Report == ReportState.Missing),
            ReportsDue = rows.Count(r => r.Report == ReportState.Due),
            ReportsUpcoming = rows.Count(r => r.Report == ReportState.Upcoming),
        };

        var byCountry = rows.SelectMany(r => r.Countries.Select(c => (Country: c, Row: r)))
            .GroupBy(x => x.Country)
            .Select(g => new CountryRow(g.Key, Countries.Name(g.Key, language),
                g.Count(x => x.Row.Kind == ProposalKind.Outbound), g.Count(x => x.Row.Kind == ProposalKind.Inbound), g.Count(x => x.Row.Kind == ProposalKind.Conference),
                g.Count(), g.Sum(x => x.Row.People)))
            .OrderByDescending(c => c.Delegations).ThenBy(c => c.Name, StringComparer.Create(CultureInfo.GetCultureInfo(language == "en" ? "en" : "vi"), false))
            .ToList();

        var byCounterpart = proposals
            .SelectMany(p => p.Counterparts.OrderBy(c => c.Position).DistinctBy(c => Normalise(c.Organisation)).Select(c => (Counterpart: c, p.Kind)))
            .GroupBy(x => Normalise(x.Counterpart.Organisation))
            .Select(g => new CounterpartRow(g.First().Counterpart.Organisation, g.First().Counterpart.Country, Countries.Name(g.First().Counterpart.Country, language),
                g.Count(x => x.Kind == ProposalKind.Outbound), g.Count(x => x.Kind == ProposalKind.Inbound), g.Count(x => x.Kind == ProposalKind.Conference), g.Count()))
            .OrderByDescending(c => c.Delegations).ThenBy(c => c.Organisation, StringComparer.Create(CultureInfo.GetCultureInfo(language == "en" ? "en" : "vi"), false))
            .ToList();

        var byRef = proposals.ToDictionary(p => p.Id, p => p.ReferenceNumber);
        var agreements = reports.Values.SelectMany(r => r.Agreements.Select(a => new CompiledAgreementRow(byRef[r.ProposalId], a.Title, a.Counterpart, a.SignedOn)))
            .OrderBy(a => a.SignedOn).ThenBy(a => a.ReferenceNumber).ToList();
        var followUpRows = reports.Values.SelectMany(r => r.FollowUps.OrderBy(f => f.Position).Select(f => new CompiledFollowUpRow(byRef[r.ProposalId], f.Action, f.Owner, f.Due,
                f.DoneAt is not null ? "done" : f.Due < today ? "overdue" : "open", f.DoneAt, f.DoneNote)))
            .OrderBy(f => f.Status switch { "overdue" => 0, "open" => 1, _ => 2 }).ThenBy(f => f.Due).ThenBy(f => f.ReferenceNumber).ToList();

        Department? department = null;
        if (request.DepartmentId is { } did) department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == did, ct);
        return new CompiledReport
        {
            Period = new CompiledPeriodView(request.Period.Kind, from, to, request.Period.Label(language)),
            GeneratedAt = now,
            Language = language,
            Department = department is null ? null : new CompiledDepartmentView(department.Code, department.Name(language)),
            Kind = request.Kind,
            Basis = ReportText.For(language).Basis,
            Totals = totals,
            ByCountry = byCountry,
            ByCounterpart = byCounterpart,
            Agreements = agreements,
            FollowUps = followUpRows,
            Delegations = rows,
            HostedConferences = proposals.Where(p => p.Kind == ProposalKind.Conference).OrderBy(p => p.StartDate).ThenBy(p => p.ReferenceNumber).Select(p =>
            {
                var row = rows.First(r => r.Id == p.Id);
                var foreign = p.Participants.Where(x => !x.Country.Equals("VN", StringComparison.OrdinalIgnoreCase)).ToList();
                return new HostedConferenceRow(p.ReferenceNumber, p.Title, p.ConferenceTopic, p.ConferenceOrganisers,
                    string.Join(", ", new[] { p.VenuePlace, p.VenueCity }.Where(v => !string.IsNullOrWhiteSpace(v))), p.StartDate, p.EndDate,
                    p.Participants.Sum(x => x.Count), foreign.Sum(x => x.Count), foreign.Select(x => x.Country).Distinct().Order().ToList(),
                    p.UnderPrimeMinister, row.Report, row.ReportFiledAt);
            }).ToList(),
            AnnualSummaryDue = new DateOnly(to.Year, 12, 18),
        };
    }

    private static string Normalise(string organisation) => SearchText.Fold(organisation).Trim();

    /// <summary>Outbound: the countries travelled to. Inbound and conferences: where the guests come from (their organisations' countries).</summary>
    public static IReadOnlyList<string> CountriesOf(Proposal p)
    {
        var codes = p.Kind == ProposalKind.Outbound
            ? p.Destinations.OrderBy(d => d.Position).Select(d => d.Country)
            : p.Counterparts.OrderBy(c => c.Position).Select(c => c.Country).DefaultIfEmpty()
                .Concat(p.Counterparts.Count == 0 ? p.Members.Where(m => !m.Removed && m.Nationality is not null).Select(m => m.Nationality!) : []);
        return codes.Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).Distinct().ToList();
    }

    private static string PlacesOf(Proposal p, string language) => p.Kind == ProposalKind.Outbound
        ? string.Join("; ", p.Destinations.OrderBy(d => d.Position).GroupBy(d => d.Country)
            .Select(g => $"{string.Join(", ", g.Select(d => d.City))} ({Countries.Name(g.Key, language)})"))
        : string.Join(", ", new[] { p.VenuePlace, p.VenueCity }.Where(s => !string.IsNullOrWhiteSpace(s)));
}
