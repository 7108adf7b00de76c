using System.Net;
using System.Text.Json.Nodes;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;

namespace Delegations.Web.Tests.Approvals;

/// <summary>Approve and forward on the proposal page: the history names the ad-hoc approver and the diagram draws them under the step.</summary>
public sealed class ForwardOnPageTests : AppTests
{
    [Fact]
    public async Task The_history_and_the_diagram_show_who_an_approver_forwarded_to()
    {
        var id = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.HueUnionJicaKoica());
        await Flow.SubmitAsync("submitter@demo.local", id);
        await Flow.ApproveAsync("head@demo.local", id, "department-head");
        (await Flow.ActAsync("intl@demo.local", id, "international-office", "forward", "Đối tác mới: đề nghị Lãnh đạo cho ý kiến.",
            new JsonObject { ["forwardTo"] = new JsonObject { ["user"] = "leader@demo.local" } })).Expect(HttpStatusCode.OK);

        using var page = await PageClient.SignInAsync(App, "submitter@demo.local");
        var details = (await page.GetAsync($"/proposals/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Phạm Quốc Hưng", details.One("[data-testid=journal] [data-testid=forwarded-to]")!.TextContent);
        var adHoc = details.One("[data-testid=workflow-diagram] [data-step=international-office] .wf-adhoc");
        Assert.Equal("+ Phạm Quốc Hưng", adHoc!.TextContent);

        Assert.Empty(await Flow.InboxTasksAsync("intl@demo.local", id, "international-office")); // the forwarder's seat is done
        Assert.Single(await Flow.InboxTasksAsync("leader@demo.local", id, "international-office"));
    }
}
