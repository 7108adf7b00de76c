using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Delegations.Workflows.Definitions;
using Delegations.Workflows.Runtime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin.Workflows;

/// <summary>
/// "Try it": runs a proposal — an existing one, or data typed as JSON — through the draft or a version and shows the
/// path it takes, on the diagram too. Nothing is stored: the simulator runs the engine on a private clock.
/// </summary>
public sealed class SimulateModel(DelegationsDbContext db, WorkflowAdmin admin, IStringLocalizer<UiText> text) : AdminPage
{
    public sealed record ProposalChoice(Guid Id, string ReferenceNumber, string Title);

    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public bool HasDraft { get; private set; }
    public IReadOnlyList<int> VersionNumbers { get; private set; } = [];
    public IReadOnlyList<ProposalChoice> Proposals { get; private set; } = [];
    public IReadOnlyList<(string Id, string Title)> ApprovalSteps { get; private set; } = [];

    /// <summary>"draft" or a version number.</summary>
    [BindProperty] public string? Source { get; set; }
    [BindProperty] public Guid? ProposalId { get; set; }
    [BindProperty] public string? ProposalJson { get; set; }
    [BindProperty] public Dictionary<string, string>? Outcomes { get; set; }

    public SimulationResult? Result { get; private set; }
    public string? Diagram { get; private set; }
    public string? Error { get; private set; }

    /// <summary>A small one-day trip in the annual plan: what the JSON box starts with.</summary>
    public const string SampleProposal = """
        {
          "kind": "outbound",
          "startDate": "2024-04-23",
          "endDate": "2024-04-23",
          "inAnnualPlan": true,
          "ledByLeader": false,
          "countries": ["JP"],
          "members": [ { "fullName": "Đặng Thanh Phú", "role": "head" } ],
          "budget": { "totalVnd": 10800000 }
        }
        """;

    public async Task<IActionResult> OnGetAsync(string id, Guid? proposalId, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        ProposalId = proposalId;
        Source = HasDraft ? "draft" : VersionNumbers.FirstOrDefault().ToString(System.Globalization.CultureInfo.InvariantCulture);
        ProposalJson = SampleProposal;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var useDraft = Source == "draft";
        int? version = int.TryParse(Source, out var v) ? v : null;
        JsonObject? proposal = null;
        if (ProposalId is null)
        {
            try
            {
                proposal = JsonNode.Parse(ProposalJson ?? "") as JsonObject;
            }
            catch (JsonException)
            {
            }
            if (proposal is null)
            {
                Error = text["The proposal data must be a JSON object (or pick an existing proposal)."];
                return Page();
            }
        }
        var outcomes = Outcomes?.Where(o => !string.IsNullOrEmpty(o.Value)).ToDictionary(o => o.Key, o => o.Value);
        try
        {
            Result = await admin.SimulateAsync(Admin, id, new WorkflowAdminApi.SimulateRequest(proposal, ProposalId, version, useDraft, outcomes, null), ct);
            var definition = await admin.DefinitionForAsync(id, useDraft, version, ct);
            Diagram = WorkflowDiagram.Render(definition, WorkflowDiagram.Marks.From(Result.Path.Select(p => p.StepId), []), UiCulture.Language, "sim");
        }
        catch (Exception e) when (RefusalMessage(e) is { } message)
        {
            Error = message;
        }
        return Page();
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        var record = await admin.FindAsync(id, ct);
        Id = id;
        Name = UiCulture.IsEnglish ? record.NameEn : record.NameVi;
        HasDraft = record.DraftJson is not null;
        VersionNumbers = await db.WorkflowVersions.AsNoTracking().Where(x => x.DefinitionId == id).OrderByDescending(x => x.Version).Select(x => x.Version).ToListAsync(ct);
        var kind = await db.WorkflowVersions.AsNoTracking().Where(x => x.DefinitionId == id).Select(x => x.AppliesToKind).FirstOrDefaultAsync(ct);
        var proposals = db.Proposals.AsNoTracking();
        if (kind is not null && Enum.TryParse<Delegations.Web.Proposals.ProposalKind>(kind, ignoreCase: true, out var k)) proposals = proposals.Where(p => p.Kind == k);
        Proposals = (await proposals.OrderByDescending(p => p.ReferenceNumber).Take(200).Select(p => new ProposalChoice(p.Id, p.ReferenceNumber, p.Title)).ToListAsync(ct));
        // The approvals to answer: the draft's when there is a valid one (it may add steps), else the latest version's.
        WorkflowDefinition shown;
        try
        {
            shown = await admin.DefinitionForAsync(id, HasDraft, null, ct);
        }
        catch (AppProblemException)
        {
            shown = await admin.DefinitionForAsync(id, false, null, ct);
        }
        ApprovalSteps = shown.Steps.OfType<ApprovalStep>().Select(s => (s.Id, s.DisplayTitle.For(UiCulture.Language))).ToList();
    }
}
