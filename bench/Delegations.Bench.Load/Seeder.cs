using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using Delegations.Workflows.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Bench.Load;

/// <summary>Where a seeded proposal stands: which workflow state its instance is cloned from.</summary>
public enum Shape
{
    /// <summary>In review, waiting for the head of department (one open task).</summary>
    AtHead,
    /// <summary>Approved by the head, waiting for the international office.</summary>
    AtIntl,
    /// <summary>Approved: the budget check and one visa task per member open.</summary>
    Preparation,
    /// <summary>Travelling: every preparation task done, the wait timer (end date + 1 day) pending.</summary>
    Travelling,
    /// <summary>Back: the post-trip report task open.</summary>
    ReportDue,
    /// <summary>Done: every task completed, the report filed.</summary>
    Completed,
}

/// <summary>
/// Seeds a database that the application created (migrations, roles, default workflows, calendar, demo accounts)
/// with bench departments, accounts and proposals in bulk, not through the API. Each proposal's workflow instance is
/// a clone of a template that the real engine ran on the real default definition, with fresh ids; the task rows,
/// journal and timers are what WorkflowHost would have stored for it.
/// </summary>
public sealed class Seeder
{
    public const string Password = "Demo@2026";
    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Thu", "Hoàng", "Ngọc", "Đức", "Hữu"];
    private static readonly string[] GivenNames = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Khánh", "Lan", "Long", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"];
    private static readonly (string Country, string City, string Counterpart)[] Places =
    [
        ("KR", "Seoul", "Viện Khoa học và Công nghệ Hàn Quốc (KIST)"), ("JP", "Tokyo", "Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)"),
        ("CN", "Bắc Kinh", "Bộ Khoa học và Công nghệ Trung Quốc"), ("FR", "Paris", "UNESCO"), ("DE", "Berlin", "Hội Fraunhofer"),
        ("SG", "Singapore", "Cơ quan Khoa học, Công nghệ và Nghiên cứu (A*STAR)"), ("AU", "Canberra", "CSIRO"), ("LK", "Colombo", "Bộ Khoa học và Công nghệ Sri Lanka"),
        ("TH", "Bangkok", "Cơ quan Phát triển Khoa học và Công nghệ Quốc gia Thái Lan"), ("US", "Washington", "Quỹ Khoa học Quốc gia Hoa Kỳ (NSF)"),
    ];
    private static readonly string[] Topics = ["trí tuệ nhân tạo", "bán dẫn", "năng lượng tái tạo", "công nghệ sinh học", "chuyển đổi số", "vật liệu mới", "đổi mới sáng tạo", "khoa học biển", "nông nghiệp công nghệ cao", "y sinh"];

    private readonly DelegationsDbContext _db;
    private readonly BulkWriter _writer;
    private readonly WorkflowDefinition _outbound;
    private readonly WorkingDayCalendar _calendar;
    private readonly Dictionary<string, string> _roleIds;
    private readonly Dictionary<(Shape, int), Template> _templates = [];
    private readonly string _passwordHash;
    private readonly Random _random = new(20260424);
    private readonly DateTimeOffset _now;
    private int _reference;

    private Seeder(DelegationsDbContext db, DbConnection connection, WorkflowDefinition outbound, WorkingDayCalendar calendar, Dictionary<string, string> roleIds, DateTimeOffset now)
    {
        _db = db;
        _writer = new BulkWriter(db, connection);
        _outbound = outbound;
        _calendar = calendar;
        _roleIds = roleIds;
        _now = now;
        _passwordHash = new PasswordHasher<AppUser>().HashPassword(null!, Password);
    }

    public long Rows => _writer.Rows;

    /// <summary>Opens a seeder on a database the app has initialised (SQLite or PostgreSQL, by the context's provider).</summary>
    public static async Task<Seeder> OpenAsync(DelegationsDbContext db, DateTimeOffset now)
    {
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        if (db.Database.IsSqlite())
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-524288;"; // seeding only: no fsync, 512 MB page cache for the index B-trees
            await pragma.ExecuteNonQueryAsync();
        }
        var version = await db.WorkflowVersions.AsNoTracking().Where(v => v.DefinitionId == "outbound-delegation").OrderByDescending(v => v.Version).FirstAsync();
        var outbound = new DefinitionLoader(Roles.All).Load(version.Json, version.Version);
        var calendar = await CalendarSource.LoadAsync(db, CancellationToken.None);
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Name!, r => r.Id);
        return new Seeder(db, connection, outbound, calendar, roles, now);
    }

    public async Task CommitAsync() => await _writer.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _db.Database.CloseConnectionAsync();
    }

    // ------------------------------------------------------------------ organisation

    public sealed record BenchDepartment(Guid Id, string Code, string HeadEmail, string HeadId, string SubmitterId, string SubmitterName);

    /// <summary>Departments BENCH-001… each with a head (DepartmentHead) and a submitter, password <see cref="Password"/>.</summary>
    public async Task<IReadOnlyList<BenchDepartment>> AddDepartmentsAsync(int count, Guid? parentId = null)
    {
        var result = new List<BenchDepartment>();
        for (var i = 1; i <= count; i++)
        {
            var code = $"BENCH-{i:D3}";
            var department = new Department { Code = code, NameVi = $"Đơn vị thử tải số {i}", NameEn = $"Load-test unit {i}", ParentId = parentId };
            await _writer.AddAsync(department);
            // Account names carry the unit code, so they never equal a generated delegation member's name (separation of duties).
            var head = await AddUserAsync($"head.bench{i:D3}@bench.local", $"{PersonName(i * 7)} ({code})", $"Trưởng đơn vị thử tải số {i}", department.Id, Roles.DepartmentHead);
            var submitter = await AddUserAsync($"submitter.bench{i:D3}@bench.local", $"{PersonName(i * 11 + 3)} ({code})", $"Chuyên viên đơn vị thử tải số {i}", department.Id, Roles.Submitter);
            result.Add(new BenchDepartment(department.Id, code, head.Email!, head.Id, submitter.Id, submitter.FullName));
        }
        return result;
    }

    private async Task<AppUser> AddUserAsync(string email, string name, string title, Guid departmentId, string role)
    {
        var user = new AppUser
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true,
            FullName = name, JobTitle = title, DepartmentId = departmentId, CreatedAt = _now, PasswordHash = _passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true,
        };
        await _writer.AddAsync(user);
        await _writer.AddAsync(new IdentityUserRole<string> { UserId = user.Id, RoleId = _roleIds[role] });
        return user;
    }

    private string PersonName(int n) => $"{FamilyNames[n % FamilyNames.Length]} {MiddleNames[n / 3 % MiddleNames.Length]} {GivenNames[n / 7 % GivenNames.Length]}";

    // ------------------------------------------------------------------ proposals

    public sealed record Seeded(Guid ProposalId, Guid InstanceId, IReadOnlyList<Guid> OpenTaskIds);

    /// <summary>
    /// One outbound proposal of a department in the given shape, submitted <paramref name="ageDays"/> days ago, so its
    /// open tasks are due, overdue or have reminders due, and its timers may be due. Proposals of the same shape and
    /// age share one engine template, so the instance state, rows and timers agree on every time.
    /// </summary>
    public async Task<Seeded> AddProposalAsync(Guid departmentId, string submitterId, string submitterName, Shape shape, int ageDays)
    {
        var n = ++_reference;
        var created = _now - TimeSpan.FromDays(ageDays);
        var place = Places[n % Places.Length];
        var topic = Topics[n / Places.Length % Topics.Length];
        var start = DateOnly.FromDateTime(created.UtcDateTime).AddDays(45);
        var proposal = new Proposal
        {
            ReferenceNumber = $"DR-B{n:D7}",
            Kind = ProposalKind.Outbound,
            Status = ProposalStatus.InReview,
            Title = $"Đoàn công tác làm việc với {place.Counterpart} về {topic} (đợt {n})",
            Purpose = $"Trao đổi kinh nghiệm và thúc đẩy hợp tác nghiên cứu về {topic}; thảo luận khả năng ký biên bản ghi nhớ.",
            StartDate = start,
            EndDate = start.AddDays(4),
            DepartmentId = departmentId,
            CreatedById = submitterId,
            CreatedAt = created,
            UpdatedAt = created,
            SubmittedAt = created,
            TotalVnd = 150_000_000 + n % 40 * 1_000_000,
            BudgetSource = "state-budget",
        };
        var members = Enumerable.Range(0, 7).Select(i => new DelegationMember
        {
            ProposalId = proposal.Id, Position = i, FullName = PersonName(n * 13 + i * 5), Title = i == 0 ? "Phó Vụ trưởng" : "Chuyên viên",
            Organisation = "Bộ Khoa học và Công nghệ", Role = i == 0 ? MemberRole.Head : MemberRole.Member, Grade = i == 0 ? "deputy-director-general" : "officer",
        }).ToList();
        proposal.Members = members;
        proposal.Destinations = [new Destination { ProposalId = proposal.Id, Country = place.Country, City = place.City }];
        proposal.Counterparts = [new Counterpart { ProposalId = proposal.Id, Organisation = place.Counterpart, Country = place.Country }];
        proposal.SearchText = SearchText.Join([proposal.ReferenceNumber, proposal.Title, proposal.Purpose],
            members.SelectMany(m => new[] { m.FullName, m.Title, m.Organisation }), [place.Counterpart, place.City]);

        var template = _templates.TryGetValue((shape, ageDays), out var t) ? t : _templates[(shape, ageDays)] = BuildTemplate(shape, created);
        proposal.Status = template.Status;
        var instanceId = Guid.CreateVersion7(created);
        proposal.WorkflowInstanceId = instanceId;
        var shift = created - template.CreatedAt;
        var ids = template.TaskIds.ToDictionary(id => id, _ => Guid.CreateVersion7(created));

        await _writer.AddAsync(proposal);
        foreach (var m in members) await _writer.AddAsync(m);
        await _writer.AddAsync(proposal.Destinations[0]);
        await _writer.AddAsync(proposal.Counterparts[0]);

        var state = template.StateJson.Replace(template.InstanceId.ToString(), instanceId.ToString()).Replace(template.InstanceId.ToString("N"), instanceId.ToString("N"));
        foreach (var (old, fresh) in ids) state = state.Replace(old, fresh.ToString());
        await _writer.AddAsync(new WorkflowInstanceRecord
        {
            Id = instanceId, ProposalId = proposal.Id, DefinitionId = _outbound.Id, DefinitionVersion = _outbound.Version,
            Status = template.InstanceStatus, StateJson = state, Version = template.Version, CreatedAt = created, UpdatedAt = created + template.Span,
        });

        var open = new List<Guid>();
        foreach (var row in template.Tasks)
        {
            var task = Shifted(row, shift);
            task.Id = ids[row.Id.ToString()];
            task.InstanceId = instanceId;
            task.ProposalId = proposal.Id;
            task.AssigneeDepartmentId = row.AssigneeScope == AssigneeSpec.ScopeSubmitterDepartment ? departmentId : null;
            if (task.Status == TaskStatuses.Open)
            {
                open.Add(task.Id);
                var next = ReminderPlan.Next(TaskReminderSpecs(task), task.CreatedAt, task.Due, _calendar, 0);
                task.NextReminderNumber = next?.Number ?? 0;
                task.NextReminderAt = next?.At;
            }
            if (task.CompletedById is not null) (task.CompletedById, task.CompletedByName) = Completer(row.CompletedById!, submitterId, submitterName);
            await _writer.AddAsync(task);
        }
        foreach (var entry in template.Journal)
        {
            var (actorId, actorName) = entry.ActorId is null ? (null, null) : Completer(entry.ActorId, submitterId, submitterName);
            await _writer.AddAsync(new JournalRecord
            {
                ProposalId = proposal.Id, InstanceId = instanceId, At = entry.At + shift, Kind = entry.Kind, ActorId = actorId, ActorName = actorName ?? entry.ActorName,
                FromStep = entry.FromStep, ToStep = entry.ToStep, Outcome = entry.Outcome, Comment = entry.Comment,
                TaskId = entry.TaskId is null ? null : ids[entry.TaskId],
            });
        }
        foreach (var timer in template.Timers)
        {
            await _writer.AddAsync(new WorkflowTimer
            {
                Id = timer.Id.Replace(template.InstanceId.ToString("N"), instanceId.ToString("N")), InstanceId = instanceId, ProposalId = proposal.Id,
                StepId = timer.StepId, DueAt = timer.DueAt + shift,
            });
        }
        return new Seeded(proposal.Id, instanceId, open);
    }

    /// <summary>The template ran with placeholder actors; a clone's submitter acts as the submitter, demo accounts as the approvers.</summary>
    private static (string Id, string Name) Completer(string templateActor, string submitterId, string submitterName) =>
        templateActor == TemplateSubmitter.Id ? (submitterId, submitterName) : (templateActor, TemplateApprover.Name);

    private static IReadOnlyList<ReminderSpec> TaskReminderSpecs(WorkflowTask task) =>
        task.RemindersJson is null ? [] : (JsonSerializer.Deserialize<List<string>>(task.RemindersJson) ?? [])
            .Select(t => ReminderSpec.TryParse(t, out var s) ? s : null).OfType<ReminderSpec>().ToList();

    private static WorkflowTask Shifted(WorkflowTask t, TimeSpan shift) => new()
    {
        Id = t.Id, InstanceId = t.InstanceId, ProposalId = t.ProposalId, StepId = t.StepId, TokenId = t.TokenId, Kind = t.Kind, TaskKind = t.TaskKind,
        Stage = t.Stage, TitleVi = t.TitleVi, TitleEn = t.TitleEn, AssigneeRole = t.AssigneeRole, AssigneeScope = t.AssigneeScope,
        AssigneeDepartmentId = t.AssigneeDepartmentId, AssigneeUser = t.AssigneeUser, Status = t.Status, Outcome = t.Outcome, Comment = t.Comment,
        DataJson = t.DataJson, FormJson = t.FormJson, Outcomes = t.Outcomes, ItemIndex = t.ItemIndex, ItemLabel = t.ItemLabel,
        CreatedAt = t.CreatedAt + shift, Due = t.Due + shift, CompletedAt = t.CompletedAt + shift, CompletedById = t.CompletedById,
        CompletedByName = t.CompletedByName, RemindersJson = t.RemindersJson, NextReminderNumber = t.NextReminderNumber,
        NextReminderAt = t.NextReminderAt + shift, EscalateAt = t.EscalateAt + shift, EscalationRole = t.EscalationRole,
        EscalationDepartmentId = t.EscalationDepartmentId,
    };

    // ------------------------------------------------------------------ templates: the real engine on the real definition

    private static readonly Actor TemplateSubmitter = new("template-submitter", "Người đề xuất");
    private static readonly Actor TemplateApprover = new("template-approver", "Người duyệt");

    private sealed record Template(
        Shape Shape, Guid InstanceId, DateTimeOffset CreatedAt, TimeSpan Span, string StateJson, string InstanceStatus, long Version, ProposalStatus Status,
        IReadOnlyList<string> TaskIds, IReadOnlyList<WorkflowTask> Tasks, IReadOnlyList<JournalEntry> Journal, IReadOnlyList<WaitTimer> Timers);

    private sealed class StepClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private Template BuildTemplate(Shape shape, DateTimeOffset created)
    {
        var clock = new StepClock(created);
        var engine = new WorkflowEngine(clock, _calendar);
        var start = DateOnly.FromDateTime(created.UtcDateTime).AddDays(45);
        var proposal = new JsonObject
        {
            ["kind"] = "outbound", ["title"] = "Đoàn công tác (mẫu)", ["startDate"] = start.ToString("yyyy-MM-dd"), ["endDate"] = start.AddDays(4).ToString("yyyy-MM-dd"),
            ["inAnnualPlan"] = true, ["ledByLeader"] = false, ["budget"] = new JsonObject { ["totalVnd"] = 150_000_000 },
            ["members"] = new JsonArray(Enumerable.Range(0, 7).Select(i => (JsonNode)new JsonObject { ["fullName"] = PersonName(i * 5), ["role"] = i == 0 ? "head" : "member" }).ToArray()),
        };
        var opened = new Dictionary<string, TaskOpened>();
        var latest = new Dictionary<string, HumanTask>(); // the instance keeps only its recent tasks; the effects tell every one
        var journal = new List<JournalEntry>();
        var result = engine.Start(_outbound, new StartCommand { Actor = TemplateSubmitter, Variables = new JsonObject { ["proposal"] = proposal } });
        void Take(CommandResult r)
        {
            result = r;
            journal.AddRange(r.Journal);
            foreach (var o in r.EffectsOf<TaskOpened>()) (opened[o.Task.Id], latest[o.Task.Id]) = (o, o.Task);
            foreach (var c in r.EffectsOf<TaskClosed>()) latest[c.Task.Id] = c.Task;
        }
        Take(result);
        void Complete(string step, string outcome, JsonObject? data = null)
        {
            clock.Now += TimeSpan.FromHours(20);
            foreach (var task in result.Instance.OpenTasks.Where(t => t.StepId == step).ToList())
                Take(engine.CompleteTask(_outbound, result.Instance, new CompleteTaskCommand
                {
                    Actor = step == "post-trip-report" ? TemplateSubmitter : TemplateApprover, TaskId = task.Id, Outcome = outcome,
                    Comment = outcome == Outcomes.Done ? null : "Đồng ý.", Data = data?.DeepClone().AsObject(),
                }));
        }
        if (shape >= Shape.AtIntl) Complete("department-head", Outcomes.Approve);
        if (shape >= Shape.Preparation) Complete("international-office", Outcomes.Approve);
        if (shape >= Shape.Travelling)
        {
            Complete("budget-check", Outcomes.Approve, new JsonObject { ["approvedTotalVnd"] = 150_000_000 });
            Complete("visas", Outcomes.Done, new JsonObject { ["passportType"] = "official", ["visaStatus"] = "granted" });
        }
        if (shape >= Shape.ReportDue)
        {
            clock.Now = new DateTimeOffset(start.AddDays(6).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            Take(engine.FireDueTimers(_outbound, result.Instance, Actor.System));
        }
        if (shape >= Shape.Completed) Complete("post-trip-report", Outcomes.Done, new JsonObject { ["summary"] = "Đoàn đã hoàn thành chương trình." });

        var instance = result.Instance;
        var expected = shape switch
        {
            Shape.Completed => InstanceStatus.Completed,
            _ => instance.Status,
        };
        if (instance.Status != expected || instance.Incident is not null) throw new InvalidOperationException($"Template {shape} ended {instance.Status}: {instance.Incident?.Message}");
        foreach (var t in instance.Tasks) latest[t.Id] = t;
        var tasks = latest.Values.Select(t => TaskRow(t, opened[t.Id])).ToList();
        return new Template(shape, instance.Id, created, clock.Now - created, WorkflowInstanceJson.Serialize(instance), instance.Status.ToString().ToLowerInvariant(),
            instance.Version, WorkflowHost.StatusOf(instance, _outbound), latest.Keys.ToList(), tasks, journal, instance.Timers.ToList());
    }

    /// <summary>The row WorkflowHost stores for a task (its NewTaskRowAsync and Close), for a template task.</summary>
    private WorkflowTask TaskRow(HumanTask t, TaskOpened opened)
    {
        var work = opened.Work;
        var done = t.Status != HumanTaskStatus.Open;
        return new WorkflowTask
        {
            Id = Guid.Parse(t.Id), StepId = t.StepId, TokenId = t.TokenId, Kind = t.Kind, TaskKind = t.TaskKind, Stage = opened.Stage,
            TitleVi = t.Title.Vi, TitleEn = t.Title.En, AssigneeRole = t.Assignee.Role, AssigneeScope = t.Assignee.Scope, AssigneeUser = t.Assignee.User,
            Status = t.Status switch { HumanTaskStatus.Open => TaskStatuses.Open, HumanTaskStatus.Completed => TaskStatuses.Completed, _ => TaskStatuses.Cancelled },
            Outcome = t.Outcome, Comment = t.Comment, DataJson = t.Data?.ToJsonString(),
            FormJson = JsonSerializer.Serialize(work.Form.Select(f => new TaskFormField(f.Name, f.FieldType, f.Required, f.Options.Count == 0 ? null : f.Options,
                f.Label is null ? null : new TaskFieldLabel(f.Label.Vi, f.Label.En))), TaskFormField.Json),
            Outcomes = string.Join(',', work.Outcomes),
            ItemIndex = t.ItemIndex,
            ItemLabel = t.Item switch { JsonObject o => o["fullName"]?.GetValue<string>(), JsonValue v => v.ToString(), _ => null },
            CreatedAt = t.CreatedAt, Due = t.Due, CompletedAt = t.CompletedAt, CompletedById = t.CompletedBy?.Id, CompletedByName = t.CompletedBy?.Name,
            RemindersJson = work.Reminders.Count == 0 ? null : JsonSerializer.Serialize(work.Reminders.Select(r => r.Text)),
            EscalateAt = done ? null : work.Escalation is { } e && t.Due is { } due ? e.After.AddTo(due, _calendar) : null,
            EscalationRole = work.Escalation?.To.Role,
        };
    }
}
