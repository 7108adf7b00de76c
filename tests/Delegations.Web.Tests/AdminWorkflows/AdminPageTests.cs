using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using Delegations.Web.Admin;
using Delegations.Web.Demo;
using Delegations.Web.Proposals;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.AdminWorkflows;

/// <summary>
/// The admin pages through the in-memory server, read with AngleSharp: the index, the workflow list, the editor
/// (errors linked to lines, save, diff, publish), the structured form (a due date changed, a security step added for
/// some countries), "try it", migration, incidents and the holiday calendar — each for admins only, with anti-forgery,
/// everything audited. Each test has its own app on its own SQLite file.
/// </summary>
public sealed class AdminPageTests : IAsyncLifetime
{
    private const string Outbound = "outbound-delegation";
    private readonly AppFactory _app = new();
    private Flow Flow => new(_app);

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    private Task<PageClient> As(string email) => PageClient.SignInAsync(_app, email);

    private static readonly string[] AdminPages =
    [
        "/admin", "/admin/workflows", $"/admin/workflows/{Outbound}", $"/admin/workflows/{Outbound}/form", $"/admin/workflows/{Outbound}/simulate",
        $"/admin/workflows/{Outbound}/migrate", $"/admin/workflows/{Outbound}/diff?a=1&b=1", "/admin/incidents", "/admin/holidays?year=2026",
    ];

    private async Task<JsonObject?> DraftAsync(string id = Outbound)
    {
        using var api = await _app.As("admin@demo.local");
        return (await api.Get($"/api/admin/workflows/{id}")).Expect(HttpStatusCode.OK).Object["draft"] as JsonObject;
    }

