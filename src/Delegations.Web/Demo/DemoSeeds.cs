using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using static Delegations.Web.Reports.ReportApi;

namespace Delegations.Web.Demo;

/// <summary>
/// The five seed delegations (../shared/seeds, real news reports) as proposal inputs, with the reports they led
/// to, plus two follow-up proposals the seeds announce. Leaders, counterparts, meetings, MoUs and gifts are from
/// the reports; accompanying members, budgets and passport data are invented for the demo.
/// </summary>
public static class DemoSeeds
{
    private static MemberInput Member(string name, string title, string role, string grade, string? organisation = null, string? passport = null,
        string? passportType = null, string? expiry = null, string? nationality = "VN") => new()
    {
        FullName = name, Title = title, Role = role, Grade = grade, Organisation = organisation, PassportNumber = passport,
        PassportType = passportType, PassportExpiry = expiry, Nationality = nationality,
    };

    private static BudgetLineInput Line(string category, decimal amount, string? description = null, string currency = "VND", decimal? rate = null, string? rateDate = null) =>
        new() { Category = category, Amount = amount, Description = description, Currency = currency, ExchangeRate = rate, RateDate = rateDate };

    /// <summary>Seed 001: Minister Huỳnh Thành Đạt's delegation to Beijing and Shanghai, 22–26/4/2024.</summary>
    public static ProposalInput MinisterBeijingShanghai() => new()
    {
        Kind = "outbound",
        Title = "Đoàn công tác của Bộ KH&CN thăm và làm việc tại Trung Quốc",
        Purpose = "Nhận lời mời của Bộ trưởng Bộ KH&CN Trung Quốc Âm Hoà Tuấn: hội đàm song phương về hợp tác KH,CN&ĐMST; tham dự Diễn đàn Trung Quan Thôn 2024; "
                  + "làm việc với UBND Thành phố Thượng Hải, Đại học Thanh Hoa, Đại học Thượng Hải; chứng kiến ký Biên bản ghi nhớ giữa Cục Phát triển thị trường và "
                  + "Doanh nghiệp KH&CN với Ủy ban KH&CN Thượng Hải.",
        StartDate = "2024-04-22",
        EndDate = "2024-04-26",
        InAnnualPlan = true,
        Destinations = [new("CN", "Bắc Kinh"), new("CN", "Thượng Hải")],
        Counterparts =
        [
            new("Bộ Khoa học và Công nghệ Trung Quốc", "CN", "Âm Hoà Tuấn", "Bộ trưởng"),
            new("Bộ Sinh thái và Môi trường Trung Quốc", "CN", "Hoàng Nhuận Thu", "Bộ trưởng"),
            new("Viện Hàn lâm Khoa học Trung Quốc", "CN", "Thường Tiến", "Phó Chủ tịch"),
            new("Ủy ban nhân dân Thành phố Thượng Hải", "CN", "Lưu Đa", "Phó Thị trưởng"),
            new("Đại học Thanh Hoa", "CN", "Lý Lộ Minh", "Giám đốc"),
        ],
        Members =
        [
            Member("Huỳnh Thành Đạt", "Bộ trưởng Bộ Khoa học và Công nghệ", "head", "minister", "Bộ Khoa học và Công nghệ", "D1234567", "diplomatic", "2029-06-30"),
            Member("Trần Thị Minh Hà", "Vụ trưởng Vụ Hợp tác quốc tế", "member", "director-general", "Bộ Khoa học và Công nghệ", "C7654321", "official", "2027-01-15"),
            Member("Lê Quang Huy", "Cục trưởng Cục Phát triển thị trường và Doanh nghiệp KH&CN", "member", "director-general", "Bộ Khoa học và Công nghệ", "C7000111", "official", "2028-03-01"),
            Member("Nguyễn Hoàng Long", "Phó Chánh Văn phòng Bộ", "member", "deputy-director-general", "Bộ Khoa học và Công nghệ", "C7000222", "official", "2026-10-20"),
            Member("Phan Thu Trang", "Chuyên viên chính, phiên dịch tiếng Trung", "interpreter", "officer", "Bộ Khoa học và Công nghệ", "C7000333", "official", "2030-02-28"),
        ],
        Agenda =
        [
            new("2024-04-22", "Đến Bắc Kinh; hội đàm với Bộ trưởng Bộ KH&CN Trung Quốc Âm Hoà Tuấn", "Bộ Khoa học và Công nghệ Trung Quốc"),
            new("2024-04-23", "Hội đàm với Bộ trưởng Bộ Sinh thái và Môi trường Hoàng Nhuận Thu về an toàn bức xạ và hạt nhân", "Bộ Sinh thái và Môi trường Trung Quốc"),
            new("2024-04-24", "Tham dự Diễn đàn Trung Quan Thôn 2024; gặp Bí thư Thành ủy Bắc Kinh Doãn Lực; làm việc với Đại học Thanh Hoa", "Đại học Thanh Hoa"),
            new("2024-04-25", "Làm việc với Phó Thị trưởng Thượng Hải Lưu Đa; chứng kiến ký Biên bản ghi nhớ", "Ủy ban nhân dân Thành phố Thượng Hải"),
            new("2024-04-26", "Thăm Đảo AI và Cảng quốc tế đổi mới sáng tạo tại Thành phố Khoa học Trương Giang; lễ treo biển phòng thí nghiệm liên kết", "Đại học Thượng Hải"),
        ],
        Budget = new("state-budget",
        [
            Line("airfare", 9_800, "Vé máy bay Hà Nội – Bắc Kinh – Thượng Hải – Hà Nội (5 người)", "USD", 25_300m, "2024-04-01"),
            Line("perdiem", 3_250, "Tiền ăn và tiêu vặt 5 người × 5 ngày", "USD", 25_300m, "2024-04-01"),
            Line("accommodation", 5_600, "Tiền phòng 5 người × 4 đêm", "USD", 25_300m, "2024-04-01"),
            Line("gifts", 15_000_000, "Quà tặng đối tác"),
            Line("other", 12_000_000, "Bảo hiểm, lệ phí thị thực, liên lạc"),
        ]),
        Invitation = new("Bộ trưởng Bộ KH&CN Trung Quốc Âm Hoà Tuấn", "2024-03-01"),
    };

