using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ConsoleTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Agent_signs_in_starts_a_session_and_sees_the_invitation_go_out_without_reloading()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = new ConsoleDriver(page, fixture);
        var (phone, email) = BrowserFixture.NewContact();

        await page.GotoAsync(new Uri(fixture.WebUrl, "/console").ToString());
        await BrowserFixture.AssertAccessibleAsync(page, "console sign-in");
        await BrowserFixture.ScreenshotAsync(page, "console-1-sign-in");
        await console.SignInAsync("agent-console-1");
        await BrowserFixture.AssertAccessibleAsync(page, "console home");

        await console.OpenNewSessionAsync();
        await console.FillPersonAsync(0, new Person("Dana Cole", "email", email, phone));
        await BrowserFixture.AssertAccessibleAsync(page, "new session dialog");
        await BrowserFixture.ScreenshotAsync(page, "console-2-new-session");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await console.StartSessionAsync("loan-browser-1", new Person("Dana Cole", "email", email, phone));
        var dana = console.Participant("Dana Cole");
        await Expect(console.StatusIcon("Dana Cole")).ToContainTextAsync("Invited");
        await Expect(dana).ToContainTextAsync("Automatic by SMS to +1");
        await Expect(dana).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Email to p\\*+@example\\.com — sent at"));  // through the queue and the fake ACS
        Assert.Single(await fixture.WaitForMessagesAsync(email));
        await BrowserFixture.AssertAccessibleAsync(page, "session view");
        await BrowserFixture.ScreenshotAsync(page, "console-3-session-invited");
    }

    [Fact]
    public async Task New_session_dialog_sends_the_code_over_the_other_channel_and_refuses_bad_addresses()
    {
        await using var context = await fixture.NewContextAsync();
        var posts = new List<string>();
        context.Request += (_, request) => { if (request.Method == "POST") { posts.Add(request.Url); } };
        var page = await context.NewPageAsync();
        var console = new ConsoleDriver(page, fixture);
        await console.SignInAsync("agent-console-2");
        await console.OpenNewSessionAsync();
        var primary = page.GetByRole(AriaRole.Group, new() { Name = "Customer (primary)" });

        await Expect(primary.GetByLabel("Send the code automatically by SMS")).ToBeCheckedAsync();
        await primary.GetByLabel("SMS", new() { Exact = true }).CheckAsync();
        await Expect(primary.GetByLabel("Send the code automatically by email")).ToBeVisibleAsync();
        await Expect(primary.GetByLabel("Email address for the code")).ToBeVisibleAsync();

        await primary.GetByLabel("Name").FillAsync("Lee Cole");
        await primary.GetByLabel("Mobile number for the link").FillAsync("0415 555");
        await primary.GetByLabel("Email address for the code").FillAsync("not-an-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start session and send invitations" }).ClickAsync();

        await Expect(primary.GetByLabel("Mobile number for the link")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(primary.GetByText("international format")).ToBeVisibleAsync();
        await Expect(primary.GetByLabel("Email address for the code")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        Assert.DoesNotContain(posts, url => url.EndsWith("/api/sessions", StringComparison.Ordinal));
    }
}