    private static JsonObject Step(JsonObject definition, string id) =>
        definition["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == id)!.AsObject();

    private Task<List<string>> AuditAsync(string kind) =>
        _app.Db(db => db.Set<AuditEntry>().Where(a => a.Kind == kind).OrderBy(a => a.Id).Select(a => a.Subject + ": " + a.Detail).ToListAsync());

    [Fact]
    public async Task Admin_pages_are_for_admins_only_others_get_the_403_page_and_anonymous_visitors_the_sign_in()
    {
        foreach (var email in new[] { "submitter@demo.local", "head@demo.local", "intl@demo.local", "leader@demo.local" })
        {
            using var client = await As(email);
            foreach (var url in AdminPages)
            {
                var page = await client.GetAsync(url);
                Assert.True(page.Status == HttpStatusCode.Forbidden, $"{email} {url}: {(int)page.Status}");
                Assert.Equal("403", page.One("[data-testid=error-page]")!.GetAttribute("data-status"));
            }
            Assert.Null((await client.GetAsync("/proposals")).One("[data-testid=nav-admin]"));
        }
        using var anonymous = PageClient.Anonymous(_app);
        foreach (var url in AdminPages)
        {
            var page = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.Contains("/account/login", page.Location);
        }
        using var admin = await As("admin@demo.local");
        var nav = (await admin.GetAsync("/proposals")).One("[data-testid=nav-admin]")!;
        Assert.Equal(("/admin", "Quản trị"), (nav.GetAttribute("href"), nav.TextContent.Trim()));
    }

    [Fact]
    public async Task Posts_need_the_anti_forgery_token_and_an_admin_and_save_nothing_otherwise()
    {
        using var admin = await As("admin@demo.local");
        var editor = (await admin.GetAsync($"/admin/workflows/{Outbound}")).Expect(HttpStatusCode.OK);
        var json = editor.One("#definition-json")!.TextContent.Replace("\"3 working days\"", "\"5 working days\"");
        (await admin.PostAsync($"/admin/workflows/{Outbound}?handler=Save", [new("Json", json)])).Expect(HttpStatusCode.BadRequest);
        (await admin.PostAsync($"/admin/workflows/{Outbound}?handler=Publish", [])).Expect(HttpStatusCode.BadRequest);
        (await admin.PostAsync("/admin/holidays?handler=Save", [new("Date", "2026-12-30"), new("Name", "Nghỉ")])).Expect(HttpStatusCode.BadRequest);

        // A submitter's own (valid) token does not make them an admin.
        using var submitter = await As("submitter@demo.local");
        var form = (await submitter.GetAsync("/proposals/new")).Expect(HttpStatusCode.OK).One("form[data-proposal-form]") as IHtmlFormElement;
        var token = PageClient.Fields(form!).Single(f => f.Key == "__RequestVerificationToken");
        (await submitter.PostAsync($"/admin/workflows/{Outbound}?handler=Save", [token, new("Json", json)])).Expect(HttpStatusCode.Forbidden);
        (await submitter.PostAsync($"/admin/workflows/{Outbound}/form", [token, new($"s.department-head.due", "1 day")])).Expect(HttpStatusCode.Forbidden);
        (await submitter.PostAsync("/admin/holidays?handler=Save", [token, new("Date", "2026-12-30"), new("Name", "Nghỉ")])).Expect(HttpStatusCode.Forbidden);

        Assert.Null(await DraftAsync());
        Assert.Equal(0, await _app.Db(db => db.Holidays.CountAsync(h => h.Date == new DateOnly(2026, 12, 30))));
    }

    [Fact]
    public async Task The_admin_index_links_to_every_admin_page_that_exists_and_to_nothing_that_does_not()
    {
        using var admin = await As("admin@demo.local");
        var index = (await admin.GetAsync("/admin")).Expect(HttpStatusCode.OK);
        Assert.Equal("Quản trị", index.One("h1")!.TextContent);
        var links = index.All("[data-testid=admin-links] a[data-path]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("/admin/workflows", links);
        Assert.Contains("/admin/incidents", links);
        Assert.Contains("/admin/holidays", links);
        Assert.Contains("/jobs", links);
        foreach (var link in links.Where(l => l != "/jobs"))
            Assert.True((await admin.GetAsync(link)).Status == HttpStatusCode.OK, $"{link} is linked but does not answer 200");
        // The pages other features are building are linked only once they are routed here.
        foreach (var known in Delegations.Web.Pages.Admin.IndexModel.Known.Where(k => !links.Contains(k.Path)))
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(known.Path)).Status);

        // English is a switch away, on every admin page.
        await admin.SubmitAsync("/admin", "form[action='/account/language']", new() { ["lang"] = "en" });
        Assert.Equal("Administration", (await admin.GetAsync("/admin")).One("h1")!.TextContent);
        var editor = (await admin.GetAsync($"/admin/workflows/{Outbound}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Edit workflow: Outbound delegation", editor.One("h1")!.TextContent.Trim());
        Assert.Contains("Head of department review", editor.One("[data-testid=draft-diagram]")!.TextContent);
        Assert.Contains("approval", (await admin.GetAsync($"/admin/workflows/{Outbound}/form")).One("[data-step='department-head'] h2")!.TextContent);
    }

    [Fact]
    public async Task The_list_shows_each_workflow_its_latest_version_draft_and_running_instances_per_version()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        using var admin = await As("admin@demo.local");
        var page = (await admin.GetAsync("/admin/workflows")).Expect(HttpStatusCode.OK);
        var row = page.One($"[data-testid=workflows] tr[data-id={Outbound}]")!;
        Assert.Contains("Đoàn ra", row.TextContent);
        Assert.Equal("v1", row.QuerySelector("[data-testid=latest-version]")!.TextContent);
        Assert.Equal("v1: 1", row.QuerySelector("[data-testid=running] [data-version='1']")!.TextContent);
        Assert.Equal("—", row.QuerySelector("[data-testid=draft]")!.TextContent.Trim());
        Assert.NotNull(page.One("[data-testid=workflows] tr[data-id=inbound-delegation]"));
    }

