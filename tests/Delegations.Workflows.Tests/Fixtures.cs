using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Time;

namespace Delegations.Workflows.Tests;

/// <summary>
/// The default definitions and the seed delegations (../shared/seeds) as the proposal data the host passes to the
/// engine. Names and titles are from the news reports; members beyond those named there are fictional.
/// </summary>
internal static class Fixtures
{
    private static readonly string WorkflowsDir = Path.Combine(AppContext.BaseDirectory, "workflows");

    public static string DefinitionJson(string id) => File.ReadAllText(Path.Combine(WorkflowsDir, id + ".json"));

    public static WorkflowDefinition Outbound { get; } = new DefinitionLoader().Load(DefinitionJson("outbound-delegation"));
    public static WorkflowDefinition Inbound { get; } = new DefinitionLoader().Load(DefinitionJson("inbound-delegation"));

    public static WorkingDayCalendar Calendar { get; } =
        WorkingDayCalendar.FromJson(File.ReadAllText(Path.Combine(WorkflowsDir, "calendars", "vn-public-holidays.json")));

    public static DateTimeOffset VietnamTime(int year, int month, int day, int hour = 9) =>
        new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    /// <summary>Seed 001: Minister Huỳnh Thành Đạt's delegation to Beijing and Shanghai, 22–26/4/2024.</summary>
    public static JsonObject MinisterBeijingShanghai2024() => new()
    {
        ["kind"] = "outbound",
        ["title"] = "Đoàn công tác của Bộ KH&CN thăm và làm việc tại Trung Quốc",
        ["purpose"] = "Hội đàm với Bộ trưởng Bộ KH&CN Trung Quốc Âm Hoà Tuấn; tham dự Diễn đàn Trung Quan Thôn 2024; ký Biên bản ghi nhớ với Ủy ban KH&CN Thượng Hải.",
        ["startDate"] = "2024-04-22",
        ["endDate"] = "2024-04-26",
        ["inAnnualPlan"] = true,
        ["ledByLeader"] = true,
        ["destinations"] = new JsonArray(
            new JsonObject { ["country"] = "CN", ["city"] = "Bắc Kinh" },
            new JsonObject { ["country"] = "CN", ["city"] = "Thượng Hải" }),
        ["members"] = new JsonArray(
            Member("Huỳnh Thành Đạt", "Bộ trưởng Bộ Khoa học và Công nghệ", "head", "minister"),
            Member("Trần Thị Minh Hà", "Vụ trưởng Vụ Hợp tác quốc tế", "member", "director-general"),
            Member("Lê Quang Huy", "Cục trưởng Cục Phát triển thị trường và Doanh nghiệp KH&CN", "member", "director-general"),
            Member("Nguyễn Hoàng Long", "Chánh Văn phòng Bộ", "member", "director-general"),
            Member("Phan Thu Trang", "Chuyên viên chính, phiên dịch tiếng Trung", "interpreter", "officer")),
        ["budget"] = new JsonObject { ["source"] = "state-budget", ["totalVnd"] = 612_500_000 },
    };

    /// <summary>Seed 002: the Thừa Thiên Huế union's working visit to JICA and KOICA (a small, in-country trip).</summary>
    public static JsonObject HueUnionJicaKoica2024() => new()
    {
        ["kind"] = "outbound",
        ["title"] = "Làm việc với JICA và KOICA về huy động nguồn lực KH&CN cho Thừa Thiên Huế",
        ["purpose"] = "Kết nối chuyên gia, đề xuất dự án gửi JICA và KOICA.",
        ["startDate"] = "2024-04-23",
        ["endDate"] = "2024-04-23",
        ["inAnnualPlan"] = true,
        ["ledByLeader"] = false,
        ["destinations"] = new JsonArray(new JsonObject { ["country"] = "VN", ["city"] = "Hà Nội" }),
        ["members"] = new JsonArray(
            Member("Đặng Thanh Phú", "Phó Chủ tịch Liên hiệp các Hội KH&KT tỉnh Thừa Thiên Huế", "head", "deputy-director"),
            Member("Hồ Thị Thu Hằng", "Chuyên viên Ban Khoa học", "member", "officer")),
        ["budget"] = new JsonObject { ["source"] = "union-budget", ["totalVnd"] = 18_000_000 },
    };

