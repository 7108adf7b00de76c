using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Infrastructure;
using Delegations.Web.Jobs;
using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Demo;

/// <summary>
/// Demo organisations, accounts (password <see cref="Password"/>) and the seed delegations, driven through the real
/// commands and workflows by the right accounts, at the moments they happened. Development / embedded mode only.
/// </summary>
public sealed class DemoData(
    DelegationsDbContext db,
    UserManager<AppUser> users,
    ProposalCommands proposals,
    TaskCommands tasks,
    ReportCommands reports,
    WorkflowSweep sweep,
    Comments.CommentCommands comments,
    TimeProvider clock,
    ILogger<DemoData> logger)
{
    public const string Password = "Demo@2026";

    /// <summary>The hash of <see cref="Password"/>, made once per process (a fresh salt each process).</summary>
    private static readonly StrongBox<string?> DemoPasswordHash = new();

    public sealed record DemoDepartment(string Code, string NameVi, string NameEn, string? Parent);
    public sealed record DemoAccount(string Email, string FullName, string JobTitle, string Department, params string[] Roles);

    public static readonly IReadOnlyList<DemoDepartment> Departments =
    [
        new("MOST", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", null),
        new("MOST-VP", "Văn phòng Bộ", "Ministry Office", "MOST"),
        new("MOST-CPT", "Cục Phát triển thị trường và Doanh nghiệp KH&CN", "Agency for Market Development and S&T Enterprises", "MOST"),
        new("MOST-HTQT", "Vụ Hợp tác quốc tế", "Department of International Cooperation", "MOST"),
        new("MOST-KHTC", "Vụ Kế hoạch – Tài chính", "Department of Planning and Finance", "MOST"),
        new("MOST-LD", "Lãnh đạo Bộ", "Ministry leadership", "MOST"),
        new("VUSTA", "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam", "Viet Nam Union of Science and Technology Associations", null),
        new("VUSTA-KHHTQT", "Ban Khoa học và Hợp tác quốc tế", "Board of Science and International Cooperation", "VUSTA"),
        new("DANANG-USTA", "Liên hiệp các Hội Khoa học và Kỹ thuật TP. Đà Nẵng", "Da Nang Union of Science and Technology Associations", "VUSTA"),
        new("HUE-USTA", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thừa Thiên Huế", "Thua Thien Hue Union of Science and Technology Associations", null),
    ];

    /// <summary>The accounts of the public contract (issue 4) plus the VUSTA and Huế ones the seeds need.</summary>
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@demo.local", "Đặng Minh Quân", "Quản trị hệ thống", "MOST-VP", Roles.Admin),
        new("submitter@demo.local", "Nguyễn Thị Lan", "Chuyên viên Văn phòng Bộ", "MOST-VP", Roles.Submitter),
        new("head@demo.local", "Trần Văn Bình", "Chánh Văn phòng Bộ", "MOST-VP", Roles.DepartmentHead),
        new("submitter2@demo.local", "Phạm Thu Hương", "Chuyên viên Cục Phát triển thị trường và Doanh nghiệp KH&CN", "MOST-CPT", Roles.Submitter),
        new("head2@demo.local", "Hoàng Minh Tuấn", "Phó Cục trưởng Cục Phát triển thị trường và Doanh nghiệp KH&CN", "MOST-CPT", Roles.DepartmentHead),
        new("intl@demo.local", "Lê Thu Hà", "Phó Vụ trưởng Vụ Hợp tác quốc tế", "MOST-HTQT", Roles.InternationalOffice),
        new("finance@demo.local", "Đỗ Minh Châu", "Phó Vụ trưởng Vụ Kế hoạch – Tài chính", "MOST-KHTC", Roles.Finance),
        new("leader@demo.local", "Phạm Quốc Hưng", "Thứ trưởng (tài khoản minh hoạ)", "MOST-LD", Roles.Leadership),
        new("visa@demo.local", "Vũ Thanh Tâm", "Chuyên viên lễ tân – thị thực, Vụ Hợp tác quốc tế", "MOST-HTQT", Roles.VisaOfficer),
        new("security@demo.local", "Hoàng Văn An", "Cán bộ an ninh", "MOST-VP", Roles.SecurityLiaison),
        new("submitter.vusta@demo.local", "Ngô Thị Mai", "Chuyên viên Ban Khoa học và Hợp tác quốc tế", "VUSTA-KHHTQT", Roles.Submitter),
        new("head.vusta@demo.local", "Trịnh Văn Khải", "Phó Trưởng ban Khoa học và Hợp tác quốc tế", "VUSTA-KHHTQT", Roles.DepartmentHead),
        new("submitter.hue@demo.local", "Hồ Thị Thu Hằng", "Chuyên viên Liên hiệp Hội tỉnh Thừa Thiên Huế", "HUE-USTA", Roles.Submitter),
        new("head.hue@demo.local", "Nguyễn Văn Hải", "Phó Chủ tịch Liên hiệp Hội tỉnh Thừa Thiên Huế", "HUE-USTA", Roles.DepartmentHead),
    ];

    public async Task EnsureAsync(CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.Email == "admin@demo.local", ct)) return;
        logger.LogInformation("Creating demo organisations, accounts and seed delegations");
        await EnsureOrganisationAsync(ct);
        await SeedDelegationsAsync(ct);
    }

    /// <summary>Departments and accounts only (tests use this to start from a clean slate of proposals).</summary>
    public async Task EnsureOrganisationAsync(CancellationToken ct)
    {
        var byCode = await db.Departments.ToDictionaryAsync(d => d.Code, ct);
        foreach (var d in Departments.Where(d => !byCode.ContainsKey(d.Code)))
        {
            var department = new Department { Code = d.Code, NameVi = d.NameVi, NameEn = d.NameEn, ParentId = d.Parent is null ? null : byCode[d.Parent].Id };
            db.Departments.Add(department);
            byCode[d.Code] = department;
        }
        await db.SaveChangesAsync(ct);

        foreach (var a in Accounts)
        {
            if (await users.FindByEmailAsync(a.Email) is not null) continue;
            var user = new AppUser
            {
                UserName = a.Email, Email = a.Email, EmailConfirmed = true, FullName = a.FullName, JobTitle = a.JobTitle,
                DepartmentId = byCode[a.Department].Id, CreatedAt = clock.GetUtcNow(),
            };
            // Every demo account has the same password: hash it once (PBKDF2 is slow on purpose, ~14 × at each start).
            user.PasswordHash = DemoPasswordHash.Value ??= users.PasswordHasher.HashPassword(user, Password);
            Check(await users.CreateAsync(user), a.Email);
            Check(await users.AddToRolesAsync(user, a.Roles), a.Email);
        }
    }

    private async Task SeedDelegationsAsync(CancellationToken ct)
    {
        var plan = await SeedPlanAsync(ct);

        // Seed 001: completed, with its report.
        var minister = await CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai() with { PlanItemId = plan["china-2024"] }, At(2024, 3, 25, 9), ct);
        await SubmitAsync("submitter@demo.local", minister, At(2024, 3, 25, 15), ct);
        await ActAsync("head@demo.local", minister, "department-head", Outcomes.Approve, "Đồng ý trình Bộ trưởng.", At(2024, 3, 26, 10), ct);
        await CommentAsync("intl@demo.local", minister, "Đề nghị @head@demo.local bổ sung buổi làm việc với Đại học Thanh Hoa về trao đổi nhà khoa học trẻ vào chương trình.", At(2024, 3, 27, 10), ct);
        await CommentAsync("head@demo.local", minister, "Đã bổ sung vào ngày 24/4, sau Diễn đàn Trung Quan Thôn.", At(2024, 3, 27, 15), ct);
        await ActAsync("intl@demo.local", minister, "international-office", Outcomes.Approve, "Phù hợp Tuyên bố chung Việt Nam – Trung Quốc 2023.", At(2024, 3, 28, 14), ct);
        await ActAsync("leader@demo.local", minister, "leadership", Outcomes.Approve, "Đồng ý cử đoàn.", At(2024, 4, 1, 9), ct);
        await ActAsync("finance@demo.local", minister, "budget-check", Outcomes.Approve, "Dự toán phù hợp định mức.", At(2024, 4, 3, 10), ct,
            new JsonObject { ["approvedTotalVnd"] = 498_845_000 });
        await VisasAsync(minister, "granted", At(2024, 4, 10, 11), ct, appliedOn: new DateOnly(2024, 4, 3));
        await SweepAsync(At(2024, 4, 27, 7), ct);
        await PassportsReturnedAsync(minister, At(2024, 5, 2, 10), ct);
        await ReportAsync("submitter@demo.local", minister, DemoSeeds.MinisterBeijingShanghaiReport(), At(2024, 5, 8, 16), ct);
        await MarkFollowUpDoneAsync("submitter@demo.local", minister, 0, "Đã trình dự thảo Biên bản ghi nhớ mở rộng.", At(2024, 9, 20, 10), ct);

        // Seed 002: completed, with a follow-up still open (send project proposals to JICA and KOICA).
        var hue = await CreateAsync("submitter.hue@demo.local", DemoSeeds.HueUnionJicaKoica() with { PlanItemId = plan["hue-2024"] }, At(2024, 4, 2, 9), ct);
        await SubmitAsync("submitter.hue@demo.local", hue, At(2024, 4, 2, 10), ct);
        await ActAsync("head.hue@demo.local", hue, "department-head", Outcomes.Approve, "Đồng ý.", At(2024, 4, 3, 8), ct);
        await ActAsync("intl@demo.local", hue, "international-office", Outcomes.Approve, "Đồng ý.", At(2024, 4, 5, 15), ct);
        await ActAsync("finance@demo.local", hue, "budget-check", Outcomes.Approve, "Chi từ kinh phí Liên hiệp Hội.", At(2024, 4, 8, 9), ct);
        await VisasAsync(hue, "not-needed", At(2024, 4, 8, 10), ct);
        await SweepAsync(At(2024, 4, 24, 7), ct);
        await ReportAsync("submitter.hue@demo.local", hue, DemoSeeds.HueUnionJicaKoicaReport(), At(2024, 5, 2, 14), ct);

        // Seed 003: completed (unplanned and leader-led, so Leadership approved), follow-ups open and overdue.
        var paris = await CreateAsync("submitter@demo.local", DemoSeeds.DeputyMinisterParisUnesco(), At(2025, 2, 10, 9), ct);
        await SubmitAsync("submitter@demo.local", paris, At(2025, 2, 10, 11), ct);
        await ActAsync("head@demo.local", paris, "department-head", Outcomes.Approve, "Đồng ý.", At(2025, 2, 11, 9), ct);
        await ActAsync("intl@demo.local", paris, "international-office", Outcomes.Approve, "Hoạt động ngoài kế hoạch, đề nghị Lãnh đạo Bộ cho ý kiến.", At(2025, 2, 12, 10), ct);
        await ActAsync("leader@demo.local", paris, "leadership", Outcomes.Approve, "Đồng ý.", At(2025, 2, 14, 8), ct);
        await ActAsync("finance@demo.local", paris, "budget-check", Outcomes.Approve, "Đồng ý.", At(2025, 2, 18, 10), ct);
        await VisasAsync(paris, "granted", At(2025, 3, 5, 10), ct, appliedOn: new DateOnly(2025, 2, 20));
        await SweepAsync(At(2025, 3, 28, 7), ct);
        await PassportsReturnedAsync(paris, At(2025, 4, 2, 10), ct);
        await ReportAsync("submitter@demo.local", paris, DemoSeeds.DeputyMinisterParisUnescoReport(), At(2025, 4, 8, 15), ct);

        // Seed 004: an inbound visit, completed with its report.
        var cas = await CreateAsync("submitter@demo.local", DemoSeeds.CasVicePresidentVisit() with { PlanItemId = plan["cas-2025"] }, At(2025, 3, 3, 9), ct);
        await SubmitAsync("submitter@demo.local", cas, At(2025, 3, 3, 10), ct);
        await ActAsync("head@demo.local", cas, "department-head", Outcomes.Approve, "Đồng ý.", At(2025, 3, 4, 9), ct);
        await ActAsync("intl@demo.local", cas, "international-office", Outcomes.Approve, "Đồng ý.", At(2025, 3, 5, 9), ct, new JsonObject { ["securityReview"] = false });
        await ActAsync("leader@demo.local", cas, "leadership", Outcomes.Approve, "Thứ trưởng Bùi Thế Duy tiếp đoàn.", At(2025, 3, 7, 9), ct);
        await ActAsync("finance@demo.local", cas, "reception-budget", Outcomes.Approve, "Theo định mức khách hạng B.", At(2025, 3, 10, 9), ct);
        await ActAsync("submitter@demo.local", cas, "reception-arrangements", Outcomes.Done, null, At(2025, 3, 25, 9), ct,
            new JsonObject { ["venueConfirmed"] = true, ["interpreter"] = "Phiên dịch tiếng Trung của Vụ Hợp tác quốc tế" });
        await ActAsync("intl@demo.local", cas, "invitation", Outcomes.Done, null, At(2025, 3, 12, 9), ct, new JsonObject { ["lettersSent"] = true });
        await SweepAsync(At(2025, 4, 2, 7), ct);
        await ReportAsync("submitter@demo.local", cas, DemoSeeds.CasVicePresidentVisitReport(), At(2025, 4, 9, 10), ct);

        // Seed 000's conference: VUSTA hosts the AFEO mid-term conference in Đà Nẵng, through the conference workflow.
        var afeo = await CreateAsync("submitter.vusta@demo.local", DemoSeeds.AfeoConference(), At(2025, 6, 16, 9), ct);
        await SubmitAsync("submitter.vusta@demo.local", afeo, At(2025, 6, 16, 10), ct);
        await ActAsync("head.vusta@demo.local", afeo, "department-head", Outcomes.Approve, "Đồng ý đăng cai.", At(2025, 6, 17, 9), ct);
        await ActAsync("intl@demo.local", afeo, "international-office", Outcomes.Approve, "Bộ Ngoại giao không có ý kiến khác.", At(2025, 6, 20, 9), ct,
            new JsonObject { ["foreignMinistryOpinion"] = "Đồng ý; đề nghị báo cáo kết quả sau hội nghị." });
        await ActAsync("leader@demo.local", afeo, "leadership", Outcomes.Approve, "Đồng ý cho phép tổ chức.", At(2025, 6, 24, 9), ct);
        await ActAsync("finance@demo.local", afeo, "budget", Outcomes.Approve, "Kinh phí của Liên hiệp Hội.", At(2025, 6, 27, 9), ct);

        // Seed 000: the visit happened on the margin of that conference; the report is due (and now overdue).
        var bast = await CreateAsync("submitter.vusta@demo.local", DemoSeeds.BastDaNang() with { PlanItemId = plan["bast-2025"], ConferenceId = afeo }, At(2025, 7, 7, 9), ct);
        await SubmitAsync("submitter.vusta@demo.local", bast, At(2025, 7, 7, 10), ct);
        await ActAsync("head.vusta@demo.local", bast, "department-head", Outcomes.Approve, "Đồng ý.", At(2025, 7, 8, 9), ct);
        await ActAsync("intl@demo.local", bast, "international-office", Outcomes.Approve, "Đề nghị lấy ý kiến cơ quan an ninh.", At(2025, 7, 10, 9), ct,
            new JsonObject { ["securityReview"] = true });
        await ActAsync("security@demo.local", bast, "security-liaison", Outcomes.Approve, "Không có ý kiến khác.", At(2025, 7, 15, 9), ct);
        await ActAsync("finance@demo.local", bast, "reception-budget", Outcomes.Approve, "Đồng ý.", At(2025, 7, 17, 9), ct);
        await ActAsync("submitter.vusta@demo.local", bast, "reception-arrangements", Outcomes.Done, null, At(2025, 8, 1, 9), ct,
            new JsonObject { ["venueConfirmed"] = true, ["interpreter"] = "Phiên dịch tiếng Trung" });
        await ActAsync("intl@demo.local", bast, "invitation", Outcomes.Done, null, At(2025, 7, 20, 9), ct, new JsonObject { ["lettersSent"] = true });
        await SweepAsync(At(2025, 8, 8, 7), ct);
        await SweepAsync(At(2025, 8, 9, 7), ct);
        await ReportAsync("submitter.vusta@demo.local", afeo, DemoSeeds.AfeoConferenceReport(), At(2025, 8, 20, 10), ct);

        // Follow-ups of seeds 003 and 000: one awaiting Leadership, one sent back for changes; and a draft.
        var sriLanka = await CreateAsync("submitter@demo.local", DemoSeeds.SriLankaActionPlan() with { PlanItemId = plan["srilanka-2027"] }, At(2026, 11, 2, 9), ct);
        await SubmitAsync("submitter@demo.local", sriLanka, At(2026, 11, 2, 10), ct);
        await ActAsync("head@demo.local", sriLanka, "department-head", Outcomes.Approve, "Đồng ý.", At(2026, 11, 3, 9), ct);
        await ActAsync("intl@demo.local", sriLanka, "international-office", Outcomes.Approve, "Kinh phí trên 200 triệu đồng, trình Lãnh đạo Bộ.", At(2026, 11, 5, 9), ct);
        await CommentAsync("intl@demo.local", sriLanka, "Kính gửi @leader@demo.local: đoàn triển khai kết quả gặp Bộ trưởng Chrisantha Abeysena bên lề Hội nghị UNESCO 2025; kính trình Thứ trưởng cho ý kiến.", At(2026, 11, 5, 10), ct);

        var cast = await CreateAsync("submitter.vusta@demo.local", DemoSeeds.CastDelegationHanoi() with { PlanItemId = plan["cast-2027"] }, At(2026, 11, 10, 9), ct);
        await SubmitAsync("submitter.vusta@demo.local", cast, At(2026, 11, 10, 10), ct);
        await ActAsync("head.vusta@demo.local", cast, "department-head", Outcomes.Approve, "Đồng ý.", At(2026, 11, 11, 9), ct);
        await ActAsync("intl@demo.local", cast, "international-office", Outcomes.Changes, "Đề nghị bổ sung danh sách khách (họ tên, chức danh, số hộ chiếu) và chương trình làm việc chi tiết.", At(2026, 11, 13, 9), ct);

        await CreateAsync("submitter2@demo.local", DemoSeeds.ZhongguancunForumDraft() with { PlanItemId = plan["zgc-2027"] }, At(2026, 11, 20, 9), ct);
    }

    /// <summary>The annual delegation plans 2024–2027 the seeds carry out (seed 003, the UNESCO trip, was not in the plan) and the departments' budgets.</summary>
    private async Task<Dictionary<string, string>> SeedPlanAsync(CancellationToken ct)
    {
        var byCode = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        var ids = new Dictionary<string, string>();
        void Item(string key, int year, string department, ProposalKind kind, string country, int quarter, int size, string title)
        {
            var item = new Budget.PlanItem
            {
                Year = year, DepartmentId = byCode[department], Kind = kind, Country = country, Quarter = quarter, Size = size, Title = title,
                CreatedAt = At(year - 1, 12, 20, 9), CreatedBy = "Lê Thu Hà",
            };
            db.Set<Budget.PlanItem>().Add(item);
            ids[key] = item.Id.ToString();
        }
        Item("china-2024", 2024, "MOST-VP", ProposalKind.Outbound, "CN", 2, 5, "Đoàn Lãnh đạo Bộ thăm và làm việc tại Trung Quốc (Diễn đàn Trung Quan Thôn)");
        Item("hue-2024", 2024, "HUE-USTA", ProposalKind.Outbound, "VN", 2, 2, "Làm việc với các tổ chức hợp tác phát triển (JICA, KOICA)");
        Item("kr-2024", 2024, "MOST-VP", ProposalKind.Inbound, "KR", 4, 4, "Đón đoàn Bộ Khoa học và CNTT Hàn Quốc");
        Item("cas-2025", 2025, "MOST-VP", ProposalKind.Inbound, "CN", 2, 3, "Đón đoàn Viện Hàn lâm Khoa học Trung Quốc");
        Item("jp-2025", 2025, "MOST-VP", ProposalKind.Outbound, "JP", 4, 4, "Làm việc với JST về hợp tác nghiên cứu");
        Item("bast-2025", 2025, "VUSTA-KHHTQT", ProposalKind.Inbound, "CN", 3, 3, "Đón đoàn Hiệp hội KH&CN Bắc Kinh bên lề Hội nghị AFEO");
        Item("jp-2026", 2026, "MOST-VP", ProposalKind.Outbound, "JP", 3, 4, "Làm việc với các viện nghiên cứu Nhật Bản về bán dẫn");
        Item("srilanka-2027", 2027, "MOST-VP", ProposalKind.Outbound, "LK", 1, 3, "Kế hoạch hành động hợp tác KH&CN với Sri Lanka");
        Item("cast-2027", 2027, "VUSTA-KHHTQT", ProposalKind.Inbound, "CN", 2, 5, "Đón đoàn CAST triển khai Biên bản ghi nhớ VUSTA – CAST");
        Item("zgc-2027", 2027, "MOST-CPT", ProposalKind.Outbound, "CN", 2, 3, "Diễn đàn Trung Quan Thôn 2027");
        foreach (var (department, year, amount) in new[]
                 {
                     ("MOST-VP", 2024, 1_500_000_000L), ("MOST-VP", 2025, 1_200_000_000L), ("MOST-VP", 2026, 1_200_000_000L), ("MOST-VP", 2027, 1_000_000_000L),
                     ("HUE-USTA", 2024, 50_000_000L), ("VUSTA-KHHTQT", 2025, 300_000_000L), ("VUSTA-KHHTQT", 2027, 300_000_000L), ("MOST-CPT", 2027, 400_000_000L),
                 })
            db.Set<Budget.DepartmentBudget>().Add(new Budget.DepartmentBudget { DepartmentId = byCode[department], Year = year, AmountVnd = amount, UpdatedAt = At(year - 1, 12, 20, 9), UpdatedBy = "Đặng Minh Quân" });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return ids;
    }

    private static DateTimeOffset At(int year, int month, int day, int hour) => new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    private async Task<UserContext> UserAsync(string email, CancellationToken ct)
    {
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync(ct);
        return await CurrentUser.LoadAsync(db, id, clock, ct) ?? throw new InvalidOperationException(email);
    }

    private async Task<Guid> CreateAsync(string email, ProposalInput input, DateTimeOffset at, CancellationToken ct)
    {
        using var _ = AppClock.At(at);
        var id = await proposals.CreateAsync(await UserAsync(email, ct), input, ct);
        db.ChangeTracker.Clear();
        return id;
    }

    private async Task SubmitAsync(string email, Guid id, DateTimeOffset at, CancellationToken ct)
    {
        using var _ = AppClock.At(at);
        await proposals.SubmitAsync(await UserAsync(email, ct), id, ct);
        db.ChangeTracker.Clear();
    }

    private async Task ActAsync(string email, Guid proposalId, string stepId, string outcome, string? comment, DateTimeOffset at, CancellationToken ct, JsonObject? data = null)
    {
        using var _ = AppClock.At(at);
        var task = await db.Tasks.AsNoTracking().Where(t => t.ProposalId == proposalId && t.StepId == stepId && t.Status == TaskStatuses.Open).FirstAsync(ct);
        await tasks.CompleteAsync(await UserAsync(email, ct), task.Id, new TasksApi.CompleteRequest(outcome, comment, data), null, ct);
        db.ChangeTracker.Clear();
    }

    private async Task VisasAsync(Guid proposalId, string status, DateTimeOffset at, CancellationToken ct, DateOnly? appliedOn = null)
    {
        var open = await db.Tasks.AsNoTracking().Where(t => t.ProposalId == proposalId && t.StepId == "visas" && t.Status == TaskStatuses.Open)
            .OrderBy(t => t.ItemIndex).ToListAsync(ct);
        var members = await db.Members.AsNoTracking().Where(m => m.ProposalId == proposalId).ToListAsync(ct);
        var visa = await UserAsync("visa@demo.local", ct);
        foreach (var (task, i) in open.Select((t, i) => (t, i)))
        {
            using var _ = AppClock.At(at.AddMinutes(10 * i));
            var member = members.FirstOrDefault(m => m.Id.ToString() == task.ItemId);
            var data = new JsonObject { ["visaStatus"] = status, ["passportType"] = member?.PassportType ?? "ordinary" };
            if (status != "not-needed")
            {
                data["visaDate"] = DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(7)).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                if (appliedOn is { } applied) data["appliedOn"] = applied.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            }
            await tasks.CompleteAsync(visa, task.Id, new TasksApi.CompleteRequest(Outcomes.Done, null, data), null, ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The visa officer records the diplomatic and official passports as handed back.</summary>
    private async Task PassportsReturnedAsync(Guid proposalId, DateTimeOffset at, CancellationToken ct)
    {
        var open = await db.Tasks.AsNoTracking().Where(t => t.ProposalId == proposalId && t.StepId == "passport-return" && t.Status == TaskStatuses.Open)
            .OrderBy(t => t.CreatedAt).Select(t => t.Id).ToListAsync(ct);
        var visa = await UserAsync("visa@demo.local", ct);
        var day = TimeZoneInfo.ConvertTime(at, Delegations.Workflows.Time.WorkingDayCalendar.VietnamTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (taskId, i) in open.Select((t, i) => (t, i)))
        {
            using var _ = AppClock.At(at.AddMinutes(5 * i));
            await tasks.CompleteAsync(visa, taskId, new TasksApi.CompleteRequest(Outcomes.Done, null, new JsonObject { ["returnedOn"] = day }), null, ct);
            db.ChangeTracker.Clear();
        }
    }

    private async Task CommentAsync(string email, Guid proposalId, string text, DateTimeOffset at, CancellationToken ct)
    {
        using var _ = AppClock.At(at);
        await comments.AddAsync(await UserAsync(email, ct), proposalId, text, [], ct);
        db.ChangeTracker.Clear();
    }

    private async Task SweepAsync(DateTimeOffset at, CancellationToken ct)
    {
        using var _ = AppClock.At(at);
        await sweep.FireDueTimersAsync(ct);
        db.ChangeTracker.Clear();
    }

    private async Task ReportAsync(string email, Guid proposalId, ReportApi.ReportInput report, DateTimeOffset at, CancellationToken ct)
    {
        using var _ = AppClock.At(at);
        await reports.FileAsync(await UserAsync(email, ct), proposalId, report, ct);
        db.ChangeTracker.Clear();
    }

    private async Task MarkFollowUpDoneAsync(string email, Guid proposalId, int position, string note, DateTimeOffset at, CancellationToken ct)
    {
        using var _ = AppClock.At(at);
        var followUp = await db.FollowUps.AsNoTracking().FirstAsync(f => f.ProposalId == proposalId && f.Position == position, ct);
        await reports.MarkDoneAsync(await UserAsync(email, ct), followUp.Id, note, ct);
        db.ChangeTracker.Clear();
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded) throw new InvalidOperationException($"Demo account {what}: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
