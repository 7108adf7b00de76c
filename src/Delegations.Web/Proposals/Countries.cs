using System.Globalization;

namespace Delegations.Web.Proposals;

/// <summary>ISO 3166-1 alpha-2 country codes with Vietnamese and English names.</summary>
public static class Countries
{
    private const string Codes =
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
        "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
        "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
        "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
        "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
        "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
        "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

    public static readonly IReadOnlySet<string> All = Codes.Split(' ').ToHashSet(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> Vietnamese = new()
    {
        ["AE"] = "Các Tiểu vương quốc Ả Rập Thống nhất", ["AR"] = "Ác-hen-ti-na", ["AT"] = "Áo", ["AU"] = "Ô-xtrây-li-a",
        ["BD"] = "Băng-la-đét", ["BE"] = "Bỉ", ["BN"] = "Bru-nây", ["BR"] = "Bra-xin", ["BY"] = "Bê-la-rút", ["CA"] = "Ca-na-đa",
        ["CH"] = "Thụy Sĩ", ["CL"] = "Chi-lê", ["CN"] = "Trung Quốc", ["CU"] = "Cu-ba", ["CZ"] = "Séc", ["DE"] = "Đức",
        ["DK"] = "Đan Mạch", ["EG"] = "Ai Cập", ["ES"] = "Tây Ban Nha", ["FI"] = "Phần Lan", ["FR"] = "Pháp",
        ["GB"] = "Vương quốc Anh", ["GR"] = "Hy Lạp", ["HK"] = "Hồng Công (Trung Quốc)", ["HU"] = "Hung-ga-ri",
        ["ID"] = "In-đô-nê-xi-a", ["IE"] = "Ai-len", ["IL"] = "I-xra-en", ["IN"] = "Ấn Độ", ["IR"] = "I-ran", ["IT"] = "I-ta-li-a",
        ["JP"] = "Nhật Bản", ["KH"] = "Cam-pu-chia", ["KP"] = "Triều Tiên", ["KR"] = "Hàn Quốc", ["KZ"] = "Ca-dắc-xtan",
        ["LA"] = "Lào", ["LK"] = "Xri Lan-ca", ["MM"] = "Mi-an-ma", ["MN"] = "Mông Cổ", ["MX"] = "Mê-hi-cô", ["MY"] = "Ma-lai-xi-a",
        ["NL"] = "Hà Lan", ["NO"] = "Na Uy", ["NZ"] = "Niu Di-lân", ["PH"] = "Phi-líp-pin", ["PK"] = "Pa-ki-xtan", ["PL"] = "Ba Lan",
        ["PT"] = "Bồ Đào Nha", ["RU"] = "Liên bang Nga", ["SA"] = "Ả Rập Xê-út", ["SE"] = "Thụy Điển", ["SG"] = "Xin-ga-po",
        ["TH"] = "Thái Lan", ["TL"] = "Đông Ti-mo", ["TR"] = "Thổ Nhĩ Kỳ", ["TW"] = "Đài Loan (Trung Quốc)", ["UA"] = "U-crai-na",
        ["US"] = "Hoa Kỳ", ["VN"] = "Việt Nam", ["ZA"] = "Nam Phi",
    };

    public static bool IsKnown(string? code) => code is not null && All.Contains(code);

    public static string Name(string code, string language)
    {
        if (language != "en" && Vietnamese.TryGetValue(code, out var vi)) return vi;
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}