    public static ReportInput MinisterBeijingShanghaiReport() => new(
        "Đoàn đã hội đàm với Bộ trưởng Âm Hoà Tuấn và Bộ trưởng Hoàng Nhuận Thu, tham dự Diễn đàn Trung Quan Thôn 2024, làm việc với Thượng Hải và Đại học Thanh Hoa. "
        + "Hai bộ thống nhất mở rộng và nâng cấp Biên bản ghi nhớ về pháp quy an toàn hạt nhân; thúc đẩy giao lưu các nhà khoa học trẻ.",
        "Ký Biên bản ghi nhớ giữa Cục Phát triển thị trường và Doanh nghiệp KH&CN với Ủy ban KH&CN Thượng Hải; treo biển Phòng thí nghiệm liên kết giữa Viện Môi trường và "
        + "Tài nguyên (ĐHQG TP.HCM) với Viện Lực học và Công trình khoa học, Đại học Thượng Hải. Quà lưu niệm đã trao cho các đối tác.",
        [
            new("Biên bản ghi nhớ hợp tác kết nối hệ sinh thái khởi nghiệp sáng tạo", "Ủy ban KH&CN Thượng Hải", "2024-04-25"),
            new("Thỏa thuận thành lập Phòng thí nghiệm liên kết", "Đại học Thượng Hải", "2024-04-26"),
        ],
        [
            new("Dự thảo Biên bản ghi nhớ mở rộng về pháp quy an toàn hạt nhân giữa hai Bộ", "Cục An toàn bức xạ và hạt nhân", "2024-09-30"),
            new("Đề xuất chương trình trao đổi nhà khoa học trẻ với Đại học Thanh Hoa", "Vụ Hợp tác quốc tế", "2025-06-30"),
        ])
    {
        // The meetings the news report names (the agenda planned five days; nine encounters happened).
        Meetings =
        [
            new("2024-04-22", "Hội đàm song phương về hợp tác KH,CN&ĐMST", "Bộ Khoa học và Công nghệ Trung Quốc", "Bộ trưởng Âm Hoà Tuấn"),
            new("2024-04-23", "Hội đàm về pháp quy an toàn bức xạ và hạt nhân; thống nhất mở rộng Biên bản ghi nhớ giữa hai Bộ", "Bộ Sinh thái và Môi trường Trung Quốc", "Bộ trưởng Hoàng Nhuận Thu"),
            new("2024-04-24", "Tham dự Diễn đàn Trung Quan Thôn 2024 \"Đổi mới vì một thế giới tốt đẹp hơn\"", "Diễn đàn Trung Quan Thôn"),
            new("2024-04-24", "Trao đổi ngắn bên lề Diễn đàn về hợp tác giữa Khu Trung Quan Thôn và các Khu Công nghệ cao Việt Nam", "Thành ủy, UBND Thành phố Bắc Kinh",
                "Bí thư Thành ủy Doãn Lực; Thị trưởng Ân Dũng"),
            new("2024-04-24", "Tiếp Phó Chủ tịch Viện Hàn lâm Khoa học Trung Quốc về hợp tác nghiên cứu và giao lưu học thuật", "Viện Hàn lâm Khoa học Trung Quốc", "Phó Chủ tịch Thường Tiến"),
            new("2024-04-24", "Làm việc với Đại học Thanh Hoa về trao đổi nhà khoa học trẻ; thăm Vườn khoa học Thanh Hoa (TUS Holding)", "Đại học Thanh Hoa", "Giám đốc Lý Lộ Minh"),
            new("2024-04-25", "Làm việc với UBND Thành phố Thượng Hải; chứng kiến ký Biên bản ghi nhớ", "Ủy ban nhân dân Thành phố Thượng Hải", "Phó Thị trưởng Lưu Đa"),
            new("2024-04-26", "Lễ treo biển Phòng thí nghiệm liên kết với Viện Lực học và Công trình khoa học", "Đại học Thượng Hải"),
            new("2024-04-26", "Thăm Đảo AI và Cảng quốc tế đổi mới sáng tạo, Thành phố Khoa học Trương Giang", "Ủy ban nhân dân Thành phố Thượng Hải"),
        ],
        Gifts =
        [
            new("given", "Quà lưu niệm (tranh sơn mài)", "Bộ trưởng Bộ KH&CN Trung Quốc Âm Hoà Tuấn", "2024-04-22", 3_500_000),
            new("given", "Quà lưu niệm (tranh sơn mài)", "Bộ trưởng Bộ Sinh thái và Môi trường Hoàng Nhuận Thu", "2024-04-23", 3_500_000),
            new("given", "Quà lưu niệm", "Phó Thị trưởng Thượng Hải Lưu Đa", "2024-04-25", 3_200_000),
            new("given", "Quà lưu niệm", "Giám đốc Đại học Thanh Hoa Lý Lộ Minh", "2024-04-24", 4_000_000),
            new("received", "Bộ ấn phẩm Diễn đàn Trung Quan Thôn 2024", "Ban tổ chức Diễn đàn Trung Quan Thôn", "2024-04-24", null, "Lưu tại Vụ Hợp tác quốc tế"),
        ],
        // Invented actuals: a cheaper fare, fewer hotel nights, the dollar at 25,350 on payment.
        Costs =
        [
            new() { Line = 0, Amount = 9_650, ExchangeRate = 25_350m, RateDate = "2024-04-20" },
            new() { Line = 1, Amount = 3_250, ExchangeRate = 25_350m, RateDate = "2024-04-20" },
            new() { Line = 2, Amount = 5_480, ExchangeRate = 25_350m, RateDate = "2024-04-20", Note = "Một đêm ít hơn dự kiến" },
            new() { Line = 3, Amount = 14_200_000 },
            new() { Line = 4, Amount = 11_500_000 },
        ],
    };

