using System.Data.Common;
using BenchmarkDotNet.Attributes;
using Delegations.Web.Accounts;
using Delegations.Web.Approvals;
using Delegations.Web.Demo;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Delegations.Bench.Engine;

/// <summary>
/// The engine with SQLite persistence, on the application's real path: a DI scope per command (as a request has),
/// the app's <see cref="DelegationsDbContext"/> with its connection string and per-connection pragmas (WAL,
/// synchronous=NORMAL), one SaveChanges = one transaction with the journal and outbox rows. The reference is the
/// raw rate of one-row INSERT+UPDATE transactions on the same file through a connection opened the same way.
/// Each iteration gets fresh work (proposals with open tasks) from an unmeasured setup.
/// </summary>
[Config(typeof(SqliteConfig))]
public class EngineOnSqlite
{
    private const string Approve = Outcomes.Approve;
    private BenchApp _app = null!;
    private UserContext _head = null!;
    private UserContext _submitter = null!;
    private readonly Queue<Guid> _openTasks = new();
    private readonly Queue<Guid> _drafts = new();
    private DelegationsDbContext _rawDb = null!;
    private IServiceScope _rawScope = null!;
    private int _sequence;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _app = new BenchApp();
        var services = _app.Services; // starts the app: migrations (WAL), roles, default workflows, calendar
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
        await scope.ServiceProvider.GetRequiredService<DemoData>().EnsureOrganisationAsync(CancellationToken.None);
        var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();
        await store.PublishAsync(db, OneApproval.DefinitionJson, "benchmark", DateTimeOffset.UtcNow, CancellationToken.None);
        await db.SaveChangesAsync();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        _head = (await CurrentUser.LoadAsync(db, (await db.Users.SingleAsync(u => u.Email == "head@demo.local")).Id, clock, CancellationToken.None))!;
        _submitter = (await CurrentUser.LoadAsync(db, (await db.Users.SingleAsync(u => u.Email == "submitter@demo.local")).Id, clock, CancellationToken.None))!;

