using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// Two administrators for a weaker policy in the console: the requester's save says it waits and shows the change as
/// pending without buttons; another administrator of the team sees it with Approve and Reject, and approving applies it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PolicyApprovalConsoleTests(BrowserFixture fixture)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static async Task<IPage> PolicyPageAsync(IBrowserContext context, BrowserFixture fixture, string adminId, string team)
    {
        var page = await context.NewPageAsync();
        await new ConsoleDriver(page, fixture).SignInAsync(adminId, team, "admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Customer authentication" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Rules for team {team}" })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task A_weaker_save_waits_and_another_admin_approves_it_from_the_pending_list()
    {
        var team = Unique("two-admins");
        using (var setup = fixture.Agent(Unique("setup"), team, "admin"))
        {
            Assert.Equal(HttpStatusCode.OK, (await setup.PutAsJsonAsync($"/api/admin/teams/{team}/policy", new { policyChangesNeedApproval = true })).StatusCode);
        }

        // The requester turns the code off: the save waits, and its own change shows without buttons.
        await using var requesterContext = await fixture.NewContextAsync();
        var requester = await PolicyPageAsync(requesterContext, fixture, Unique("admin-a"), team);
        await requester.GetByLabel("Customers must enter a code").SelectOptionAsync("false");
        await requester.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(requester.GetByRole(AriaRole.Status).Filter(new() { HasText = "Not applied yet: this change weakens the rules" })).ToBeVisibleAsync();
        var waiting = requester.GetByRole(AriaRole.Region, new() { Name = "Changes waiting for approval" });
        await Expect(waiting).ToContainTextAsync("Customers must enter a code: no (weaker)");
        await Expect(waiting).ToContainTextAsync("You asked for this change.");
        await Expect(waiting.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(requester, "customer authentication with a pending change (requester)");
        using var agent = fixture.Agent(Unique("agent"), team);
        Assert.True((bool)(await agent.GetFromJsonAsync<JsonObject>("/api/policy"))!["requireOtp"]!);

        // Another administrator approves it: it applies.
        await using var approverContext = await fixture.NewContextAsync();
        var approver = await PolicyPageAsync(approverContext, fixture, Unique("admin-b"), team);
        var change = approver.GetByRole(AriaRole.Region, new() { Name = "Changes waiting for approval" });
        await Expect(change).ToContainTextAsync("It applies only when another administrator approves it");
        await Expect(change.GetByRole(AriaRole.Button, new() { Name = "Reject" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(approver, "customer authentication with a pending change (other admin)");
        await change.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(approver.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Approved: the change applies to team {team} now." })).ToBeVisibleAsync();
        await Expect(change).ToHaveCountAsync(0);
        await Expect(approver.GetByLabel("Customers must enter a code")).ToHaveValueAsync("false");
        Assert.False((bool)(await agent.GetFromJsonAsync<JsonObject>("/api/policy"))!["requireOtp"]!);
    }

    [Fact]
    public async Task Another_admin_rejects_a_waiting_change_and_nothing_of_it_applies()
    {
        var team = Unique("two-admins");
        using (var requester = fixture.Agent(Unique("admin-a"), team, "admin"))
        {
            Assert.Equal(HttpStatusCode.OK, (await requester.PutAsJsonAsync($"/api/admin/teams/{team}/policy", new { policyChangesNeedApproval = true })).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await requester.PutAsJsonAsync($"/api/admin/teams/{team}/policy", new { maxSendsPerHour = 20 })).StatusCode);
        }
        await using var context = await fixture.NewContextAsync();
        var page = await PolicyPageAsync(context, fixture, Unique("admin-b"), team);
        var change = page.GetByRole(AriaRole.Region, new() { Name = "Changes waiting for approval" });
        await Expect(change).ToContainTextAsync("Sends per participant and hour: 20 (weaker)");

        await change.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Rejected: nothing of that change applies." })).ToBeVisibleAsync();
        await Expect(change).ToHaveCountAsync(0);
        using var admin = fixture.Agent(Unique("admin-c"), team, "admin");
        Assert.Equal("""{"policyChangesNeedApproval":true}""", (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/teams/{team}/policy"))!.ToJsonString());
    }
}