    /// <summary>Seed 002: the Thừa Thiên Huế union's working visit to JICA and KOICA in Hà Nội, 23/4/2024.</summary>
    public static ProposalInput HueUnionJicaKoica() => new()
    {
        Kind = "outbound",
        Title = "Làm việc với JICA và KOICA tại Hà Nội về huy động nguồn lực phát triển KH&CN tỉnh Thừa Thiên Huế",
        Purpose = "Kết nối chuyên gia, nhà khoa học Nhật Bản và Hàn Quốc tham gia hội nghị, hội thảo của tỉnh; đề xuất dự án, học bổng, tình nguyện viên.",
        StartDate = "2024-04-23",
        EndDate = "2024-04-23",
        InAnnualPlan = true,
        Destinations = [new("VN", "Hà Nội")],
        Counterparts =
        [
            new("Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)", "JP", "Hiraoka Hisakazu", "Phó Trưởng Đại diện tại Việt Nam"),
            new("Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)", "KR", "Kim Narae", "Phó Giám đốc Quốc gia"),
        ],
        Members =
        [
            Member("Đặng Thanh Phú", "Phó Chủ tịch Liên hiệp các Hội KH&KT tỉnh Thừa Thiên Huế", "head", "deputy-director"),
            Member("Hồ Thị Thu Hằng", "Chuyên viên Ban Khoa học – Hợp tác quốc tế", "member", "officer"),
        ],
        Agenda =
        [
            new("2024-04-23", "Làm việc với JICA Việt Nam", "Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)"),
            new("2024-04-23", "Làm việc với KOICA Việt Nam", "Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)"),
        ],
        Budget = new("union-budget", [Line("airfare", 9_600_000, "Vé máy bay Huế – Hà Nội khứ hồi (2 người)"), Line("perdiem", 1_200_000, "Công tác phí")]),
    };

