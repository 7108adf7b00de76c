using System.Text.Json.Nodes;
using Delegations.Workflows.Definitions;
using static Delegations.Workflows.Tests.Fixtures;

namespace Delegations.Workflows.Tests;

public sealed class DefinitionValidationTests
{
    private static IReadOnlyList<DefinitionError> Errors(string stepsJson, string start = "a", string? extra = null)
    {
        var result = new DefinitionLoader().Validate(InlineJson(stepsJson, start, extra));
        Assert.False(result.IsValid);
        Assert.Null(result.Definition);
        return result.Errors;
    }

    private static DefinitionError Single(IReadOnlyList<DefinitionError> errors, string code) => Assert.Single(errors, e => e.Code == code);

    private const string End = """{ "id": "done", "type": "end", "outcome": "completed" }""";

    [Theory]
    [InlineData("outbound-delegation", "outbound")]
    [InlineData("inbound-delegation", "inbound")]
    public void The_default_definitions_load_and_validate_cleanly(string id, string kind)
    {
        var result = new DefinitionLoader().Validate(DefinitionJson(id));
        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
        var definition = result.Definition!;
        Assert.Equal(id, definition.Id);
        Assert.Equal(kind, definition.AppliesTo["kind"]);
        Assert.True(definition.AppliesToRecord(new Dictionary<string, string> { ["kind"] = kind }));
        Assert.All(definition.Steps.Where(s => s is ApprovalStep or TaskStep), s => Assert.NotNull(s.Title));
    }

