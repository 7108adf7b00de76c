using System.Globalization;
using Delegations.Web.Proposals;
using Delegations.Workflows.Time;

namespace Delegations.Web.Reports;

/// <summary>The compiled report's words and number/date formats, in Vietnamese (first) and English.</summary>
public sealed record ReportText
{
    public required string Language { get; init; }
    public required string Title { get; init; }
    public required string Period { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required string Department { get; init; }
    public required string AllDepartments { get; init; }
    public required string KindLabel { get; init; }
    public required string AllKinds { get; init; }
    public required string GeneratedAt { get; init; }
    public required string Basis { get; init; }
    public required string Figure { get; init; }
    public required string Value { get; init; }
    public required string Summary { get; init; }
    public required string Delegations { get; init; }
    public required string ByCountry { get; init; }
    public required string ByCounterpart { get; init; }
    public required string Agreements { get; init; }
    public required string FollowUps { get; init; }
    /// <summary>The hosted conferences of the year, for the annual summary to the Foreign Ministry (due 18 December).</summary>
    public string HostedConferences { get; init; } = "";
    public string Topic { get; init; } = "";
    public string Organisers { get; init; } = "";
    public string ForeignParticipants { get; init; } = "";
    public string PrimeMinister { get; init; } = "";
    public string AnnualSummaryDue { get; init; } = "";
    public required string None { get; init; }
    public required string Total { get; init; }
    public required string No { get; init; }
    public required string Reference { get; init; }
    public required string Kind { get; init; }
    public required string DelegationTitle { get; init; }
    public required string Head { get; init; }
    public required string Places { get; init; }
    public required string Counterparts { get; init; }
    public required string Start { get; init; }
    public required string End { get; init; }
    public required string Dates { get; init; }
    public required string Days { get; init; }
    public required string People { get; init; }
    public required string PlannedVnd { get; init; }
    public required string ActualVnd { get; init; }
    public required string DifferenceVnd { get; init; }
    public required string Meetings { get; init; }
    public required string AgreementsShort { get; init; }
    public required string FollowUpsOpen { get; init; }
    public required string FollowUpsOverdue { get; init; }
    public required string FollowUpsDone { get; init; }
    public required string ReportStatus { get; init; }
    public required string ReportFiled { get; init; }
    public required string ReportSummary { get; init; }
    public required string Country { get; init; }
    public required string Outbound { get; init; }
    public required string Inbound { get; init; }
    public required string Conferences { get; init; }
    public required string Organisation { get; init; }
    public required string SignedOn { get; init; }
    public required string Action { get; init; }
    public required string Owner { get; init; }
    public required string Due { get; init; }
    public required string Status { get; init; }
    public required string DoneAt { get; init; }
    public required string Note { get; init; }
    public required string DelegationsTotal { get; init; }
    public required string PersonDays { get; init; }
    public required string PlannedOfReported { get; init; }
    public required string CostsReported { get; init; }
    public required string GiftsGiven { get; init; }
    public required string GiftsReceived { get; init; }
    public required string ReportsFiled { get; init; }
    public required string ReportsLate { get; init; }
    public required string ReportsMissing { get; init; }
    public required string ReportsDue { get; init; }
    public required string ReportsUpcoming { get; init; }
    public required string MoneyFormat { get; init; }
    public required string DateFormat { get; init; }
    public required string DateTimeFormat { get; init; }
    public required IReadOnlyDictionary<ProposalKind, string> Kinds { get; init; }
    public required IReadOnlyDictionary<ReportState, string> States { get; init; }
    public required IReadOnlyDictionary<string, string> FollowUpStates { get; init; }

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Language == "en" ? "en-US" : "vi-VN");