    public static ReportInput HueUnionJicaKoicaReport() => new(
        "JICA và KOICA nhất trí nghiên cứu, liên hệ cơ quan chuyên trách để kết nối chuyên gia, nhà khoa học phù hợp với mong đợi của địa phương.",
        "Cơ hội hợp tác: năng lượng, môi trường, nông nghiệp, công nghệ sinh học, bán dẫn, y tế, bảo tồn di sản, thành phố thông minh; học bổng; tình nguyện viên.",
        [],
        [new("Gửi danh mục đề xuất, dự án cụ thể tới JICA và KOICA", "Liên hiệp các Hội KH&KT tỉnh Thừa Thiên Huế", "2024-09-30")])
    {
        Meetings =
        [
            new("2024-04-23", "Làm việc với JICA Việt Nam về kết nối chuyên gia, học bổng và tình nguyện viên", "Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)",
                "Ông Hiraoka Hisakazu, Phó Trưởng Đại diện; bà Nguyễn Hà Minh Anh, Cán bộ Chương trình"),
            new("2024-04-23", "Làm việc với KOICA Việt Nam về kết nối chuyên gia, học bổng và tình nguyện viên", "Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)",
                "Bà Kim Narae, Phó Giám đốc Quốc gia; bà Ngô Hồng Hạnh, Điều phối viên"),
        ],
        Costs = [new() { Line = 0, Amount = 8_940_000, Note = "Vé khuyến mại" }, new() { Line = 1, Amount = 1_200_000 }],
    };

    /// <summary>Seed 003: Deputy Minister Bùi Thế Duy at UNESCO's ministerial conference on science diplomacy, Paris, 25–26/3/2025.</summary>
    public static ProposalInput DeputyMinisterParisUnesco() => new()
    {
        Kind = "outbound",
        Title = "Tham dự Hội nghị Bộ trưởng Ngoại giao Khoa học do UNESCO tổ chức tại Paris",
        Purpose = "Phát biểu tại phiên toàn thể và các phiên bàn tròn cấp Bộ trưởng về S.T.I.D; gặp song phương lãnh đạo UNESCO và Bộ trưởng Bộ KH&CN Sri Lanka.",
        StartDate = "2025-03-24",
        EndDate = "2025-03-27",
        InAnnualPlan = false,
        Destinations = [new("FR", "Paris")],
        Counterparts =
        [
            new("UNESCO", "FR", "Lidia Brito", "Trợ lý Tổng Giám đốc phụ trách Khoa học Tự nhiên"),
            new("UNESCO", "FR", "Gabriela Ramos", "Phó Tổng Giám đốc phụ trách Khoa học Xã hội"),
            new("Bộ Khoa học và Công nghệ Sri Lanka", "LK", "Chrisantha Abeysena", "Bộ trưởng"),
        ],
        Members =
        [
            Member("Bùi Thế Duy", "Thứ trưởng Bộ Khoa học và Công nghệ", "head", "deputy-minister", "Bộ Khoa học và Công nghệ", "D2345678", "diplomatic", "2030-05-01"),
            Member("Ngô Thanh Bình", "Phó Vụ trưởng Vụ Hợp tác quốc tế", "member", "deputy-director-general", "Bộ Khoa học và Công nghệ", "C8123456", "official", "2025-08-10"),
            Member("Đinh Khánh Linh", "Chuyên viên Vụ Hợp tác quốc tế", "secretary", "officer", "Bộ Khoa học và Công nghệ", "C8234567", "official", "2029-11-30"),
        ],
        Agenda =
        [
            new("2025-03-25", "Phiên toàn thể Hội nghị Bộ trưởng Ngoại giao Khoa học", "UNESCO"),
            new("2025-03-25", "Gặp bà Lidia Brito, Trợ lý Tổng Giám đốc UNESCO", "UNESCO"),
            new("2025-03-26", "Gặp bà Gabriela Ramos, Phó Tổng Giám đốc UNESCO; gặp Bộ trưởng Chrisantha Abeysena", "Bộ Khoa học và Công nghệ Sri Lanka"),
        ],
        Budget = new("state-budget",
        [
            Line("airfare", 7_500, "Vé máy bay Hà Nội – Paris khứ hồi (3 người)", "USD", 25_450m, "2025-03-01"),
            Line("perdiem", 1_620, "Tiền ăn và tiêu vặt", "EUR", 27_400m, "2025-03-01"),
            Line("accommodation", 2_700, "Tiền phòng 3 người × 3 đêm", "EUR", 27_400m, "2025-03-01"),
        ]),
        Invitation = new("UNESCO", "2025-01-20"),
    };