        // The reference's table, in the same database file.
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TABLE BenchRaw (Id INTEGER PRIMARY KEY, ProposalId TEXT NOT NULL, At INTEGER NOT NULL, Kind TEXT NOT NULL, Comment TEXT);
            CREATE TABLE BenchCounter (Id INTEGER PRIMARY KEY, N INTEGER NOT NULL);
            INSERT INTO BenchCounter (Id, N) VALUES (1, 0);
            """);
        _rawScope = services.CreateScope();
        _rawDb = _rawScope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rawScope.Dispose();
        SqliteConnection.ClearAllPools();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    // ------------------------------------------------------------------ complete task (TaskCommands)

    [IterationSetup(Target = nameof(CompleteTask))]
    public void OpenTasks() => OpenTasksAsync(SqliteConfig.OpsPerIteration).GetAwaiter().GetResult();

    /// <summary>Outbound proposals of the head's department, submitted: each waits in department-head review.</summary>
    private async Task OpenTasksAsync(int count)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
        var host = scope.ServiceProvider.GetRequiredService<WorkflowHost>();
        var proposals = Enumerable.Range(0, count).Select(_ => NewProposal(ProposalKind.Outbound)).ToList();
        db.Proposals.AddRange(proposals);
        var actor = new Actor(_submitter.Id, _submitter.FullName);
        foreach (var p in proposals)
        {
            p.Status = ProposalStatus.Draft;
            await host.StartAsync(p, actor, CancellationToken.None);
        }
        await db.SaveChangesAsync();
        var ids = proposals.Select(p => p.Id).ToList();
        foreach (var id in await db.Tasks.Where(t => ids.Contains(t.ProposalId) && t.Status == TaskStatuses.Open).OrderBy(t => t.CreatedAt).Select(t => t.Id).ToListAsync())
            _openTasks.Enqueue(id);
    }

    /// <summary>The head approves: TaskCommands checks access and separation of duties, runs the engine, stages the next task, journal, mail and audit, and commits.</summary>
    [Benchmark(Description = "complete task: TaskCommands on SQLite")]
    public async Task CompleteTask()
    {
        if (_openTasks.Count == 0) await OpenTasksAsync(1);
        await using var scope = _app.Services.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetRequiredService<TaskCommands>();
        var answer = await commands.CompleteAsync(_head, _openTasks.Dequeue(), new TasksApi.CompleteRequest(Approve, "Đồng ý trình.", null), null, CancellationToken.None);
        if (answer.Response is null) throw new InvalidOperationException("The task was not completed.");
    }

    // ------------------------------------------------------------------ raw reference

    /// <summary>
    /// One transaction of one INSERT and one UPDATE, on a pooled connection of the same file opened through the
    /// app's DbContext (so the same connection string and pragmas apply), closed again after — as EF does per command.
    /// </summary>
    [Benchmark(Baseline = true, Description = "raw INSERT+UPDATE transaction")]
    public async Task RawInsertUpdate()
    {
        await _rawDb.Database.OpenConnectionAsync();
        try
        {
            var connection = _rawDb.Database.GetDbConnection();
            await using var tx = await connection.BeginTransactionAsync();
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO BenchRaw (ProposalId, At, Kind, Comment) VALUES ($p, $at, 'task-completed', $c)";
                Add(insert, "$p", Guid.CreateVersion7().ToString());
                Add(insert, "$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                Add(insert, "$c", "Đồng ý trình.");
                await insert.ExecuteNonQueryAsync();
            }
            await using (var update = connection.CreateCommand())
            {
                update.Transaction = tx;
                update.CommandText = "UPDATE BenchCounter SET N = N + 1 WHERE Id = 1";
                await update.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        finally
        {
            await _rawDb.Database.CloseConnectionAsync();
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    // ------------------------------------------------------------------ §8 pair with SQLite persistence

    [IterationSetup(Target = nameof(StartThenCompleteOnSqlite))]
    public void Drafts() => DraftsAsync(SqliteConfig.OpsPerIteration).GetAwaiter().GetResult();

    private async Task DraftsAsync(int count)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
        var proposals = Enumerable.Range(0, count).Select(_ => NewProposal(ProposalKind.Conference)).ToList();
        db.Proposals.AddRange(proposals);
        await db.SaveChangesAsync();
        foreach (var p in proposals) _drafts.Enqueue(p.Id);
    }

    /// <summary>
    /// The §8 pair through the engine host: start the one-approval workflow (one transaction: instance, task row,
    /// journal, assignment mail), then complete its task (one transaction: instance, task row, journal, mail).
    /// </summary>
    [Benchmark(Description = "start + complete, SQLite (WorkflowHost)")]
    public async Task StartThenCompleteOnSqlite()
    {
        if (_drafts.Count == 0) await DraftsAsync(1);
        var id = _drafts.Dequeue();
        string taskId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
            var host = scope.ServiceProvider.GetRequiredService<WorkflowHost>();
            var proposal = await ProposalsApi.LoadAsync(db, id, CancellationToken.None, tracking: true) ?? throw new InvalidOperationException("No draft.");
            var started = await host.StartAsync(proposal, new Actor(_submitter.Id, _submitter.FullName), CancellationToken.None);
            await db.SaveChangesAsync();
            taskId = started.Instance.Tasks[0].Id;
        }
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DelegationsDbContext>();
            var host = scope.ServiceProvider.GetRequiredService<WorkflowHost>();
            var proposal = await ProposalsApi.LoadAsync(db, id, CancellationToken.None, tracking: true) ?? throw new InvalidOperationException("No proposal.");
            var done = await host.RunAsync(proposal, l => l.Engine.CompleteTask(l.Definition, l.Instance, new CompleteTaskCommand
            {
                Actor = new Actor(_head.Id, _head.FullName), TaskId = taskId, Outcome = Approve, Comment = "Đồng ý.", Variables = host.Variables(proposal),
            }), CancellationToken.None);
            await db.SaveChangesAsync();
            if (done.Instance.Status != InstanceStatus.Completed) throw new InvalidOperationException("The instance did not complete.");
        }
    }

    private Proposal NewProposal(ProposalKind kind)
    {
        var n = Interlocked.Increment(ref _sequence);
        var now = DateTimeOffset.UtcNow;
        var start = DateOnly.FromDateTime(now.UtcDateTime).AddDays(60);
        var p = new Proposal
        {
            ReferenceNumber = $"BN-{n:D8}",
            Kind = kind,
            Status = ProposalStatus.Draft,
            Title = $"Đoàn công tác số {n} làm việc với Viện Khoa học Hàn Quốc",
            Purpose = "Trao đổi hợp tác nghiên cứu, ký biên bản ghi nhớ.",
            StartDate = start,
            EndDate = start.AddDays(4),
            DepartmentId = _submitter.DepartmentId,
            CreatedById = _submitter.Id,
            CreatedAt = now,
            UpdatedAt = now,
            TotalVnd = 150_000_000,
        };
        if (kind == ProposalKind.Outbound)
        {
            p.Destinations = [new Destination { ProposalId = p.Id, Country = "KR", City = "Seoul" }];
            p.Members =
            [
                new DelegationMember { ProposalId = p.Id, FullName = "Nguyễn Văn Hùng", Title = "Phó Chánh Văn phòng", Role = MemberRole.Head, Grade = "deputy-director" },
                new DelegationMember { ProposalId = p.Id, Position = 1, FullName = "Lê Thị Thu", Title = "Chuyên viên", Role = MemberRole.Member, Grade = "officer" },
            ];
        }
        else
        {
            p.VenueCity = "Hà Nội";
            p.VenuePlace = "Trụ sở Bộ";
        }
        p.SearchText = SearchText.Join([p.ReferenceNumber, p.Title, p.Purpose], p.Members.Select(m => m.FullName));
        return p;
    }
}