    [Fact]
    public void Every_file_in_the_workflows_folder_is_a_valid_definition()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json")
            .Where(f => Path.GetFileName(f) != "schema.json").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
            Assert.Empty(new DefinitionLoader().Validate(File.ReadAllText(file)).Errors);
    }

    [Fact]
    public void Invalid_json_is_one_error_at_the_root()
    {
        var e = Assert.Single(new DefinitionLoader().Validate("{ \"id\": ").Errors);
        Assert.Equal(("json", "$", (string?)null), (e.Code, e.Path, e.StepId));
    }

    [Fact]
    public void Schema_errors_name_the_step_and_the_path()
    {
        var errors = Errors("""
            { "id": "a", "type": "aproval", "title": { "vi": "Duyệt" } },
            { "id": "done", "type": "end", "outcome": "finished", "colour": "red" }
            """);
        Assert.Contains(errors, e => e is { StepId: "a", Path: "$.steps[0].type", Code: "schema" } && e.Message.Contains("'approval'"));
        Assert.Contains(errors, e => e is { StepId: "a", Path: "$.steps[0].title.en", Code: "schema" });
        Assert.Contains(errors, e => e is { StepId: "done", Path: "$.steps[1].outcome" });
        Assert.Contains(errors, e => e is { StepId: "done", Path: "$.steps[1].colour" } && e.Message.Contains("not a known property"));
    }

    [Fact]
    public void Missing_top_level_fields_are_schema_errors()
    {
        var errors = new DefinitionLoader().Validate("""{ "id": "x-flow", "version": 1, "steps": [] }""").Errors;
        Assert.Contains(errors, e => e.Path == "$.name" && e.Message.Contains("required"));
        Assert.Contains(errors, e => e.Path == "$.start");
        Assert.Contains(errors, e => e.Path == "$.steps");
    }

    [Fact]
    public void Duplicate_step_ids()
    {
        var e = Single(Errors($$"""
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            {{End}}
            """), "duplicate-id");
        Assert.Equal(("a", "$.steps[1].id"), (e.StepId, e.Path));
    }

    [Fact]
    public void Unknown_step_ids_in_every_kind_of_reference()
    {
        var errors = Errors($$"""
            { "id": "a", "type": "approval", {{Title}}, "assignee": { "role": "Finance" }, "on": { "approve": "b", "reject": "nowhere" } },
            { "id": "b", "type": "decision", "cases": [ { "when": "true", "next": "ghost" } ], "otherwise": "c" },
            { "id": "c", "type": "parallel", "branches": ["d", "phantom"], "join": "done" },
            { "id": "d", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            {{End}}
            """, extra: "");
        Assert.Contains(errors, e => e is { Code: "unknown-step", StepId: "a", Path: "$.steps[0].on.reject" });
        Assert.Contains(errors, e => e is { Code: "unknown-step", StepId: "b", Path: "$.steps[1].cases[0].next" });
        Assert.Contains(errors, e => e is { Code: "unknown-step", StepId: "c", Path: "$.steps[2].branches[1]" });
        Assert.Contains("'ghost'", errors.Single(e => e.StepId == "b").Message);
    }

    [Fact]
    public void An_unknown_start_step()
    {
        var e = Single(Errors(End, start: "begin"), "unknown-step");
        Assert.Equal(("$.start", (string?)null), (e.Path, e.StepId));
    }

    [Fact]
    public void Unreachable_steps()
    {
        var e = Single(Errors($$"""
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            { "id": "orphan", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            {{End}}
            """), "unreachable");
        Assert.Equal(("orphan", "$.steps[1]"), (e.StepId, e.Path));
    }

    [Fact]
    public void A_path_with_no_end()
    {
        var errors = Errors($$"""
            { "id": "a", "type": "decision", "cases": [ { "when": "proposal.x", "next": "b" } ], "otherwise": "done" },
            { "id": "b", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "c" },
            { "id": "c", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "b" },
            {{End}}
            """);
        Assert.Equal(["b", "c"], errors.Where(e => e.Code == "no-end").Select(e => e.StepId));
        Assert.Contains(errors, e => e is { Code: "no-end", Path: "$.steps[1]" });
    }

    [Fact]
    public void A_workflow_without_any_end_step()
    {
        var errors = Errors($$"""
            { "id": "a", "type": "wait", "signal": "go", "next": "b" },
            { "id": "b", "type": "wait", "signal": "go", "next": "a" }
            """);
        Assert.Contains(errors, e => e is { Code: "no-end", Path: "$.steps", StepId: null });
    }

    [Fact]
    public void A_parallel_branch_that_never_reaches_its_join()
    {
        var e = Single(Errors($$"""
            { "id": "a", "type": "parallel", "branches": ["x", "y"], "join": "j" },
            { "id": "x", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "j" },
            { "id": "y", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            { "id": "j", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            {{End}}
            """), "parallel-join");
        Assert.Equal(("a", "$.steps[0].branches[1]"), (e.StepId, e.Path));
        Assert.Contains("'y'", e.Message);
    }

    [Fact]
    public void A_parallel_without_its_join()
    {
        var errors = Errors($$"""
            { "id": "a", "type": "parallel", "branches": ["x", "y"] },
            { "id": "x", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            { "id": "y", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "next": "done" },
            {{End}}
            """);
        var e = Single(errors, "missing-property");
        Assert.Equal(("a", "$.steps[0].join"), (e.StepId, e.Path));
    }

    [Theory]
    [InlineData("3 fortnights", "bad-duration")]
    [InlineData("3 working hours", "bad-duration")]
    [InlineData("in a while", "expression")]
    [InlineData("-2 days", "expression")]
    [InlineData("proposal.startDate - 14 fortnights", "bad-duration")]
    public void Bad_durations(string due, string code)
    {
        var e = Single(Errors($$"""
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "due": "{{due}}", "next": "done" },
            {{End}}
            """), code);
        Assert.Equal(("a", "$.steps[0].due"), (e.StepId, e.Path));
    }

    [Fact]
    public void Bad_escalation_durations_and_reminders()
    {
        var errors = Errors($$"""
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "due": "3 working days",
              "remind": ["before 1 day", "every 0 days", "after soon"], "escalate": { "after": "a while", "to": { "role": "Leadership" } }, "next": "done" },
            {{End}}
            """);
        Assert.Contains(errors, e => e is { Code: "bad-duration", StepId: "a", Path: "$.steps[0].escalate.after" });
        Assert.Contains(errors, e => e is { Code: "bad-reminder", Path: "$.steps[0].remind[1]" });
        Assert.Contains(errors, e => e is { Code: "bad-reminder", Path: "$.steps[0].remind[2]" });
        var schema = Errors($$"""
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "due": "1 day", "remind": ["whenever"], "next": "done" },
            {{End}}
            """);
        Assert.Contains(schema, e => e is { Code: "schema", StepId: "a", Path: "$.steps[0].remind[0]" });
    }

    [Fact]
    public void Reminders_and_escalation_need_a_due_time()
    {
        var errors = Errors($$"""
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "remind": ["after 0"],
              "escalate": { "after": "1 day", "to": { "role": "Leadership" } }, "next": "done" },
            {{End}}
            """);
        Assert.Contains(errors, e => e is { Code: "bad-reminder", Path: "$.steps[0].remind" });
        Assert.Contains(errors, e => e is { Code: "missing-property", Path: "$.steps[0].escalate" });
    }

    [Fact]
    public void Expressions_that_do_not_compile()
    {
        var errors = Errors($$$"""
            { "id": "a", "type": "decision", "cases": [ { "when": "proposal.budget.totalVnd >", "next": "done" } ], "otherwise": "done" },
            { "id": "b", "type": "each", "items": "proposal.members.", "step": { "type": "task", "title": { "vi": "Thị thực {{ item.( }}", "en": "Visa" }, "assignee": { "role": "VisaOfficer" } }, "next": "done" },
            { "id": "c", "type": "wait", "until": "proposal.endDate +* 1 + 2 days", "next": "done" },
            {{{End}}}
            """);
        Assert.Contains(errors, e => e is { Code: "expression", StepId: "a", Path: "$.steps[0].cases[0].when" });
        Assert.Contains(errors, e => e is { Code: "expression", StepId: "b", Path: "$.steps[1].items" });
        Assert.Contains(errors, e => e is { Code: "expression", StepId: "b", Path: "$.steps[1].step.title.vi" });
        Assert.Contains(errors, e => e is { Code: "expression", StepId: "c", Path: "$.steps[2].until" });
    }

    [Fact]
    public void Unknown_roles_in_assignees_escalations_and_notifications()
    {
        var errors = Errors($$"""
            { "id": "a", "type": "approval", {{Title}}, "assignee": { "role": "Director" }, "due": "1 day",
              "escalate": { "after": "1 day", "to": { "role": "Minister" } }, "on": { "approve": "n" } },
            { "id": "n", "type": "notify", "template": "approved", "to": [ { "role": "Everyone" } ], "next": "done" },
            {{End}}
            """);
        Assert.Contains(errors, e => e is { Code: "unknown-role", StepId: "a", Path: "$.steps[0].assignee.role" } && e.Message.Contains("'Director'"));
        Assert.Contains(errors, e => e is { Code: "unknown-role", Path: "$.steps[0].escalate.to.role" });
        Assert.Contains(errors, e => e is { Code: "unknown-role", StepId: "n", Path: "$.steps[1].to[0].role" });
    }

    [Fact]
    public void A_host_can_supply_its_own_roles()
    {
        var json = InlineJson("""
            { "id": "a", "type": "task", "title": { "vi": "Việc", "en": "Work" }, "assignee": { "role": "Director" }, "next": "done" },
            { "id": "done", "type": "end", "outcome": "completed" }
            """);
        Assert.True(new DefinitionLoader(["Director"]).Validate(json).IsValid);
    }

    [Fact]
    public void Missing_titles_in_vi_or_en()
    {
        var errors = Errors("""
            { "id": "a", "type": "approval", "assignee": { "role": "Finance" }, "on": { "approve": "b" } },
            { "id": "b", "type": "task", "title": { "vi": "Việc" }, "assignee": { "role": "Finance" }, "next": "done" },
            { "id": "done", "type": "end", "outcome": "completed" }
            """);
        // Schema errors come first, so the missing English title is reported alone.
        Assert.Contains(errors, e => e is { StepId: "b", Path: "$.steps[1].title.en" });
        var titleless = Errors("""
            { "id": "a", "type": "approval", "assignee": { "role": "Finance" }, "on": { "approve": "done" } },
            { "id": "done", "type": "end", "outcome": "completed" }
            """);
        Assert.Contains(titleless, e => e is { Code: "title-missing", StepId: "a", Path: "$.steps[0].title" });
    }

    [Fact]
    public void Properties_that_do_not_belong_to_the_step_type()
    {
        var e = Single(Errors($$"""
            { "id": "a", "type": "approval", {{Title}}, "assignee": { "role": "Finance" }, "next": "done", "on": { "approve": "done" } },
            {{End}}
            """), "unexpected-property");
        Assert.Equal(("a", "$.steps[0].next"), (e.StepId, e.Path));
        Assert.Contains("'on'", e.Message);
    }

    [Fact]
    public void Required_fields_per_type()
    {
        var errors = Errors($$"""
            { "id": "a", "type": "approval", {{Title}}, "assignee": { "role": "Finance" } },
            { "id": "b", "type": "task", {{Title}}, "next": "done" },
            { "id": "c", "type": "decision", "otherwise": "done" },
            { "id": "d", "type": "wait", "next": "done" },
            { "id": "e", "type": "each", "items": "proposal.members", "next": "done" },
            {{End}}
            """);
        Assert.Contains(errors, e => e is { Code: "missing-property", StepId: "a", Path: "$.steps[0].on.approve" });
        Assert.Contains(errors, e => e is { Code: "missing-property", StepId: "b", Path: "$.steps[1].assignee" });
        Assert.Contains(errors, e => e is { Code: "missing-property", StepId: "c", Path: "$.steps[2].cases" });
        Assert.Contains(errors, e => e is { Code: "missing-property", StepId: "d", Path: "$.steps[3]" });
        Assert.Contains(errors, e => e is { Code: "missing-property", StepId: "e", Path: "$.steps[4].step" });
    }

    [Fact]
    public void A_quorum_larger_than_the_group()
    {
        var e = Single(Errors($$"""
            { "id": "a", "type": "approval", {{Title}}, "assignees": [ { "role": "Finance" }, { "role": "Leadership" } ], "quorum": 3, "on": { "approve": "done" } },
            {{End}}
            """), "quorum");
        Assert.Equal("$.steps[0].quorum", e.Path);
    }

    [Fact]
    public void A_select_field_without_options()
    {
        var e = Single(Errors($$"""
            { "id": "a", "type": "task", {{Title}}, "assignee": { "role": "Finance" }, "form": [ { "name": "status", "type": "select" } ], "next": "done" },
            {{End}}
            """), "missing-property");
        Assert.Equal(("a", "$.steps[0].form[0].options"), (e.StepId, e.Path));
    }

    [Fact]
    public void Load_throws_with_every_error_and_never_returns_an_invalid_definition()
    {
        var ex = Assert.Throws<InvalidDefinitionException>(() => new DefinitionLoader().Load(InlineJson(End, start: "nope")));
        Assert.Single(ex.Errors);
        Assert.Contains("$.start", ex.Message);
    }

    [Fact]
    public void Publishing_sets_the_version_without_touching_the_rest()
    {
        var json = DefinitionJson("outbound-delegation");
        var v7 = DefinitionLoader.WithVersion(json, 7);
        var definition = new DefinitionLoader().Load(v7);
        Assert.Equal(7, definition.Version);
        Assert.Contains("Trưởng đơn vị duyệt", v7); // diacritics are written as they are
        var original = JsonNode.Parse(json)!.AsObject();
        original["version"] = 7;
        Assert.True(JsonNode.DeepEquals(original, JsonNode.Parse(v7)));
    }
}
