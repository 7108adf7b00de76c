using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Delegations.Workflows.Definitions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Delegations.Web.Tests.Ui;

/// <summary>
/// Vietnamese is complete: every phrase the pages use and every code they show has a translation, and the
/// application's English validation messages come out in Vietnamese. And the workflow diagram draws any
/// definition, loops included, as well-formed SVG.
/// </summary>
public sealed partial class TextAndDiagramTests
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi");
    private static readonly ResourceManager Resources = new("Delegations.Web.Ui.UiText", typeof(UiText).Assembly);

    private static IReadOnlySet<string> Keys(CultureInfo culture) =>
        Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();

    private static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Delegations.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "src", "Delegations.Web");
    }

    [GeneratedRegex("""\b(?:T|Text|text)\[\s*"((?:[^"\\]|\\.)*)"\s*[,\]]""")]
    private static partial Regex LiteralKey();

    [Fact]
    public void Every_phrase_the_pages_use_has_a_Vietnamese_translation()
    {
        var vietnamese = Keys(Vietnamese);
        var used = Directory.EnumerateFiles(SourceRoot(), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/") && !f.Contains("/bin/"))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups[1].Value)))
            .ToHashSet();
        Assert.True(used.Count > 150, $"only {used.Count} phrases found: is the source where the test looks?");
        Assert.Empty(used.Where(k => !vietnamese.Contains(k)).Order());
    }

    [Fact]
    public void Every_code_the_pages_show_has_English_and_Vietnamese_words()
    {
        var codes = new List<string>();
        codes.AddRange(Enum.GetValues<ProposalStatus>().Select(s => "status:" + EnumText.ToText(s)));
        codes.AddRange(Enum.GetValues<ProposalKind>().SelectMany(k => new[] { "kind:" + EnumText.ToText(k), "kind-hint:" + EnumText.ToText(k) }));
        codes.AddRange(Enum.GetValues<MemberRole>().Select(r => "member-role:" + EnumText.ToText(r)));
        codes.AddRange(Enum.GetValues<BudgetCategory>().Select(c => "budget:" + EnumText.ToText(c)));
        codes.AddRange(Roles.All.Select(r => "role:" + r));
        codes.AddRange(ProposalRules.Grades.Select(g => "grade:" + g));
        codes.AddRange(ProposalRules.PassportTypes.Select(t => "passport:" + t));
        codes.AddRange(ProposalRules.GuestClasses.Select(g => "guest:" + g));
        codes.AddRange(Delegations.Workflows.Runtime.Outcomes.ApprovalOutcomes.Concat(Delegations.Workflows.Runtime.Outcomes.TaskOutcomes)
            .SelectMany(o => new[] { "outcome:" + o, "outcome-done:" + o }));
        codes.AddRange(EndStep.Outcomes.Select(o => "end:" + o));
        codes.AddRange(new[] { "created", "edited", "submitted", "cancelled" }.Concat(typeof(Delegations.Workflows.Runtime.JournalKinds)
            .GetFields().Select(f => (string)f.GetValue(null)!).Where(k => k is not "task-completed" and not "transition" and not "finished")).Select(k => "journal:" + k));
        // The select options of the default workflows' task forms.
        var loader = new DefinitionLoader(Roles.All);
        foreach (var file in Directory.GetFiles(Path.Combine(SourceRoot(), "..", "..", "workflows"), "*.json").Where(f => !f.EndsWith("schema.json", StringComparison.Ordinal)))
        {
            var definition = loader.Load(File.ReadAllText(file));
            codes.AddRange(definition.Steps.SelectMany(s => s switch
            {
                ApprovalStep a => a.Work.Form, TaskStep t => t.Work.Form, EachStep e => e.Work.Form, _ => [],
            }).SelectMany(f => f.Options).Select(o => "option:" + o));
        }
        var english = Keys(CultureInfo.InvariantCulture);
        var vietnamese = Keys(Vietnamese);
        Assert.Empty(codes.Distinct().Where(c => !english.Contains(c) || !vietnamese.Contains(c)).Order());
    }

    [Fact]
    public void The_applications_validation_messages_come_out_in_Vietnamese()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var messages = new UiMessages(new StringLocalizer<UiText>(factory));
        var errors = ProposalInputMapper.Validate(new ProposalInput
        {
            Kind = "outbound", Title = new string('x', 501), StartDate = "22/04/2024", EndDate = "2024-04-20",
            Destinations = [new DestinationInput("ZZ", null)],
            Members = [new MemberInput { FullName = "A", Title = "B", Role = "boss", Grade = "emperor" }, new MemberInput { FullName = "C", Title = "D", Role = "head" }, new MemberInput { FullName = "E", Title = "F", Role = "head" }],
            Budget = new BudgetInput(null, [new BudgetLineInput { Category = "airfare", Amount = -1, Currency = "USD" }]),
        }).ToDictionary().SelectMany(e => e.Value).Distinct().ToList();
        Assert.True(errors.Count >= 8);

        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Vietnamese;
        try
        {
            foreach (var message in errors)
                Assert.True(messages.Translate(message) != message, $"no Vietnamese for: {message}");
            Assert.Equal("Tối đa 500 ký tự.", messages.Translate("At most 500 characters."));
            Assert.Equal("Bắt buộc với USD: số đồng cho 1 USD.", messages.Translate("Required for USD: VND per 1 USD."));
            Assert.Equal("Something new.", messages.Translate("Something new.")); // unknown: left as it is
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void The_diagram_marks_passed_and_current_steps_and_is_well_formed_svg()
    {
        var definition = new DefinitionLoader(Roles.All).Load(File.ReadAllText(Path.Combine(SourceRoot(), "..", "..", "workflows", "outbound-delegation.json")));
        var svg = WorkflowDiagram.Render(definition, WorkflowDiagram.Marks.From(["department-head", "international-office", "needs-leadership", "preparation", "budget-check", "visas"], ["budget-check", "visas"]), "vi");
        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var steps = doc.Descendants(ns + "g").Where(g => g.Attribute("data-step") is not null).ToDictionary(g => g.Attribute("data-step")!.Value, g => g.Attribute("data-state")!.Value);
        Assert.Equal(definition.Steps.Select(s => s.Id).Order(), steps.Keys.Order());
        Assert.Equal("passed", steps["department-head"]);
        Assert.Equal("passed", steps["preparation"]);
        Assert.Equal("current", steps["budget-check"]);
        Assert.Equal("current", steps["visas"]);
        Assert.Equal("rest", steps["leadership"]);
        Assert.Equal("rest", steps["completed"]);
        Assert.Contains("Trưởng đơn vị duyệt", svg);
        Assert.Empty(doc.Descendants(ns + "script"));
        Assert.Empty(doc.Descendants(ns + "style"));
        Assert.DoesNotContain(doc.Descendants(), e => e.Attribute("style") is not null);
        Assert.Contains("Đang xử lý: Tài chính kiểm tra dự toán, Hộ chiếu và thị thực", doc.Descendants(ns + "desc").Single().Value);
    }

    [Fact]
    public void The_diagram_draws_a_loop_back_to_an_earlier_step_and_encodes_titles()
    {
        const string json = """
            {
              "id": "revise-loop", "version": 1, "name": { "vi": "Vòng <sửa>", "en": "Revise loop" },
              "appliesTo": { "kind": "outbound" }, "start": "check",
              "steps": [
                { "id": "check", "type": "approval", "title": { "vi": "Kiểm tra <b>hồ sơ</b>", "en": "Check" },
                  "assignee": { "role": "DepartmentHead" }, "on": { "approve": "sign", "reject": "rejected" } },
                { "id": "sign", "type": "approval", "title": { "vi": "Ký", "en": "Sign" },
                  "assignee": { "role": "Leadership" }, "on": { "approve": "done", "reject": "rejected", "changes": "check" } },
                { "id": "done", "type": "end", "outcome": "completed" },
                { "id": "rejected", "type": "end", "outcome": "rejected" }
              ]
            }
            """;
        var definition = new DefinitionLoader(Roles.All).Load(json);
        var svg = WorkflowDiagram.Render(definition, WorkflowDiagram.Marks.From(["check", "sign"], ["sign"]), "en", "loop");
        var doc = XDocument.Parse(svg); // well-formed: the titles' markup is encoded
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Single(doc.Descendants(ns + "path"), p => p.Attribute("class")?.Value.Contains("wf-edge-changes", StringComparison.Ordinal) == true);
        Assert.Contains("Vòng &lt;sửa&gt;", WorkflowDiagram.Render(definition, WorkflowDiagram.Marks.None, "vi"));
        Assert.Contains("loop-arrow-changes", svg);
    }
}
