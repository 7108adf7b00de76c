using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Budget;

/// <summary>
/// The visa task per member of seed 003 (the deputy minister's UNESCO trip to Paris, 24–27/3/2025): passport data
/// recorded on the member and protected, the 6-month passport warning, a refused visa removing a member while the
/// trip continues, and a refused head flagging the proposal — on SQLite and (below) on PostgreSQL.
/// </summary>
public class VisaApiTests : AppTests
{
    private async Task<string> ParisAtVisasAsync()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.DeputyMinisterParisUnesco());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        await Flow.ApproveAsync("intl@demo.local", id, "international-office");
        await Flow.ApproveAsync("leader@demo.local", id, "leadership");
        return id;
    }

    private async Task<JsonObject> VisaTaskAsync(string id, string fullName) =>
        (await Flow.InboxTasksAsync("visa@demo.local", id, "visas")).Single(t => t["item"]!.GetValue<string>() == fullName);

    private async Task<Infrastructure.Api.Response> RecordAsync(string taskId, JsonObject data)
    {
        using var visa = await App.As("visa@demo.local");
        return await visa.Post($"/api/tasks/{taskId}/complete", new JsonObject { ["outcome"] = "done", ["data"] = data });
    }

    [Fact]
    public async Task A_passport_expiring_less_than_six_months_after_the_return_is_warned_on_the_visa_task_and_only_to_those_who_see_passports()
    {
        var id = await ParisAtVisasAsync();
        var task = await VisaTaskAsync(id, "Ngô Thanh Bình"); // passport valid until 10/08/2025; back on 27/03/2025
        using var visa = await App.As("visa@demo.local");
        var detail = (await visa.Get($"/api/tasks/{task["id"]}")).Expect(HttpStatusCode.OK).Object;
        Assert.Contains(detail["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("Ngô Thanh Bình") && w.GetValue<string>().Contains("10/08/2025"));
        var fine = await VisaTaskAsync(id, "Đinh Khánh Linh");
        Assert.Empty((await visa.Get($"/api/tasks/{fine["id"]}")).Expect(HttpStatusCode.OK).Object["warnings"]!.AsArray());

        var asVisa = (await Flow.GetAsync("visa@demo.local", id))["members"]!.AsArray().Single(m => m!["fullName"]!.GetValue<string>() == "Ngô Thanh Bình")!;
        Assert.Equal("C8123456", asVisa["passportNumber"]!.GetValue<string>());
        Assert.NotNull(asVisa["passportWarning"]);
        foreach (var email in new[] { "finance@demo.local", "leader@demo.local", "head@demo.local" })
        {
            var member = (await Flow.GetAsync(email, id))["members"]!.AsArray().Single(m => m!["fullName"]!.GetValue<string>() == "Ngô Thanh Bình")!.AsObject();
            Assert.False(member.ContainsKey("passportNumber"));
            Assert.False(member.ContainsKey("passportExpiry"));
            Assert.False(member.ContainsKey("passportWarning"));
        }

        // Renewed: the new number and expiry land on the member (the number protected, never in the task's data).
        (await RecordAsync(task["id"]!.GetValue<string>(), new JsonObject
        {
            ["visaStatus"] = "applied", ["passportType"] = "official", ["passportNumber"] = "C9990001", ["passportExpiry"] = "2035-03-01", ["appliedOn"] = "2025-02-20",
        })).Expect(HttpStatusCode.OK);
        var renewed = (await Flow.GetAsync("visa@demo.local", id))["members"]!.AsArray().Single(m => m!["fullName"]!.GetValue<string>() == "Ngô Thanh Bình")!.AsObject();
        Assert.Equal(("C9990001", "2035-03-01", "applied", "2025-02-20"), (renewed["passportNumber"]!.GetValue<string>(), renewed["passportExpiry"]!.GetValue<string>(),
            renewed["visaStatus"]!.GetValue<string>(), renewed["visaAppliedOn"]!.GetValue<string>()));
        Assert.False(renewed.ContainsKey("passportWarning"));
        var taskId = Guid.Parse(task["id"]!.GetValue<string>());
        var stored = await App.Db(async db => (await db.Tasks.SingleAsync(t => t.Id == taskId)).DataJson + (await db.WorkflowInstances.SingleAsync()).StateJson
            + string.Join("", await db.Members.Select(m => m.PassportNumberProtected).ToListAsync()));
        Assert.DoesNotContain("C9990001", stored);
    }

    [Fact]
    public async Task A_member_whose_visa_is_refused_is_removed_and_the_trip_continues_with_the_head()
    {
        var id = await ParisAtVisasAsync();
        (await RecordAsync((await VisaTaskAsync(id, "Đinh Khánh Linh"))["id"]!.GetValue<string>(),
            new JsonObject { ["visaStatus"] = "refused", ["visaDate"] = "2025-03-10" })).Expect(HttpStatusCode.OK);
        foreach (var name in new[] { "Bùi Thế Duy", "Ngô Thanh Bình" })
            (await RecordAsync((await VisaTaskAsync(id, name))["id"]!.GetValue<string>(), new JsonObject { ["visaStatus"] = "granted", ["visaDate"] = "2025-03-12" })).Expect(HttpStatusCode.OK);
        await Flow.ApproveAsync("finance@demo.local", id, "budget-check");

        var view = await Flow.GetAsync("submitter@demo.local", id);
        Assert.Equal("approved", view["status"]!.GetValue<string>());
        Assert.False(view["headVisaRefused"]!.GetValue<bool>());
        var removed = view["members"]!.AsArray().Single(m => m!["fullName"]!.GetValue<string>() == "Đinh Khánh Linh")!;
        Assert.True(removed["removed"]!.GetValue<bool>());
        Assert.Equal(("refused", "2025-03-10"), (removed["visaStatus"]!.GetValue<string>(), removed["visaDecidedOn"]!.GetValue<string>()));
        var entry = Assert.Single(view["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == "member-removed")!;
        Assert.Contains("Đinh Khánh Linh", entry["comment"]!.GetValue<string>());
        Assert.Equal("Vũ Thanh Tâm", entry["actor"]!.GetValue<string>());

        await Flow.TravelToAsync(2025, 3, 28, 9);
        Assert.Equal("report_due", await Flow.StatusAsync(id));
    }

    [Fact]
    public async Task A_refused_head_stays_on_the_list_and_flags_the_proposal_for_a_new_head_or_cancellation()
    {
        var id = await ParisAtVisasAsync();
        (await RecordAsync((await VisaTaskAsync(id, "Bùi Thế Duy"))["id"]!.GetValue<string>(), new JsonObject { ["visaStatus"] = "refused", ["visaDate"] = "2025-03-10" }))
            .Expect(HttpStatusCode.OK);
        var view = await Flow.GetAsync("intl@demo.local", id);
        Assert.True(view["headVisaRefused"]!.GetValue<bool>());
        Assert.False(view["members"]![0]!["removed"]!.GetValue<bool>());
        Assert.Contains(view["journal"]!.AsArray(), j => j!["kind"]!.GetValue<string>() == "head-visa-refused" && j["comment"]!.GetValue<string>() == "Bùi Thế Duy");
        var budgetTask = Assert.Single(await Flow.InboxTasksAsync("finance@demo.local", id, "budget-check"));
        using var finance = await App.As("finance@demo.local");
        var detail = (await finance.Get($"/api/tasks/{budgetTask["id"]}")).Expect(HttpStatusCode.OK).Object;
        Assert.Contains(detail["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("Trưởng đoàn bị từ chối thị thực"));
    }
}

public sealed class VisaApiTestsOnPostgres : VisaApiTests, IOnPostgres;
