using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Proposals;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Delegations.Web.Pages.Admin.Workflows;

/// <summary>
/// The structured form for the common edits, for an admin who does not read JSON: per step the assignee role and
/// scope, the due time, reminders and escalation; per decision its cases' conditions and targets; and "add an
/// approval step" after another one, for everyone or only for some destination countries. It edits the same draft:
/// the server loads the draft (or the latest version), applies the form, validates, and saves only when it is valid
/// — otherwise every error is shown next to its field and nothing is saved.
/// </summary>
public sealed partial class FormModel(WorkflowAdmin admin, UiMessages messages, IStringLocalizer<UiText> text) : AdminPage
{
    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public JsonObject Root { get; private set; } = [];
    public bool FromDraft { get; private set; }
    /// <summary>What the form was opened on (latest version and draft time), so a save over someone else's newer draft is refused.</summary>
    public string Stamp { get; private set; } = "";
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public List<string> OtherErrors { get; } = [];
    public string? Conflict { get; private set; }

    public static readonly IReadOnlyList<string> Scopes = ["submitter-department", "any"];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Request.Form["stamp"].ToString() != Stamp)
        {
            Conflict = text["Someone saved this workflow while you were editing it. The form now shows their version: make your change again."];
            return Page();
        }
        var added = Apply();
        if (Errors.Count > 0) return Page();
        var json = WorkflowAdmin.Pretty(Root.ToJsonString());
        var (saved, errors) = await admin.SaveDraftAsync(Admin, id, json, "draft saved (simple form)", ct);
        if (saved is null)
        {
            foreach (var e in errors) Place(e, added);
            return Page();
        }
        Flash(text["Draft saved. Check the changes, then publish."]);
        return Redirect($"/admin/workflows/{id}");
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        var record = await admin.FindAsync(id, ct);
        Id = id;
        Name = UiCulture.IsEnglish ? record.NameEn : record.NameVi;
        var (json, isDraft) = await admin.WorkingCopyAsync(id, ct);
        Root = JsonNode.Parse(json)!.AsObject();
        FromDraft = isDraft;
        Stamp = string.Create(CultureInfo.InvariantCulture, $"{record.LatestVersion}:{record.DraftSavedAt?.UtcTicks ?? 0}");
    }

    public IEnumerable<JsonObject> Steps => (Root["steps"] as JsonArray ?? []).OfType<JsonObject>();

    /// <summary>Where a step's human work is described: the step itself (approval, task) or its per-item step (each).</summary>
    public static JsonObject? WorkOf(JsonObject step) => Str(step["type"]) switch
    {
        "approval" or "task" => step,
        "each" => step["step"] as JsonObject,
        _ => null,
    };

    /// <summary>An approval for a group (assignees + quorum) or a named person: the role is edited in JSON only.</summary>
    public static bool RoleEditable(JsonObject work) => work["assignees"] is null && work["assignee"]?["user"] is null;

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string StepId(JsonObject step) => Str(step["id"]) ?? "";

    public static string Field(string stepId, string name) => $"s.{stepId}.{name}";

    public static string InputId(string field) => "f-" + Regex.Replace(field, "[^A-Za-z0-9_-]", "-");

    public string Title(JsonObject step) => Str(step["title"]?[UiCulture.Language]) ?? StepId(step);

    public static string Reminders(JsonObject work) => string.Join(", ", (work["remind"] as JsonArray ?? []).Select(Str));

    public string Posted(string name) => Request.HasFormContentType ? Request.Form[name].ToString() : "";

    /// <summary>Applies the posted fields to <see cref="Root"/>; returns the ids of steps added (the new approval, its decision).</summary>
    private (string? Approval, string? Decision) Apply()
    {
        var form = Request.Form;
        string? Value(string name) => form.TryGetValue(name, out var v) ? v.ToString().Trim() : null;
        foreach (var step in Steps.ToList())
        {
            var id = StepId(step);
            if (WorkOf(step) is { } work)
            {
                if (RoleEditable(work) && Value(Field(id, "role")) is { } role)
                {
                    var assignee = work["assignee"] as JsonObject ?? [];
                    assignee["role"] = role;
                    if (Value(Field(id, "scope")) is { } scope)
                    {
                        if (scope.Length == 0) assignee.Remove("scope");
                        else assignee["scope"] = scope;
                    }
                    if (assignee.Parent is null) work["assignee"] = assignee;
                }
                if (Value(Field(id, "due")) is { } due)
                {
                    if (due.Length == 0) work.Remove("due");
                    else work["due"] = due;
                }
                if (Value(Field(id, "remind")) is { } remind)
                {
                    var items = remind.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (items.Length == 0) work.Remove("remind");
                    else work["remind"] = new JsonArray(items.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray());
                }
                if (Value(Field(id, "escalateAfter")) is { } after)
                {
                    var to = Value(Field(id, "escalateTo")) ?? "";
                    if (after.Length == 0 && to.Length == 0) work.Remove("escalate");
                    else if (to.Length == 0) Errors[Field(id, "escalateTo")] = text["Choose who the task escalates to."];
                    else if (after.Length == 0) Errors[Field(id, "escalateAfter")] = text["Say after how long the task escalates (e.g. 2 working days)."];
                    else
                    {
                        var escalate = work["escalate"] as JsonObject ?? [];
                        escalate["after"] = after;
                        var target = escalate["to"] as JsonObject ?? [];
                        target["role"] = to;
                        target.Remove("user");
                        if (target.Parent is null) escalate["to"] = target;
                        if (escalate.Parent is null) work["escalate"] = escalate;
                    }
                }
            }
            if (Str(step["type"]) == "decision")
            {
                if (step["cases"] is JsonArray cases)
                    for (var i = 0; i < cases.Count; i++)
                    {
                        if (cases[i] is not JsonObject c) continue;
                        if (Value(Field(id, $"cases[{i}].when")) is { } when) c["when"] = when;
                        if (Value(Field(id, $"cases[{i}].next")) is { Length: > 0 } next) c["next"] = next;
                        // The note says in words what the condition tests: it is edited beside it, so a new threshold gets new words.
                        var (noteVi, noteEn) = (Value(Field(id, $"cases[{i}].noteVi")), Value(Field(id, $"cases[{i}].noteEn")));
                        if (noteVi is null && noteEn is null) continue;
                        if (string.IsNullOrEmpty(noteVi) && string.IsNullOrEmpty(noteEn)) c.Remove("note");
                        else c["note"] = new JsonObject { ["vi"] = noteVi ?? "", ["en"] = noteEn ?? "" };
                    }
                if (Value(Field(id, "otherwise")) is { Length: > 0 } otherwise) step["otherwise"] = otherwise;
            }
        }
        return AddStep(Value);
    }

    /// <summary>"Add an approval step after …": the new step takes over where the earlier step's approval led, optionally behind a decision.</summary>
    private (string? Approval, string? Decision) AddStep(Func<string, string?> value)
    {
        var titleVi = value("add.titleVi") ?? "";
        var titleEn = value("add.titleEn") ?? "";
        var after = value("add.after") ?? "";
        if (titleVi.Length == 0 && titleEn.Length == 0 && after.Length == 0) return (null, null);
        if (titleVi.Length == 0) Errors["add.titleVi"] = text["Required."];
        if (titleEn.Length == 0) Errors["add.titleEn"] = text["Required."];
        var steps = Root["steps"]!.AsArray();
        var previous = Steps.FirstOrDefault(s => StepId(s) == after && Str(s["type"]) == "approval");
        if (previous is null) Errors["add.after"] = text["Choose the approval step it comes after."];
        var role = value("add.role") ?? "";
        if (!Roles.All.Contains(role)) Errors["add.role"] = text["Choose a role."];
        var condition = value("add.condition") ?? "always";
        string? when = null;
        if (condition == "countries")
        {
            var codes = (value("add.countries") ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => c.ToUpperInvariant()).Distinct().ToList();
            var unknown = codes.Where(c => !Countries.IsKnown(c)).ToList();
            if (codes.Count == 0) Errors["add.countries"] = text["Give one or more country codes (ISO 3166, e.g. KP, IR)."];
            else if (unknown.Count > 0) Errors["add.countries"] = text["Unknown country code: {0}.", string.Join(", ", unknown)];
            else when = $"proposal.countries.some(c => [{string.Join(", ", codes.Select(c => $"'{c}'"))}].includes(c))";
        }
        else if (condition == "expression")
        {
            when = value("add.expression");
            if (string.IsNullOrWhiteSpace(when)) Errors["add.expression"] = text["Write the condition (JavaScript), e.g. proposal.members.length > 5."];
        }
        if (Errors.Keys.Any(k => k.StartsWith("add.", StringComparison.Ordinal)) || previous is null) return (null, null);

        var id = UniqueId(Slug(titleEn));
        var on = previous["on"] as JsonObject ?? [];
        var target = Str(on["approve"]) ?? "";
        var step = new JsonObject
        {
            ["id"] = id,
            ["type"] = "approval",
            ["title"] = new JsonObject { ["vi"] = titleVi, ["en"] = titleEn },
            ["assignee"] = new JsonObject { ["role"] = role },
        };
        if (value("add.due") is { Length: > 0 } due) step["due"] = due;
        var stepOn = new JsonObject { ["approve"] = target };
        if (Str(on["reject"]) is { } reject) stepOn["reject"] = reject;
        step["on"] = stepOn;
        var index = steps.IndexOf(previous) + 1;
        string? decisionId = null;
        if (when is not null)
        {
            decisionId = UniqueId(id + "-needed");
            var note = condition == "countries" ? text["Destination countries: {0}", value("add.countries")!.ToUpperInvariant()].Value : when;
            steps.Insert(index++, new JsonObject
            {
                ["id"] = decisionId,
                ["type"] = "decision",
                ["title"] = new JsonObject { ["vi"] = $"Cần {titleVi.ToLower(CultureInfo.GetCultureInfo("vi-VN"))}?", ["en"] = $"{titleEn} needed?" },
                ["cases"] = new JsonArray(new JsonObject { ["when"] = when, ["next"] = id, ["note"] = new JsonObject { ["vi"] = note, ["en"] = note } }),
                ["otherwise"] = target,
            });
        }
        steps.Insert(index, step);
        on["approve"] = decisionId ?? id;
        if (on.Parent is null) previous["on"] = on;
        return (id, decisionId);
    }

    private string UniqueId(string id)
    {
        var ids = Steps.Select(StepId).ToHashSet(StringComparer.Ordinal);
        var candidate = id;
        for (var n = 2; ids.Contains(candidate); n++) candidate = $"{id}-{n}";
        return candidate;
    }

    private static string Slug(string text)
    {
        var ascii = new string(text.Normalize(System.Text.NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray())
            .Replace('đ', 'd').Replace('Đ', 'D').ToLowerInvariant();
        var slug = NonSlug().Replace(ascii, "-").Trim('-');
        if (slug.Length == 0 || !char.IsAsciiLetterLower(slug[0])) slug = "step-" + slug;
        return slug.Length > 50 ? slug[..50].TrimEnd('-') : slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    [GeneratedRegex(@"^\$\.steps\[\d+\](?<rest>.*)$")]
    private static partial Regex StepPath();

    [GeneratedRegex(@"^\.cases\[(?<i>\d+)\]\.(?<p>when|next|note\.vi|note\.en|note)")]
    private static partial Regex CasePath();

    /// <summary>Puts a validator error next to the field it is about, or in the list above the form.</summary>
    private void Place(WorkflowAdminApi.ValidationError e, (string? Approval, string? Decision) added)
    {
        var field = FieldFor(e, added);
        var message = messages.Translate(e.Message);
        if (field is not null && !Errors.ContainsKey(field)) Errors[field] = message;
        else OtherErrors.Add(e.StepId is null ? $"{e.Path}: {message}" : $"{e.StepId} · {e.Path}: {message}");
    }

    private string? FieldFor(WorkflowAdminApi.ValidationError e, (string? Approval, string? Decision) added)
    {
        if (e.StepId is null || StepPath().Match(e.Path) is not { Success: true } m) return null;
        var rest = m.Groups["rest"].Value;
        if (rest.StartsWith(".step.", StringComparison.Ordinal)) rest = rest[5..];
        if (e.StepId == added.Approval || e.StepId == added.Decision)
            return rest switch
            {
                _ when rest.StartsWith(".due", StringComparison.Ordinal) => "add.due",
                _ when rest.StartsWith(".assignee", StringComparison.Ordinal) => "add.role",
                _ when rest.StartsWith(".title.vi", StringComparison.Ordinal) => "add.titleVi",
                _ when rest.StartsWith(".title", StringComparison.Ordinal) => "add.titleEn",
                _ when rest.StartsWith(".cases", StringComparison.Ordinal) => Posted("add.condition") == "countries" ? "add.countries" : "add.expression",
                _ => null,
            };
        var name = rest switch
        {
            _ when rest.StartsWith(".assignee.scope", StringComparison.Ordinal) => "scope",
            _ when rest.StartsWith(".assignee", StringComparison.Ordinal) => "role",
            _ when rest.StartsWith(".due", StringComparison.Ordinal) => "due",
            _ when rest.StartsWith(".remind", StringComparison.Ordinal) => "remind",
            _ when rest.StartsWith(".escalate.to", StringComparison.Ordinal) => "escalateTo",
            _ when rest.StartsWith(".escalate", StringComparison.Ordinal) => "escalateAfter",
            _ when rest.StartsWith(".otherwise", StringComparison.Ordinal) => "otherwise",
            _ when CasePath().Match(rest) is { Success: true } c => $"cases[{c.Groups["i"].Value}].{c.Groups["p"].Value switch { "note.vi" or "note" => "noteVi", "note.en" => "noteEn", var p => p }}",
            _ => null,
        };
        return name is null ? null : Field(e.StepId, name);
    }

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);
}