    public static ReportInput DeputyMinisterParisUnescoReport() => new(
        "Thứ trưởng khẳng định cam kết của Việt Nam thúc đẩy S.T.I.D vì phát triển bền vững; gặp song phương UNESCO và Bộ trưởng KH&CN Sri Lanka.",
        "UNESCO đề xuất kết nối chuyên gia, hội thảo về đạo đức AI, mời Việt Nam tham gia các mạng lưới chuyên môn; Sri Lanka muốn khởi động hợp tác từ lĩnh vực nông nghiệp.",
        [],
        [
            new("Cử đầu mối phối hợp và xây dựng kế hoạch hành động hợp tác cụ thể với Bộ KH&CN Sri Lanka", "Vụ Hợp tác quốc tế", "2025-06-30"),
            new("Đề xuất chuyên gia tham gia mạng lưới chuyên môn do UNESCO điều phối", "Vụ Hợp tác quốc tế", "2025-09-30"),
        ])
    {
        Meetings =
        [
            new("2025-03-25", "Phát biểu tại phiên toàn thể và các phiên bàn tròn cấp Bộ trưởng về S.T.I.D", "UNESCO"),
            new("2025-03-25", "Gặp song phương về trung tâm dạng 2, khu dự trữ sinh quyển, công viên địa chất", "UNESCO",
                "Bà Lidia Brito, Trợ lý Tổng Giám đốc phụ trách Khoa học Tự nhiên"),
            new("2025-03-26", "Gặp song phương về AI, công nghệ thần kinh, đạo đức AI", "UNESCO", "Bà Gabriela Ramos, Phó Tổng Giám đốc phụ trách Khoa học Xã hội"),
            new("2025-03-26", "Làm việc về hợp tác song phương, trước hết trong nông nghiệp", "Bộ Khoa học và Công nghệ Sri Lanka", "Bộ trưởng Chrisantha Abeysena"),
            new("2025-03-27", "Làm việc với Đại sứ quán và Phái đoàn thường trực Việt Nam bên cạnh UNESCO", "Phái đoàn thường trực Việt Nam bên cạnh UNESCO"),
        ],
        Costs =
        [
            new() { Line = 0, Amount = 7_320, ExchangeRate = 25_500m, RateDate = "2025-03-20" },
            new() { Line = 1, Amount = 1_620, ExchangeRate = 27_550m, RateDate = "2025-03-20" },
            new() { Line = 2, Amount = 2_610, ExchangeRate = 27_550m, RateDate = "2025-03-20" },
        ],
    };

    /// <summary>Seed 004: CAS vice-president He Hongping received by Deputy Minister Bùi Thế Duy in Hà Nội, 1/4/2025.</summary>
    public static ProposalInput CasVicePresidentVisit() => new()
    {
        Kind = "inbound",
        Title = "Đón tiếp Phó Chủ tịch Viện Hàn lâm Khoa học Trung Quốc Hà Hồng Bình và đoàn công tác",
        Purpose = "Thúc đẩy hợp tác KH&CN Việt Nam – Trung Quốc trong các lĩnh vực trí tuệ nhân tạo, chuyển đổi số, công nghệ sinh học.",
        StartDate = "2025-04-01",
        EndDate = "2025-04-01",
        InAnnualPlan = true,
        GuestClass = "B",
        Venue = new("Hà Nội", "Trụ sở Bộ Khoa học và Công nghệ, 113 Trần Duy Hưng"),
        Counterparts = [new("Viện Hàn lâm Khoa học Trung Quốc (CAS)", "CN", "Hà Hồng Bình (He Hongping)", "Phó Chủ tịch")],
        Members =
        [
            Member("Hà Hồng Bình (He Hongping)", "Phó Chủ tịch Viện Hàn lâm Khoa học Trung Quốc", "head", "deputy-minister", "Viện Hàn lâm Khoa học Trung Quốc", "E12345678", "official", "2031-01-01", "CN"),
            Member("Vương Lệ (Wang Li)", "Vụ trưởng Vụ Hợp tác quốc tế, CAS", "member", "director-general", "Viện Hàn lâm Khoa học Trung Quốc", "E22345678", "official", "2029-04-01", "CN"),
            Member("Trương Minh (Zhang Ming)", "Phiên dịch", "interpreter", "officer", "Viện Hàn lâm Khoa học Trung Quốc", null, null, null, "CN"),
        ],
        Agenda = [new("2025-04-01", "Thứ trưởng Bùi Thế Duy tiếp Phó Chủ tịch CAS; trao đổi hợp tác về AI và chuyển đổi số; tặng quà lưu niệm", "Viện Hàn lâm Khoa học Trung Quốc (CAS)")],
        Budget = new("state-budget",
        [
            Line("reception", 6_000_000, "Tiệc chiêu đãi (Thông tư 71/2018, khách hạng B)"),
            Line("gifts", 1_800_000, "Quà tặng Trưởng đoàn"),
            Line("interpreting", 3_000_000, "Phiên dịch tiếng Trung 4 giờ"),
        ]),
    };