    [Fact]
    public async Task The_editor_links_each_error_to_its_line_saves_only_a_valid_draft_shows_the_diff_and_publishes()
    {
        using var admin = await As("admin@demo.local");
        var editor = (await admin.GetAsync($"/admin/workflows/{Outbound}")).Expect(HttpStatusCode.OK);
        var json = editor.One("#definition-json")!.TextContent;
        Assert.Contains("\"department-head\"", json);
        Assert.Equal("rest", editor.One("[data-testid=draft-diagram] svg [data-step='department-head']")!.GetAttribute("data-state"));
        Assert.Empty(editor.All("[data-testid=definition-errors] li"));

        // A bad duration: the error names the step, the path and the line where it is.
        var broken = json.Replace("\"due\": \"3 working days\"", "\"due\": \"3 fortnights\"");
        var refused = (await admin.SubmitAsync(editor, "#definition-form", new() { ["Json"] = broken }, "[data-testid=save-draft]")).Expect(HttpStatusCode.OK);
        var error = refused.One("[data-testid=definition-errors] li[data-code=bad-duration]")!;
        Assert.Equal(("department-head", "$.steps[0].due"), (error.GetAttribute("data-step"), error.GetAttribute("data-path")));
        var line = int.Parse(error.QuerySelector("a[data-line]")!.GetAttribute("data-line")!);
        Assert.Contains("3 fortnights", broken.Split('\n')[line - 1]);
        Assert.StartsWith("'3 fortnights' không phải là thời hạn", error.QuerySelector(".error-message")!.TextContent);
        Assert.Equal(broken, refused.One("#definition-json")!.TextContent); // what was typed is kept
        Assert.Null(await DraftAsync());

        // Validate says so without saving; saving a valid one stores the draft.
        var fixedJson = json.Replace("\"due\": \"3 working days\"", "\"due\": \"5 working days\"");
        var valid = (await admin.SubmitAsync(editor, "#definition-form", new() { ["Json"] = fixedJson }, "[data-testid=validate]")).Expect(HttpStatusCode.OK);
        Assert.NotNull(valid.One("[data-testid=valid]"));
        Assert.Null(await DraftAsync());
        var saved = await admin.SubmitAsync(editor, "#definition-form", new() { ["Json"] = fixedJson }, "[data-testid=save-draft]");
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("5 working days", Step((await DraftAsync())!, "department-head")["due"]!.GetValue<string>());

        var withDraft = (await admin.FollowAsync(saved)).Expect(HttpStatusCode.OK);
        Assert.Contains("Đã lưu bản nháp", withDraft.One("[data-testid=flash]")!.TextContent);
        var change = Assert.Single(withDraft.All("[data-testid=changes] tbody tr"));
        Assert.Equal(("changed", "department-head", "$.steps[department-head].due"), (change.GetAttribute("data-kind"), change.GetAttribute("data-step"), change.GetAttribute("data-path")));
        Assert.Equal(("3 working days", "5 working days"), (change.QuerySelector("[data-testid=before]")!.TextContent, change.QuerySelector("[data-testid=after]")!.TextContent));

        var published = await admin.SubmitAsync(withDraft, "form[action*='handler=Publish']", new());
        Assert.Equal(HttpStatusCode.Redirect, published.Status);
        var after = (await admin.FollowAsync(published)).Expect(HttpStatusCode.OK);
        Assert.Contains("Đã ban hành phiên bản 2", after.One("[data-testid=flash]")!.TextContent);
        Assert.Equal(2, after.All("[data-testid=versions] tbody tr").Count);
        Assert.Null(await DraftAsync());

        // The diff page between the two versions, and the export of each.
        var diff = (await admin.GetAsync($"/admin/workflows/{Outbound}/diff?a=1&b=2")).Expect(HttpStatusCode.OK);
        Assert.Equal("5 working days", Assert.Single(diff.All("[data-testid=changes] tbody tr")).QuerySelector("[data-testid=after]")!.TextContent);
        Assert.Equal($"/api/admin/workflows/{Outbound}/versions/2/export", after.One("[data-testid=versions] tr[data-version='2'] a[download]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/api/admin/workflows/{Outbound}/versions/2/export")).StatusCode);