    /// <summary>Seed 003: Deputy Minister Bùi Thế Duy at UNESCO's science diplomacy ministerial, Paris, 25–26/3/2025.</summary>
    public static JsonObject DeputyMinisterParisUnesco2025() => new()
    {
        ["kind"] = "outbound",
        ["title"] = "Tham dự Hội nghị Bộ trưởng Ngoại giao Khoa học của UNESCO tại Paris",
        ["purpose"] = "Phát biểu tại phiên toàn thể; gặp song phương UNESCO và Bộ trưởng KH&CN Sri Lanka.",
        ["startDate"] = "2025-03-24",
        ["endDate"] = "2025-03-27",
        ["inAnnualPlan"] = false,
        ["ledByLeader"] = true,
        ["destinations"] = new JsonArray(new JsonObject { ["country"] = "FR", ["city"] = "Paris" }),
        ["members"] = new JsonArray(
            Member("Bùi Thế Duy", "Thứ trưởng Bộ Khoa học và Công nghệ", "head", "deputy-minister"),
            Member("Ngô Thanh Bình", "Phó Vụ trưởng Vụ Hợp tác quốc tế", "member", "deputy-director"),
            Member("Đinh Khánh Linh", "Chuyên viên Vụ Hợp tác quốc tế", "secretary", "officer")),
        ["budget"] = new JsonObject { ["source"] = "state-budget", ["totalVnd"] = 385_000_000 },
    };

    /// <summary>Seed 004: CAS vice-president He Hongping received by Deputy Minister Bùi Thế Duy, Hà Nội, 1/4/2025.</summary>
    public static JsonObject CasVisit2025() => new()
    {
        ["kind"] = "inbound",
        ["title"] = "Đón tiếp Phó Chủ tịch Viện Hàn lâm Khoa học Trung Quốc Hà Hồng Bình",
        ["purpose"] = "Thúc đẩy hợp tác về trí tuệ nhân tạo và chuyển đổi số.",
        ["startDate"] = "2025-04-01",
        ["endDate"] = "2025-04-01",
        ["guestClass"] = "B",
        ["inAnnualPlan"] = true,
        ["venue"] = new JsonObject { ["city"] = "Hà Nội", ["place"] = "Trụ sở Bộ Khoa học và Công nghệ" },
        ["members"] = new JsonArray(
            Member("Hà Hồng Bình (He Hongping)", "Phó Chủ tịch Viện Hàn lâm Khoa học Trung Quốc", "head", "deputy-minister")),
        ["budget"] = new JsonObject { ["source"] = "state-budget", ["totalVnd"] = 45_000_000 },
    };

    /// <summary>Seed 000: the Beijing Association for Science and Technology received by VUSTA in Đà Nẵng, 7/8/2025.</summary>
    public static JsonObject BastDaNang2025() => new()
    {
        ["kind"] = "inbound",
        ["title"] = "Làm việc với Đoàn Hiệp hội Khoa học và Công nghệ Bắc Kinh (BAST)",
        ["purpose"] = "Bên lề Hội nghị giữa kỳ lần thứ 24 của AFEO; ký Biên bản ghi nhớ VUSTA – CAST.",
        ["startDate"] = "2025-08-07",
        ["endDate"] = "2025-08-07",
        ["guestClass"] = "C",
        ["inAnnualPlan"] = true,
        ["venue"] = new JsonObject { ["city"] = "Đà Nẵng", ["place"] = "Trụ sở Liên hiệp các Hội KH&KT TP. Đà Nẵng" },
        ["members"] = new JsonArray(
            Member("Lý Cẩm Đào (Li Jintao)", "Tổng Thư ký BAST", "head", "director-general"),
            Member("Kiều Lâm Bích (Qiao Linbi)", "Trưởng ban Kế hoạch và Phát triển", "member", "director"),
            Member("Bân Trí Huệ (Bin Zhihui)", "Phó Chủ tịch Hiệp hội KH&CN quận Hải Điện", "member", "director")),
        ["budget"] = new JsonObject { ["source"] = "union-budget", ["totalVnd"] = 30_000_000 },
    };

    private static JsonObject Member(string name, string title, string role, string grade) => new()
    {
        ["fullName"] = name, ["title"] = title, ["role"] = role, ["grade"] = grade,
    };

    /// <summary>A definition written inline for a focused test.</summary>
    public static WorkflowDefinition Inline(string stepsJson, string start = "a", string? extra = null) =>
        new DefinitionLoader().Load(InlineJson(stepsJson, start, extra));

    public static string InlineJson(string stepsJson, string start = "a", string? extra = null) =>
        $$"""
        { "id": "test-flow", "version": 1, "name": { "vi": "Thử", "en": "Test" }, "start": "{{start}}", {{extra}}
          "steps": [ {{stepsJson}} ] }
        """;

    public const string Title = """ "title": { "vi": "Việc", "en": "Work" } """;
}