    public static ReportInput CasVicePresidentVisitReport() => new(
        "Hai bên trao đổi thúc đẩy hợp tác trong các lĩnh vực trí tuệ nhân tạo, công nghệ sinh học, chuyển đổi số trong quản trị nhà nước; Thứ trưởng và Phó Chủ tịch CAS trao quà lưu niệm.",
        "Đề nghị hai Viện hàn lâm sớm triển khai nhiệm vụ nghiên cứu chung về hệ thống AI hỗ trợ dịch thuật tiếng nói; đào tạo nhân lực trong năng lượng mới, lượng tử, bán dẫn.",
        [],
        [new("Xây dựng đề xuất nhiệm vụ nghiên cứu chung về AI dịch thuật tiếng nói với CAS", "Vụ Hợp tác quốc tế", "2025-10-31")])
    {
        Meetings =
        [
            new("2025-04-01", "Thứ trưởng Bùi Thế Duy tiếp Phó Chủ tịch CAS: hợp tác về trí tuệ nhân tạo, công nghệ sinh học, chuyển đổi số trong quản trị nhà nước",
                "Viện Hàn lâm Khoa học Trung Quốc (CAS)", "Ông Hà Hồng Bình (He Hongping), Phó Chủ tịch, và đoàn công tác"),
        ],
        // "Thứ trưởng Bộ KH&CN Bùi Thế Duy và Phó Chủ tịch CAS Hà Hồng Bình tặng quà lưu niệm."
        Gifts =
        [
            new("given", "Quà lưu niệm của Bộ KH&CN", "Ông Hà Hồng Bình (He Hongping), Phó Chủ tịch CAS", "2025-04-01", 1_800_000),
            new("received", "Quà lưu niệm của Viện Hàn lâm Khoa học Trung Quốc", "Ông Hà Hồng Bình (He Hongping), Phó Chủ tịch CAS", "2025-04-01", null,
                "Nộp Văn phòng Bộ, trưng bày tại phòng khách quốc tế"),
        ],
        Costs = [new() { Line = 0, Amount = 5_650_000 }, new() { Line = 1, Amount = 1_800_000 }, new() { Line = 2, Amount = 3_000_000 }],
    };

    /// <summary>Seed 000: VUSTA receives the Beijing Association for Science and Technology (BAST) in Đà Nẵng, 7/8/2025.</summary>
    public static ProposalInput BastDaNang() => new()
    {
        Kind = "inbound",
        Title = "Làm việc với Đoàn công tác Hiệp hội Khoa học và Công nghệ Bắc Kinh (BAST)",
        Purpose = "Bên lề Hội nghị giữa kỳ lần thứ 24 của AFEO do VUSTA đăng cai; tăng cường hợp tác VUSTA – CAST và các tổ chức thành viên; ký Biên bản ghi nhớ.",
        StartDate = "2025-08-07",
        EndDate = "2025-08-07",
        InAnnualPlan = true,
        GuestClass = "C",
        Venue = new("Đà Nẵng", "Trụ sở Liên hiệp các Hội Khoa học và Kỹ thuật TP. Đà Nẵng"),
        Counterparts = [new("Hiệp hội Khoa học và Công nghệ Bắc Kinh (BAST)", "CN", "Lý Cẩm Đào (Li Jintao)", "Tổng Thư ký")],
        Members =
        [
            Member("Lý Cẩm Đào (Li Jintao)", "Tổng Thư ký BAST", "head", "director-general", "BAST", null, null, null, "CN"),
            Member("Kiều Lâm Bích (Qiao Linbi)", "Trưởng ban Kế hoạch và Phát triển, BAST", "member", "director", "BAST", null, null, null, "CN"),
            Member("Bân Trí Huệ (Bin Zhihui)", "Phó Chủ tịch Hiệp hội KH&CN quận Hải Điện – Bắc Kinh", "member", "director", "Hiệp hội KH&CN quận Hải Điện", null, null, null, "CN"),
        ],
        Agenda = [new("2025-08-07", "Buổi làm việc do Chủ tịch VUSTA Phan Xuân Dũng chủ trì; giới thiệu hệ thống VUSTA và AFEO", "Hiệp hội Khoa học và Công nghệ Bắc Kinh (BAST)")],
        Host = new("Phan Xuân Dũng", "Chủ tịch Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"),
        Budget = new("union-budget", [Line("reception", 4_800_000, "Tiếp khách (khách hạng C)"), Line("gifts", 3_000_000, "Quà lưu niệm"), Line("interpreting", 3_000_000, "Phiên dịch")]),
    };

