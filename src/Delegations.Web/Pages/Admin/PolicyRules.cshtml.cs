using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Admin;
using Delegations.Web.Infrastructure;
using Delegations.Web.Policies;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin;

/// <summary>
/// <c>/admin/policy-rules</c>: the organisation's policy rules, for admins. Each rule switches on or off, warns or
/// blocks, and has its parameters and message; a save is validated like the API's and audited.
/// </summary>
public sealed class PolicyRulesModel(DelegationsDbContext db, Viewer viewer, AccountAudit audit, TimeProvider clock, UiMessages messages, IStringLocalizer<UiText> text) : PageModel
{
    public IReadOnlyList<PolicyRule> Rules { get; private set; } = [];
    /// <summary>The rule whose save failed, with its errors by field.</summary>
    public string? FailedRule { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [BindProperty] public string? RuleId { get; set; }
    [BindProperty] public bool Enabled { get; set; }
    [BindProperty] public string? Severity { get; set; }
    [BindProperty] public string? Parameters { get; set; }
    [BindProperty] public string? MessageVi { get; set; }
    [BindProperty] public string? MessageEn { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await viewer.GetAsync(ct)).IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        Rules = await PolicyRulesApi.AllAsync(db, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await viewer.GetAsync(ct);
        if (!user.IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        var rule = (await PolicyRulesApi.AllAsync(db, ct)).FirstOrDefault(r => r.Id == RuleId);
        if (rule is null) return NotFound();
        JsonObject? parameters = null;
        try
        {
            parameters = JsonNode.Parse(string.IsNullOrWhiteSpace(Parameters) ? "{}" : Parameters) as JsonObject;
        }
        catch (JsonException)
        {
        }
        if (parameters is null) Errors["parameters"] = text["Parameters must be a JSON object, e.g. { \"max\": 2 }."];
        else
        {
            var input = new PolicyDefaults.RuleInput
            {
                Id = rule.Id, Kind = rule.Kind, Enabled = Enabled, Severity = Severity, AppliesTo = [.. rule.Kinds], Organisation = rule.Organisation,
                Message = new PolicyDefaults.Text(MessageVi, MessageEn), Source = rule.Source, Parameters = parameters,
            };
            try
            {
                await PolicyRulesApi.SaveAsync(db, user, audit, clock, rule.Id, input, creating: false, ct);
                TempData["Flash"] = text["The rule was saved."].Value;
                TempData["FlashKind"] = "success";
                return Redirect("/admin/policy-rules#rule-" + rule.Id);
            }
            catch (AppProblemException problem) when (problem.Errors is not null)
            {
                foreach (var (key, list) in problem.Errors) Errors[key] = string.Join(" ", messages.Translate(list));
            }
        }
        FailedRule = rule.Id;
        Rules = await PolicyRulesApi.AllAsync(db, ct);
        return Page();
    }
}
