using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Admin;
using Delegations.Web.Ui;
using Microsoft.AspNetCore.Mvc;

namespace Delegations.Web.Pages.Admin.Workflows;

/// <summary>The differences between two versions of a definition (b = 0: the draft), in steps and properties.</summary>
public sealed class DiffModel(WorkflowAdmin admin) : AdminPage
{
    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int A { get; private set; }
    public int B { get; private set; }
    public IReadOnlyList<DefinitionChange> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, int a, int b, CancellationToken ct)
    {
        var record = await admin.FindAsync(id, ct);
        Id = id;
        Name = UiCulture.IsEnglish ? record.NameEn : record.NameVi;
        A = a;
        B = b;
        async Task<string> Json(int n) => n != 0 ? await admin.VersionJsonAsync(id, n, ct)
            : record.DraftJson ?? throw Infrastructure.AppProblemException.NotFound($"A draft of '{id}'");
        Changes = DefinitionDiff.Compare(await Json(a), await Json(b));
        return Page();
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A value as compact JSON (text shown as it is), or "—" when absent.</summary>
    public static string Show(JsonNode? value) => value switch
    {
        null => "—",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(Compact),
    };
}