    /// <summary>
    /// Seed 000's conference: the 24th mid-term conference of the ASEAN Federation of Engineering Organisations (AFEO),
    /// hosted by VUSTA in Đà Nẵng in August 2025 (the BAST delegation came on its margin). Dates, participants and
    /// budget are invented around the report.
    /// </summary>
    public static ProposalInput AfeoConference() => new()
    {
        Kind = "conference",
        Title = "Hội nghị giữa kỳ lần thứ 24 của Liên đoàn các tổ chức kỹ sư ASEAN (AFEO)",
        Purpose = "VUSTA đăng cai Hội nghị giữa kỳ AFEO nhân kỷ niệm 30 năm Việt Nam gia nhập ASEAN: kết nối cộng đồng kỹ sư ASEAN, trao đổi chuyên môn và ký kết hợp tác với các tổ chức thành viên.",
        StartDate = "2025-08-06",
        EndDate = "2025-08-08",
        InAnnualPlan = true,
        Venue = new("Đà Nẵng", "Trụ sở Liên hiệp các Hội Khoa học và Kỹ thuật TP. Đà Nẵng"),
        Host = new("Phan Xuân Dũng", "Chủ tịch Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"),
        Conference = new("Kỹ sư ASEAN trong chuyển đổi số và phát triển bền vững",
            "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam (VUSTA); Liên đoàn các tổ chức kỹ sư ASEAN (AFEO)", [],
            [new("MY", "senior-official", 12), new("ID", "senior-official", 10), new("TH", "expert", 15), new("PH", "expert", 8), new("SG", "expert", 6),
             new("CN", "senior-official", 3), new("VN", "expert", 60)]),
        Counterparts = [new("Liên đoàn các tổ chức kỹ sư ASEAN (AFEO)", "MY", null, "Ban Thư ký")],
        Members =
        [
            Member("Phan Xuân Dũng", "Chủ tịch VUSTA, Trưởng ban tổ chức", "head", "president", "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"),
            Member("Phạm Ngọc Linh", "Phó Chủ tịch VUSTA", "member", "vice-president", "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"),
            Member("Lê Công Lương", "Phó Tổng Thư ký kiêm Trưởng ban Khoa học và Hợp tác quốc tế VUSTA", "secretary", "director-general", "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"),
            Member("Võ Công Trí", "Chủ tịch Liên hiệp các Hội Khoa học và Kỹ thuật TP. Đà Nẵng", "member", "director", "Liên hiệp các Hội Khoa học và Kỹ thuật TP. Đà Nẵng"),
        ],
        Agenda =
        [
            new("2025-08-06", "Đón đại biểu; họp Ban Chấp hành AFEO", "Liên đoàn các tổ chức kỹ sư ASEAN (AFEO)"),
            new("2025-08-07", "Phiên toàn thể và các phiên chuyên đề; làm việc bên lề với các đoàn (BAST)", null),
            new("2025-08-08", "Tham quan khảo sát; bế mạc", null),
        ],
        Budget = new("union-budget",
        [
            Line("reception", 180_000_000, "Hội trường, tiệc chiêu đãi, hậu cần"),
            Line("interpreting", 36_000_000, "Phiên dịch Anh – Việt 3 ngày"),
            Line("gifts", 12_000_000, "Quà lưu niệm cho các đoàn"),
        ]),
    };

    public static ReportInput AfeoConferenceReport() => new(
        "Hội nghị giữa kỳ lần thứ 24 của AFEO diễn ra tại Đà Nẵng với đại biểu các tổ chức kỹ sư ASEAN; bên lề hội nghị, VUSTA làm việc với Đoàn Hiệp hội Khoa học và Công nghệ Bắc Kinh (BAST).",
        "VUSTA và CAST ký Biên bản ghi nhớ hợp tác; VUSTA tiếp tục cử kỹ sư trẻ tham dự các khóa tập huấn do Hiệp hội Kỹ sư Trung Quốc (CSE) tổ chức.",
        [new("Biên bản ghi nhớ hợp tác VUSTA – CAST", "Hội Khoa học và Kỹ thuật Trung Quốc (CAST)", "2025-08-07")],
        [new("Cử kỹ sư trẻ tham dự 04 khóa tập huấn của CSE", "Ban Khoa học và Hợp tác quốc tế, VUSTA", "2025-12-31")]);