    public string Number(long value) => value.ToString("#,##0", Culture);
    public string Money(long? value) => value is { } v ? Number(v) : "";
    public string DateText(DateOnly date) => Date(date, Language);
    public string MomentText(DateTimeOffset? moment) =>
        moment is { } m ? TimeZoneInfo.ConvertTime(m, WorkingDayCalendar.VietnamTime).ToString(Language == "en" ? "yyyy-MM-dd HH:mm" : "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "";

    public static string Date(DateOnly date, string language) =>
        date.ToString(language == "en" ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string NormaliseLanguage(string? language) => language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "vi";

    public static ReportText For(string? language) => NormaliseLanguage(language) == "en" ? English : Vietnamese;

    public static readonly ReportText Vietnamese = new()
    {
        Language = "vi",
        Title = "Báo cáo tổng hợp kết quả đoàn ra, đoàn vào",
        Period = "Kỳ báo cáo",
        From = "Từ ngày",
        To = "Đến ngày",
        Department = "Đơn vị",
        AllDepartments = "Tất cả các đơn vị",
        KindLabel = "Loại đoàn",
        AllKinds = "Đoàn ra, đoàn vào và hội nghị quốc tế",
        GeneratedAt = "Lập lúc",
        Basis = "Gồm các đoàn đã được phê duyệt có thời gian công tác giao với kỳ báo cáo (một đoàn kéo dài qua hai kỳ được tính ở cả hai kỳ); "
                + "tình trạng báo cáo và việc cần làm tính đến thời điểm lập.",
        Figure = "Chỉ tiêu",
        Value = "Số liệu",
        Summary = "Tổng hợp",
        Delegations = "Danh sách đoàn",
        ByCountry = "Theo quốc gia",
        ByCounterpart = "Theo đối tác",
        Agreements = "Thỏa thuận đã ký",
        FollowUps = "Việc cần làm sau chuyến đi",
        HostedConferences = "Hội nghị, hội thảo quốc tế do cơ quan tổ chức (tổng hợp năm gửi Bộ Ngoại giao)",
        Topic = "Chủ đề",
        Organisers = "Đơn vị tổ chức",
        ForeignParticipants = "Đại biểu nước ngoài",
        PrimeMinister = "Thủ tướng quyết định",
        AnnualSummaryDue = "Hạn gửi báo cáo tổng hợp năm",
        None = "Không có.",
        Total = "Tổng cộng",
        No = "STT",
        Reference = "Số hiệu",
        Kind = "Loại",
        DelegationTitle = "Tên đoàn",
        Head = "Trưởng đoàn",
        Places = "Địa điểm",
        Counterparts = "Đối tác",
        Start = "Từ ngày",
        End = "Đến ngày",
        Dates = "Thời gian",
        Days = "Số ngày",
        People = "Số người",
        PlannedVnd = "Dự toán (VND)",
        ActualVnd = "Thực chi (VND)",
        DifferenceVnd = "Chênh lệch (VND)",
        Meetings = "Số buổi làm việc",
        AgreementsShort = "Thỏa thuận",
        FollowUpsOpen = "Việc đang mở",
        FollowUpsOverdue = "Việc quá hạn",
        FollowUpsDone = "Việc đã xong",
        ReportStatus = "Báo cáo",
        ReportFiled = "Ngày nộp báo cáo",
        ReportSummary = "Tóm tắt kết quả",
        Country = "Quốc gia",
        Outbound = "Đoàn ra",
        Inbound = "Đoàn vào",
        Conferences = "Hội nghị quốc tế",
        Organisation = "Cơ quan, tổ chức",
        SignedOn = "Ngày ký",
        Action = "Nội dung",
        Owner = "Đơn vị, người thực hiện",
        Due = "Hạn",
        Status = "Tình trạng",
        DoneAt = "Ngày hoàn thành",
        Note = "Ghi chú",
        DelegationsTotal = "Tổng số đoàn",
        PersonDays = "Số người × ngày",
        PlannedOfReported = "Dự toán của các đoàn đã báo cáo thực chi (VND)",
        CostsReported = "Số đoàn đã báo cáo thực chi",
        GiftsGiven = "Quà tặng đã trao",
        GiftsReceived = "Quà tặng đã nhận",
        ReportsFiled = "Báo cáo đã nộp",
        ReportsLate = "Báo cáo nộp muộn",
        ReportsMissing = "Báo cáo quá hạn chưa nộp",
        ReportsDue = "Báo cáo đang chờ nộp (chưa quá hạn)",
        ReportsUpcoming = "Đoàn chưa đến kỳ báo cáo",
        MoneyFormat = "#,##0\" ₫\"",
        DateFormat = "dd/mm/yyyy",
        DateTimeFormat = "dd/mm/yyyy hh:mm",
        Kinds = new Dictionary<ProposalKind, string> { [ProposalKind.Outbound] = "Đoàn ra", [ProposalKind.Inbound] = "Đoàn vào", [ProposalKind.Conference] = "Hội nghị quốc tế" },
        States = new Dictionary<ReportState, string>
        {
            [ReportState.Filed] = "Đã nộp", [ReportState.Late] = "Nộp muộn", [ReportState.Due] = "Chờ nộp",
            [ReportState.Missing] = "Quá hạn, chưa nộp", [ReportState.Upcoming] = "Chưa đến kỳ", [ReportState.NotRequired] = "Không yêu cầu",
        },
        FollowUpStates = new Dictionary<string, string> { ["open"] = "Đang thực hiện", ["overdue"] = "Quá hạn", ["done"] = "Đã xong" },
    };

    public static readonly ReportText English = Vietnamese with
    {
        Language = "en",
        Title = "Compiled report on outbound and inbound delegations",
        Period = "Period",
        From = "From",
        To = "To",
        Department = "Department",
        AllDepartments = "All departments",
        KindLabel = "Kind",
        AllKinds = "Outbound, inbound and hosted conferences",
        GeneratedAt = "Generated",
        Basis = "Approved delegations whose dates overlap the period (a delegation spanning two periods counts in both); "
                + "reports and follow-up actions as they stand when the report was generated.",
        Figure = "Figure",
        Value = "Value",
        Summary = "Summary",
        Delegations = "Delegations",
        ByCountry = "By country",
        ByCounterpart = "By counterpart",
        Agreements = "Agreements signed",
        FollowUps = "Follow-up actions",
        HostedConferences = "International conferences hosted (the year's summary for the Foreign Ministry)",
        Topic = "Topic",
        Organisers = "Organisers",
        ForeignParticipants = "Foreign participants",
        PrimeMinister = "Prime Minister decides",
        AnnualSummaryDue = "Annual summary due",
        None = "None.",
        Total = "Total",
        No = "No.",
        Reference = "Reference",
        Kind = "Kind",
        DelegationTitle = "Delegation",
        Head = "Head",
        Places = "Places",
        Counterparts = "Counterparts",
        Start = "From",
        End = "To",
        Dates = "Dates",
        Days = "Days",
        People = "People",
        PlannedVnd = "Planned (VND)",
        ActualVnd = "Actual (VND)",
        DifferenceVnd = "Difference (VND)",
        Meetings = "Meetings",
        AgreementsShort = "Agreements",
        FollowUpsOpen = "Follow-ups open",
        FollowUpsOverdue = "Follow-ups overdue",
        FollowUpsDone = "Follow-ups done",
        ReportStatus = "Report",
        ReportFiled = "Report filed",
        ReportSummary = "Summary of results",
        Country = "Country",
        Outbound = "Outbound",
        Inbound = "Inbound",
        Conferences = "Conferences",
        Organisation = "Organisation",
        SignedOn = "Signed on",
        Action = "Action",
        Owner = "Owner",
        Due = "Due",
        Status = "Status",
        DoneAt = "Done on",
        Note = "Note",
        DelegationsTotal = "Delegations",
        PersonDays = "Person-days",
        PlannedOfReported = "Planned cost of the delegations that reported actual costs (VND)",
        CostsReported = "Delegations that reported actual costs",
        GiftsGiven = "Gifts given",
        GiftsReceived = "Gifts received",
        ReportsFiled = "Reports filed",
        ReportsLate = "Reports filed late",
        ReportsMissing = "Reports overdue, not filed",
        ReportsDue = "Reports due (not yet overdue)",
        ReportsUpcoming = "Delegations not yet due to report",
        MoneyFormat = "#,##0\" VND\"",
        DateFormat = "yyyy-mm-dd",
        DateTimeFormat = "yyyy-mm-dd hh:mm",
        Kinds = new Dictionary<ProposalKind, string> { [ProposalKind.Outbound] = "Outbound", [ProposalKind.Inbound] = "Inbound", [ProposalKind.Conference] = "Conference" },
        States = new Dictionary<ReportState, string>
        {
            [ReportState.Filed] = "Filed", [ReportState.Late] = "Filed late", [ReportState.Due] = "Due",
            [ReportState.Missing] = "Overdue, not filed", [ReportState.Upcoming] = "Not yet due", [ReportState.NotRequired] = "Not required",
        },
        FollowUpStates = new Dictionary<string, string> { ["open"] = "Open", ["overdue"] = "Overdue", ["done"] = "Done" },
    };

    /// <summary>The summary figures in print order: label and value (money marked, so formats can tell).</summary>
    public IReadOnlyList<(string Label, long? Value, bool Money)> Figures(CompiledTotals t) =>
    [
        (Outbound, t.Outbound, false),
        (Inbound, t.Inbound, false),
        (Conferences, t.Conferences, false),
        (DelegationsTotal, t.Delegations, false),
        (People, t.People, false),
        (Days, t.Days, false),
        (PersonDays, t.PersonDays, false),
        (PlannedVnd, t.PlannedVnd, true),
        (ActualVnd, t.ActualVnd, true),
        (PlannedOfReported, t.PlannedVndOfReportedCosts, true),
        (CostsReported, t.CostsReported, false),
        (Meetings, t.Meetings, false),
        (Agreements, t.Agreements, false),
        (GiftsGiven, t.GiftsGiven, false),
        (GiftsReceived, t.GiftsReceived, false),
        (FollowUpsOpen, t.FollowUpsOpen, false),
        (FollowUpsOverdue, t.FollowUpsOverdue, false),
        (FollowUpsDone, t.FollowUpsDone, false),
        (ReportsFiled, t.ReportsFiled, false),
        (ReportsLate, t.ReportsLate, false),
        (ReportsMissing, t.ReportsMissing, false),
        (ReportsDue, t.ReportsDue, false),
        (ReportsUpcoming, t.ReportsUpcoming, false),
    ];
}
