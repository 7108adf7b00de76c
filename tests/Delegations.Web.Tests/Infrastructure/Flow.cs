using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Proposals;

namespace Delegations.Web.Tests.Infrastructure;

/// <summary>Drives proposals through the public API as the demo accounts, the way an outside script would.</summary>
public sealed class Flow(AppFactory app)
{
    public async Task<string> CreateAsync(string email, ProposalInput input)
    {
        using var api = await app.As(email);
        var created = (await api.Post("/api/proposals", input)).Expect(HttpStatusCode.Created);
        Assert.Equal("draft", created["status"]);
        return created["id"];
    }

    public async Task<Api.Response> SubmitAsync(string email, string id)
    {
        using var api = await app.As(email);
        return (await api.Post($"/api/proposals/{id}/submit")).Expect(HttpStatusCode.OK);
    }

    public async Task<JsonObject> GetAsync(string email, string id)
    {
        using var api = await app.As(email);
        return (await api.Get($"/api/proposals/{id}")).Expect(HttpStatusCode.OK).Object;
    }

    public async Task<string> StatusAsync(string id) => (await GetAsync("admin@demo.local", id))["status"]!.GetValue<string>();

    /// <summary>The open tasks of a proposal at a step, as found in the user's own inbox.</summary>
    public async Task<List<JsonObject>> InboxTasksAsync(string email, string proposalId, string stepId)
    {
        using var api = await app.As(email);
        var inbox = (await api.Get("/api/tasks")).Expect(HttpStatusCode.OK).Array;
        return inbox.Select(t => t!.AsObject()).Where(t => t["proposalId"]!.GetValue<string>() == proposalId && t["stepId"]!.GetValue<string>() == stepId).ToList();
    }

    public async Task<Api.Response> ActAsync(string email, string proposalId, string stepId, string outcome, string? comment = null, JsonObject? data = null)
    {
        var task = Assert.Single(await InboxTasksAsync(email, proposalId, stepId));
        using var api = await app.As(email);
        return await api.Post($"/api/tasks/{task["id"]}/complete", new JsonObject { ["outcome"] = outcome, ["comment"] = comment, ["data"] = data });
    }

    public async Task ApproveAsync(string email, string proposalId, string stepId, string comment = "Đồng ý.", JsonObject? data = null) =>
        (await ActAsync(email, proposalId, stepId, "approve", comment, data)).Expect(HttpStatusCode.OK);

    public async Task CompleteVisasAsync(string proposalId, string status = "granted")
    {
        foreach (var task in await InboxTasksAsync("visa@demo.local", proposalId, "visas"))
        {
            using var api = await app.As("visa@demo.local");
            (await api.Post($"/api/tasks/{task["id"]}/complete", new JsonObject
            {
                ["outcome"] = "done", ["data"] = new JsonObject { ["visaStatus"] = status, ["passportType"] = "official" },
            })).Expect(HttpStatusCode.OK);
        }
    }

    /// <summary>The visa officer records each diplomatic or official passport as handed back after the return.</summary>
    public async Task<int> ReturnPassportsAsync(string proposalId, string returnedOn = "2024-04-29")
    {
        var tasks = await InboxTasksAsync("visa@demo.local", proposalId, "passport-return");
        foreach (var task in tasks)
        {
            using var api = await app.As("visa@demo.local");
            (await api.Post($"/api/tasks/{task["id"]}/complete", new JsonObject
            {
                ["outcome"] = "done", ["data"] = new JsonObject { ["returnedOn"] = returnedOn },
            })).Expect(HttpStatusCode.OK);
        }
        return tasks.Count;
    }

    public async Task<Api.Response> FileReportAsync(string email, string proposalId, object report)
    {
        using var api = await app.As(email);
        return await api.Post($"/api/proposals/{proposalId}/report", report);
    }

    /// <summary>Moves the clock to a local Hà Nội time and runs the timer sweep.</summary>
    public async Task TravelToAsync(int year, int month, int day, int hour = 8)
    {
        app.Clock.SetUtcNow(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime());
        await app.FireDueTimersAsync();
    }
}