        Assert.Equal([$"{Outbound}: draft saved"], await AuditAsync(AuditKinds.DefinitionSaved));
        Assert.Equal([$"{Outbound}: version 2"], await AuditAsync(AuditKinds.DefinitionPublished));
    }

    [Fact]
    public async Task The_live_diagram_endpoint_draws_posted_json_and_answers_errors_with_their_lines_for_admins_only()
    {
        using var api = await _app.As("admin@demo.local");
        var json = (await api.Get($"/api/admin/workflows/{Outbound}/versions/1/export")).Text;
        var svg = await api.Http.PostAsync($"/api/admin/workflows/{Outbound}/diagram?lang=en", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        var text = await svg.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", text);
        Assert.Contains("Head of department review", text);

        var broken = json.Replace("\"approve\": \"international-office\"", "\"approve\": \"nowhere\"");
        var refused = (await api.Post($"/api/admin/workflows/{Outbound}/diagram", broken)).Expect(HttpStatusCode.BadRequest);
        var error = refused.Object["errors"]!.AsArray().Single(e => e!["code"]!.GetValue<string>() == "unknown-step")!;
        Assert.Contains("nowhere", broken.Split('\n')[error["line"]!.GetValue<int>() - 1]);
        Assert.Equal("There is no step 'nowhere'.", error["message"]!.GetValue<string>());
        var inVietnamese = (await api.Post($"/api/admin/workflows/{Outbound}/diagram?lang=vi", broken)).Expect(HttpStatusCode.BadRequest);
        Assert.Contains(inVietnamese.Object["errors"]!.AsArray(), e => e!["message"]!.GetValue<string>() == "Không có bước 'nowhere'.");
        var notJson = (await api.Post($"/api/admin/workflows/{Outbound}/diagram", "{\n  \"id\": \"x\",\n  oops\n}")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(3, notJson.Object["errors"]![0]!["line"]!.GetValue<int>());

        Assert.Contains("\"steps\"", (await api.Get("/api/admin/workflow-schema.json")).Text);
        using var head = await _app.As("head@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await head.Send(HttpMethod.Post, $"/api/admin/workflows/{Outbound}/diagram", JsonNode.Parse(json))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await head.Send(HttpMethod.Get, "/api/admin/workflow-schema.json", null)).Status);
    }

    [Fact]
    public async Task The_simple_form_changes_a_due_time_shows_errors_next_to_their_fields_and_saves_only_a_valid_draft()
    {
        using var admin = await As("admin@demo.local");
        var form = (await admin.GetAsync($"/admin/workflows/{Outbound}/form")).Expect(HttpStatusCode.OK);
        Assert.Equal("3 working days", (form.One("#f-s-department-head-due") as IHtmlInputElement)!.Value);
        Assert.Equal("DepartmentHead", (form.One("#f-s-department-head-role") as IHtmlSelectElement)!.Value);
        Assert.Equal("proposal.budget.totalVnd > 200000000", (form.One("#f-s-needs-leadership-cases-0--when") as IHtmlInputElement)!.Value);

        var refused = (await admin.SubmitAsync(form, "[data-testid=structured-form]", new()
        {
            ["s.department-head.due"] = "5 working days",
            ["s.international-office.escalateAfter"] = "2 fortnights",
            ["s.needs-leadership.cases[0].when"] = "proposal.budget.totalVnd >",
        })).Expect(HttpStatusCode.OK);
        Assert.NotNull(refused.One("[data-testid=form-errors]"));
        Assert.Contains("is-invalid", refused.One("#f-s-international-office-escalateAfter")!.ClassName);
        Assert.NotNull(refused.One("[data-error-for=f-s-international-office-escalateAfter]"));
        Assert.NotNull(refused.One("[data-error-for=f-s-needs-leadership-cases-0--when]"));
        Assert.Equal("5 working days", (refused.One("#f-s-department-head-due") as IHtmlInputElement)!.Value); // kept as typed
        Assert.Null(await DraftAsync());

        var saved = await admin.SubmitAsync(refused, "[data-testid=structured-form]", new()
        {
            ["s.international-office.escalateAfter"] = "2 working days",
            ["s.needs-leadership.cases[0].when"] = "proposal.budget.totalVnd > 300000000",
            ["s.needs-leadership.cases[0].noteVi"] = "Kinh phí trên 300 triệu đồng",
            ["s.needs-leadership.cases[0].noteEn"] = "",
        });
        Assert.NotNull(saved.Expect(HttpStatusCode.OK).One("[data-error-for=f-s-needs-leadership-cases-0--noteEn]")); // both languages, or neither
        Assert.Null(await DraftAsync());
        saved = await admin.SubmitAsync(saved, "[data-testid=structured-form]", new() { ["s.needs-leadership.cases[0].noteEn"] = "Budget above 300 million VND" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var draft = (await DraftAsync())!;
        Assert.Equal("5 working days", Step(draft, "department-head")["due"]!.GetValue<string>());
        Assert.Equal("2 working days", Step(draft, "international-office")["escalate"]!["after"]!.GetValue<string>());
        Assert.Equal("proposal.budget.totalVnd > 300000000", Step(draft, "needs-leadership")["cases"]![0]!["when"]!.GetValue<string>());
        Assert.Equal("Kinh phí trên 300 triệu đồng", Step(draft, "needs-leadership")["cases"]![0]!["note"]!["vi"]!.GetValue<string>());
        Assert.Equal("Leadership", Step(draft, "international-office")["escalate"]!["to"]!["role"]!.GetValue<string>()); // untouched fields stay
        Assert.Equal([$"{Outbound}: draft saved (simple form)"], await AuditAsync(AuditKinds.DefinitionSaved));

        // A second form opened on the old state is refused rather than overwriting the new draft.
        var stale = await admin.SubmitAsync(form, "[data-testid=structured-form]", new() { ["s.department-head.due"] = "1 day" });
        Assert.NotNull(stale.Expect(HttpStatusCode.OK).One("[data-testid=conflict]"));
        Assert.Equal("5 working days", Step((await DraftAsync())!, "department-head")["due"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_security_step_added_for_some_countries_is_followed_by_new_proposals_there_while_an_older_one_finishes_on_its_version()
    {
        var old = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica() with { Destinations = [new DestinationInput("KP", "Bình Nhưỡng")] });
        await Flow.SubmitAsync("submitter@demo.local", old);

        using var admin = await As("admin@demo.local");
        var form = (await admin.GetAsync($"/admin/workflows/{Outbound}/form")).Expect(HttpStatusCode.OK);
        var missing = (await admin.SubmitAsync(form, "[data-testid=structured-form]", new()
        {
            ["add.titleVi"] = "Ý kiến an ninh", ["add.titleEn"] = "Security review", ["add.after"] = "international-office",
            ["add.role"] = "SecurityLiaison", ["add.condition"] = "countries", ["add.countries"] = "KP, XX",
        })).Expect(HttpStatusCode.OK);
        Assert.Contains("XX", missing.One("[data-error-for=f-add-countries]")!.TextContent);
        Assert.Null(await DraftAsync());

        var saved = await admin.SubmitAsync(missing, "[data-testid=structured-form]", new() { ["add.countries"] = "KP, IR", ["add.due"] = "3 working days" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var editor = (await admin.FollowAsync(saved)).Expect(HttpStatusCode.OK);
        Assert.Contains(editor.All("[data-testid=changes] tbody tr"), r => r.GetAttribute("data-kind") == "added" && r.GetAttribute("data-step") == "security-review");
        Assert.NotNull(editor.One("[data-testid=draft-diagram] svg [data-step='security-review']"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(editor, "form[action*='handler=Publish']", new())).Status);

        var fresh = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica() with { Destinations = [new DestinationInput("KP", "Bình Nhưỡng")] });
        await Flow.SubmitAsync("submitter@demo.local", fresh);
        var japan = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", japan);
        foreach (var id in new[] { old, fresh, japan })
        {
            await Flow.ApproveAsync("head@demo.local", id, "department-head");
            await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        }
        var security = await Flow.GetAsync("security@demo.local", fresh);
        Assert.Equal((2, "security-review"), (security["workflow"]!["version"]!.GetValue<int>(), security["activeSteps"]![0]!["stepId"]!.GetValue<string>()));
        await Flow.ApproveAsync("security@demo.local", fresh, "security-review", "Không có vấn đề an ninh.");
        Assert.Equal("approved", await Flow.StatusAsync(fresh));

        // The older proposal to the same country finishes on version 1, without the new step; Japan skips it on version 2.
        var older = await Flow.GetAsync("submitter@demo.local", old);
        Assert.Equal(1, older["workflow"]!["version"]!.GetValue<int>());
        Assert.Equal("approved", older["status"]!.GetValue<string>());
        Assert.DoesNotContain("security-review", older["workflow"]!["visited"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("approved", await Flow.StatusAsync(japan));
    }

    [Fact]
    public async Task Try_it_shows_leadership_on_the_path_of_seed_001_and_not_for_a_small_trip_with_no_side_effects()
    {
        var minister = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        using var admin = await As("admin@demo.local");
        var page = (await admin.GetAsync($"/admin/workflows/{Outbound}/simulate")).Expect(HttpStatusCode.OK);
        var big = (await admin.SubmitAsync(page, "[data-testid=simulate-form]", new() { ["ProposalId"] = minister })).Expect(HttpStatusCode.OK);
        var steps = big.All("[data-testid=simulation-path] li").Select(l => l.GetAttribute("data-step")).ToList();
        Assert.Contains("leadership", steps);
        Assert.Equal("completed", big.One("[data-testid=simulation]")!.GetAttribute("data-status"));
        Assert.Equal("passed", big.One("[data-testid=simulation-diagram] svg [data-step='leadership']")!.GetAttribute("data-state"));

        var small = (await admin.SubmitAsync(page, "[data-testid=simulate-form]", new() { ["ProposalId"] = "" })).Expect(HttpStatusCode.OK); // the sample: a one-day trip
        Assert.DoesNotContain("leadership", small.All("[data-testid=simulation-path] li").Select(l => l.GetAttribute("data-step")));
        Assert.Contains("post-trip-report", small.All("[data-testid=simulation-path] li").Select(l => l.GetAttribute("data-step")));

        var rejected = (await admin.SubmitAsync(page, "[data-testid=simulate-form]", new() { ["ProposalId"] = minister, ["Outcomes[leadership]"] = "reject" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Không phê duyệt", rejected.One("[data-testid=simulation-path] li:last-child .fw-semibold")!.TextContent);

        var bad = (await admin.SubmitAsync(page, "[data-testid=simulate-form]", new() { ["ProposalId"] = "", ["ProposalJson"] = "[1, 2" })).Expect(HttpStatusCode.OK);
        Assert.NotNull(bad.One("[data-testid=simulate-error]"));
        Assert.Equal("draft", await Flow.StatusAsync(minister));
        Assert.Equal(0, await _app.Db(db => db.WorkflowInstances.CountAsync()));
    }

    [Fact]
    public async Task Migration_is_dry_run_then_done_for_the_chosen_instances_and_refused_with_the_reason_when_a_step_is_gone()
    {
        var first = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", first);
        var second = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", second);
        using var api = await _app.As("admin@demo.local");
        var v2 = (await api.Get($"/api/admin/workflows/{Outbound}/versions/1")).Expect(HttpStatusCode.OK).Object["definition"]!.AsObject();
        Step(v2, "leadership")["due"] = "7 working days";
        (await api.Put($"/api/admin/workflows/{Outbound}", v2)).Expect(HttpStatusCode.OK);
        (await api.Post($"/api/admin/workflows/{Outbound}/publish")).Expect(HttpStatusCode.OK);

        using var admin = await As("admin@demo.local");
        var page = (await admin.GetAsync($"/admin/workflows/{Outbound}/migrate")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, page.All("[data-testid=instances] tbody tr").Count);
        var firstInstance = page.One($"[data-testid=instances] tr[data-proposal='{first}']")!.GetAttribute("data-instance")!;
        var none = (await admin.SubmitAsync(page, "[data-testid=migrate-form]", new(), "[data-testid=dry-run]")).Expect(HttpStatusCode.OK);
        Assert.NotNull(none.One("[data-testid=migrate-error]"));

        var dry = (await admin.SubmitAsync(page, "[data-testid=migrate-form]", new() { ["Chosen"] = firstInstance }, "[data-testid=dry-run]")).Expect(HttpStatusCode.OK);
        var item = dry.One($"[data-testid=migrate-items] li[data-instance='{firstInstance}']")!;
        Assert.Equal(("true", "false"), (item.GetAttribute("data-can-move"), item.GetAttribute("data-migrated")));
        Assert.Equal(1, (await Flow.GetAsync("submitter@demo.local", first))["workflow"]!["version"]!.GetValue<int>());

        var moved = (await admin.SubmitAsync(page, "[data-testid=migrate-form]", new() { ["Chosen"] = firstInstance }, "[data-testid=move]")).Expect(HttpStatusCode.OK);
        Assert.Equal("true", moved.One($"[data-testid=migrate-items] li[data-instance='{firstInstance}']")!.GetAttribute("data-migrated"));
        Assert.Single(moved.All("[data-testid=instances] tbody tr")); // the other stays on v1
        var migrated = await Flow.GetAsync("submitter@demo.local", first);
        Assert.Equal(2, migrated["workflow"]!["version"]!.GetValue<int>());
        Assert.Contains(migrated["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == "migrated");
        Assert.Equal(1, (await Flow.GetAsync("submitter@demo.local", second))["workflow"]!["version"]!.GetValue<int>());

        // Version 3 renames the step the second proposal waits in: refused, with the reason, and left alone.
        var v3 = (await api.Get($"/api/admin/workflows/{Outbound}/versions/2")).Expect(HttpStatusCode.OK).Object["definition"]!.AsObject();
        Step(v3, "department-head")["id"] = "unit-head";
        v3["start"] = "unit-head";
        (await api.Put($"/api/admin/workflows/{Outbound}", v3)).Expect(HttpStatusCode.OK);
        (await api.Post($"/api/admin/workflows/{Outbound}/publish")).Expect(HttpStatusCode.OK);
        var page3 = (await admin.GetAsync($"/admin/workflows/{Outbound}/migrate?ToVersion=3")).Expect(HttpStatusCode.OK);
        var secondInstance = page3.One($"[data-testid=instances] tr[data-proposal='{second}']")!.GetAttribute("data-instance")!;
        var refused = (await admin.SubmitAsync(page3, "[data-testid=migrate-form]", new() { ["Chosen"] = secondInstance }, "[data-testid=move]")).Expect(HttpStatusCode.OK);
        var refusedItem = refused.One($"[data-testid=migrate-items] li[data-instance='{secondInstance}']")!;
        Assert.Equal(("false", "false"), (refusedItem.GetAttribute("data-can-move"), refusedItem.GetAttribute("data-migrated")));
        Assert.Contains("department-head", refusedItem.TextContent);
        Assert.Equal(1, (await Flow.GetAsync("submitter@demo.local", second))["workflow"]!["version"]!.GetValue<int>());
        Assert.Single(await AuditAsync(AuditKinds.AdminAction), a => a.Contains("migrated outbound-delegation v1 -> v2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_incident_is_listed_retried_after_the_fix_and_another_is_cancelled_with_a_reason()
    {
        using var api = await _app.As("admin@demo.local");
        var buggy = (await api.Get($"/api/admin/workflows/{Outbound}/versions/1")).Expect(HttpStatusCode.OK).Object["definition"]!.AsObject();
        Step(buggy, "needs-leadership")["cases"]![0]!["when"] = "proposal.budget.lines[5].amount > 0";
        (await api.Put($"/api/admin/workflows/{Outbound}", buggy)).Expect(HttpStatusCode.OK);
        (await api.Post($"/api/admin/workflows/{Outbound}/publish")).Expect(HttpStatusCode.OK);
        var ids = new List<string>();
        foreach (var seed in new[] { DemoSeeds.HueUnionJicaKoica(), DemoSeeds.HueUnionJicaKoica() with { Title = "Đoàn thứ hai" } })
        {
            var id = await Flow.CreateAsync("submitter@demo.local", seed);
            await Flow.SubmitAsync("submitter@demo.local", id);
            await Flow.ApproveAsync("head@demo.local", id, "department-head");
            await Flow.ApproveAsync("intl@demo.local", id, "international-office");
            Assert.Equal("faulted", await Flow.StatusAsync(id));
            ids.Add(id);
        }

        using var admin = await As("admin@demo.local");
        var page = (await admin.GetAsync("/admin/incidents")).Expect(HttpStatusCode.OK);
        var cards = page.All("[data-testid=incidents] [data-instance]");
        Assert.Equal(2, cards.Count);
        Assert.All(cards, c => Assert.Equal("needs-leadership", c.QuerySelector("[data-testid=incident-step]")!.TextContent));
        Assert.All(cards, c => Assert.Contains("TypeError", c.QuerySelector("[data-testid=incident-message]")!.TextContent));
        var instanceOf = await _app.Db(db => db.WorkflowInstances.ToDictionaryAsync(i => i.ProposalId.ToString(), i => i.Id.ToString()));
        var (first, second) = (instanceOf[ids[0]], instanceOf[ids[1]]);

        // Same data, same version: retried, and it fails again — the page says so.
        var again = await admin.SubmitAsync(page, $"[data-instance='{first}'] form[action*='handler=Retry']", new());
        Assert.Contains("vẫn lỗi", (await admin.FollowAsync(again)).One("[data-testid=flash]")!.TextContent);

        // A cancel needs a reason.
        var noReason = (await admin.SubmitAsync(page, $"[data-instance='{second}'] form[action*='handler=Cancel']", new() { ["Reason"] = "" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Cần nêu lý do huỷ.", noReason.One("[data-testid=incident-error]")!.TextContent);
        var cancelled = await admin.SubmitAsync(page, $"[data-instance='{second}'] form[action*='handler=Cancel']", new() { ["Reason"] = "Đoàn không đi nữa." });
        Assert.Equal(HttpStatusCode.Redirect, cancelled.Status);
        Assert.Equal("cancelled", await Flow.StatusAsync(ids[1]));

        // The fix: a corrected version, the instance moved to it, then retried.
        var fixedDefinition = (await api.Get($"/api/admin/workflows/{Outbound}/versions/2")).Expect(HttpStatusCode.OK).Object["definition"]!.AsObject();
        Step(fixedDefinition, "needs-leadership")["cases"]![0]!["when"] = "proposal.budget.totalVnd > 200000000";
        (await api.Put($"/api/admin/workflows/{Outbound}", fixedDefinition)).Expect(HttpStatusCode.OK);
        (await api.Post($"/api/admin/workflows/{Outbound}/publish")).Expect(HttpStatusCode.OK);
        (await api.Post($"/api/admin/workflows/{Outbound}/migrate", new { toVersion = 3, dryRun = false })).Expect(HttpStatusCode.OK);
        var fixedPage = (await admin.GetAsync("/admin/incidents")).Expect(HttpStatusCode.OK);
        var retried = await admin.SubmitAsync(fixedPage, $"[data-instance='{first}'] form[action*='handler=Retry']", new());
        var done = (await admin.FollowAsync(retried)).Expect(HttpStatusCode.OK);
        Assert.Contains("quy trình tiếp tục", done.One("[data-testid=flash]")!.TextContent);
        Assert.NotNull(done.One("[data-testid=no-incidents]"));
        Assert.Equal("approved", await Flow.StatusAsync(ids[0]));
        var audit = await AuditAsync(AuditKinds.AdminAction);
        Assert.Contains(audit, a => a.EndsWith("cancelled the workflow: Đoàn không đi nữa.", StringComparison.Ordinal));
        Assert.Equal(2, audit.Count(a => a.EndsWith("retried the faulted workflow", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_holiday_calendar_page_adds_edits_and_removes_days_and_a_due_date_counts_them_at_once()
    {
        using var admin = await As("admin@demo.local");
        var tet = (await admin.GetAsync("/admin/holidays?year=2026")).Expect(HttpStatusCode.OK);
        Assert.Contains("Tết Nguyên đán", tet.One("[data-testid=holidays] tr[data-date='2026-02-17']")!.TextContent);
        Assert.Contains("17/02/2026", tet.Text);

        var page = (await admin.GetAsync("/admin/holidays?year=2024")).Expect(HttpStatusCode.OK);
        var weekday = (await admin.SubmitAsync(page, "[data-testid=holiday-form]", new() { ["Date"] = "2024-03-20", ["Name"] = "Làm bù", ["Working"] = "true" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Chỉ ngày cuối tuần mới có thể là ngày làm bù.", weekday.One("#working-error")!.TextContent);
        var noName = (await admin.SubmitAsync(page, "[data-testid=holiday-form]", new() { ["Date"] = "2024-03-19", ["Name"] = "" })).Expect(HttpStatusCode.OK);
        Assert.NotNull(noName.One("#name-error"));

        var added = await admin.SubmitAsync(page, "[data-testid=holiday-form]", new() { ["Date"] = "2024-03-19", ["Name"] = "Ngày nghỉ của cơ quan", ["NameEn"] = "Office day off" });
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        var list = (await admin.FollowAsync(added)).Expect(HttpStatusCode.OK);
        Assert.Contains("Ngày nghỉ của cơ quan", list.One("[data-testid=holidays] tr[data-date='2024-03-19']")!.TextContent);

        // Monday 18/3 + 3 working days, skipping the new day off on Tuesday 19/3: Friday 22/3.
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        var submitted = (await Flow.SubmitAsync("submitter@demo.local", id)).Object;
        Assert.Equal(new DateTimeOffset(2024, 3, 22, 9, 0, 0, TimeSpan.FromHours(7)), submitted["activeSteps"]![0]!["due"]!.GetValue<DateTimeOffset>());

        var edit = (await admin.GetAsync("/admin/holidays?year=2024&edit=2024-03-19")).Expect(HttpStatusCode.OK);
        Assert.Equal("Ngày nghỉ của cơ quan", (edit.One("#name") as IHtmlInputElement)!.Value);
        (await admin.SubmitAsync(edit, "[data-testid=holiday-form]", new() { ["Note"] = "Theo thông báo của Văn phòng" })).Expect(HttpStatusCode.Redirect);
        Assert.Equal("Theo thông báo của Văn phòng", await _app.Db(db => db.Holidays.Where(h => h.Date == new DateOnly(2024, 3, 19)).Select(h => h.Note).SingleAsync()));

        var removed = await admin.SubmitAsync(list, "[data-testid=holidays] tr[data-date='2024-03-19'] form", new());
        Assert.Equal(HttpStatusCode.Redirect, removed.Status);
        Assert.Null((await admin.FollowAsync(removed)).One("[data-testid=holidays] tr[data-date='2024-03-19']"));
        var audit = await AuditAsync(AuditKinds.AdminAction);
        Assert.Equal(["calendar 2024-03-19: day off: Ngày nghỉ của cơ quan", "calendar 2024-03-19: day off: Ngày nghỉ của cơ quan", "calendar 2024-03-19: removed Ngày nghỉ của cơ quan"], audit);
    }

    [Fact]
    public async Task Admin_pages_carry_no_inline_script_style_or_event_handler_and_every_input_has_a_label()
    {
        using var api = await _app.As("admin@demo.local");
        (await api.Put($"/api/admin/workflows/{Outbound}", (await api.Get($"/api/admin/workflows/{Outbound}/versions/1")).Object["definition"]!)).Expect(HttpStatusCode.OK);
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        using var admin = await As("admin@demo.local");
        foreach (var url in AdminPages.Append($"/admin/workflows/{Outbound}/diff?a=1&b=0").Append("/admin/holidays?year=2026&edit=2026-02-17"))
        {
            var page = (await admin.GetAsync(url)).Expect(HttpStatusCode.OK);
            Assert.All(page.All("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"inline script on {url}"));
            Assert.Empty(page.All("style"));
            Assert.Empty(page.All("[style]"));
            Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            Assert.Single(page.All("h1"));
            foreach (var input in page.All("input:not([type=hidden]):not([type=submit]), select, textarea"))
            {
                var inputId = input.GetAttribute("id");
                var labelled = input.HasAttribute("aria-label") || (inputId is not null && page.One($"label[for='{inputId}']") is not null);
                Assert.True(labelled, $"{url}: <{input.LocalName} name={input.GetAttribute("name")}> has no label");
            }
            Assert.Equal("vi", page.Document.DocumentElement.GetAttribute("lang"));
        }
    }
}