    /// <summary>A follow-up of seed 003: working with Sri Lanka's science ministry on the joint action plan (March 2027).</summary>
    public static ProposalInput SriLankaActionPlan() => new()
    {
        Kind = "outbound",
        Title = "Làm việc với Bộ KH&CN Sri Lanka về kế hoạch hành động hợp tác",
        Purpose = "Triển khai kết quả gặp song phương bên lề Hội nghị UNESCO 2025: thống nhất đầu mối phối hợp và kế hoạch hành động, ưu tiên nông nghiệp, công nghệ sinh học, năng lượng tái tạo.",
        StartDate = "2027-03-15",
        EndDate = "2027-03-18",
        InAnnualPlan = true,
        Destinations = [new("LK", "Colombo")],
        Counterparts = [new("Bộ Khoa học và Công nghệ Sri Lanka", "LK", null, null)],
        Members =
        [
            Member("Ngô Thanh Bình", "Phó Vụ trưởng Vụ Hợp tác quốc tế", "head", "deputy-director-general", "Bộ Khoa học và Công nghệ", "C8123456", "official", "2027-08-10"),
            Member("Đinh Khánh Linh", "Chuyên viên Vụ Hợp tác quốc tế", "member", "officer", "Bộ Khoa học và Công nghệ", "C8234567", "official", "2029-11-30"),
            Member("Tạ Quang Vinh", "Nghiên cứu viên, Viện Di truyền nông nghiệp", "member", "expert", "Viện Di truyền nông nghiệp", "B9988776", "ordinary", "2031-02-01"),
        ],
        Agenda =
        [
            new("2027-03-16", "Làm việc với Bộ KH&CN Sri Lanka về kế hoạch hành động", "Bộ Khoa học và Công nghệ Sri Lanka"),
            new("2027-03-17", "Thăm các viện nghiên cứu nông nghiệp và công nghệ sinh học", null),
        ],
        Budget = new("state-budget",
        [
            Line("airfare", 4_200, "Vé máy bay Hà Nội – Colombo khứ hồi (3 người)", "USD", 26_100m, "2026-11-01"),
            Line("perdiem", 2_100, "Tiền ăn và tiêu vặt", "USD", 26_100m, "2026-11-01"),
            Line("accommodation", 2_400, "Tiền phòng 3 người × 3 đêm", "USD", 26_100m, "2026-11-01"),
        ]),
    };

    /// <summary>A follow-up of seed 000: VUSTA hosts a CAST delegation under the new MoU (May 2027).</summary>
    public static ProposalInput CastDelegationHanoi() => new()
    {
        Kind = "inbound",
        Title = "Đón Đoàn Hội Khoa học và Kỹ thuật Trung Quốc (CAST) triển khai Biên bản ghi nhớ VUSTA – CAST",
        Purpose = "Thống nhất chương trình hợp tác phổ biến kiến thức khoa học và đào tạo kỹ sư trẻ năm 2027–2028.",
        StartDate = "2027-05-20",
        EndDate = "2027-05-21",
        InAnnualPlan = true,
        GuestClass = "C",
        Venue = new("Hà Nội", "Trụ sở VUSTA, 53 Nguyễn Du"),
        Counterparts = [new("Hội Khoa học và Kỹ thuật Trung Quốc (CAST)", "CN", null, null)],
        Members = [Member("Trưởng đoàn CAST (chờ phía bạn thông báo)", "Lãnh đạo CAST", "head", "director-general", "CAST", null, null, null, "CN")],
        Budget = new("union-budget", [Line("reception", 9_600_000, "Tiếp khách 2 ngày"), Line("interpreting", 6_000_000, "Phiên dịch")]),
    };

    /// <summary>A draft in department B: the next Zhongguancun Forum.</summary>
    public static ProposalInput ZhongguancunForumDraft() => new()
    {
        Kind = "outbound",
        Title = "Tham dự Diễn đàn Trung Quan Thôn 2027 và kết nối hệ sinh thái khởi nghiệp",
        Purpose = "Tiếp nối Biên bản ghi nhớ với Ủy ban KH&CN Thượng Hải (2024): kết nối doanh nghiệp KH&CN Việt Nam với các vườn ươm tại Bắc Kinh.",
        StartDate = "2027-04-20",
        EndDate = "2027-04-24",
        Destinations = [new("CN", "Bắc Kinh")],
        Members = [Member("Lê Quang Huy", "Cục trưởng Cục Phát triển thị trường và Doanh nghiệp KH&CN", "head", "director-general")],
        Budget = new("state-budget", [Line("airfare", 1_400, null, "USD", 26_100m, "2026-11-01")]),
    };
}
