using System.Net.Http.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// Journeys that need days or minutes to pass: this class moves its own stack's clock (and the browser's with it),
/// so it has a stack of its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TimeShiftTests(OwnStackFixture fixture) : IClassFixture<OwnStackFixture>
{
    [Fact]
    public async Task An_expired_link_offers_a_new_link_which_opens_the_code_page()
    {
        var (phone, email) = BrowserFixture.NewContact();
        using (var agent = fixture.Agent("agent-expiry-1", "retail"))
        {
            var response = await agent.PostAsJsonAsync("/api/sessions", new
            {
                participants = new[] { new { role = "primary", name = "Dana Cole", invite = new { channel = "email", address = email }, otp = new { channel = "sms", address = phone } } },
            });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        var oldLink = BrowserFixture.LinkIn((await fixture.WaitForMessagesAsync(email)).Single());

        fixture.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));  // past the link's 7 days, inside the session's 30
        await using var phoneContext = await fixture.NewPhoneContextAsync();
        var customer = new CustomerDriver(await phoneContext.NewPageAsync());
        await customer.OpenAsync(oldLink);
        await Expect(customer.Heading).ToHaveTextAsync("This link has expired");
        await BrowserFixture.AssertAccessibleAsync(customer.Page, "link expired");
        await BrowserFixture.ScreenshotAsync(customer.Page, "customer-9-link-expired");

        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "Send me a new link" }).ClickAsync();
        await Expect(customer.Page.GetByText("We sent you a new link.")).ToBeVisibleAsync();
        var newLink = BrowserFixture.LinkIn((await fixture.WaitForMessagesAsync(email, 2))[1]);
        Assert.NotEqual(oldLink, newLink);

        await using var again = await fixture.NewPhoneContextAsync();
        var back = new CustomerDriver(await again.NewPageAsync());
        await back.OpenAsync(newLink);
        await back.ExpectCodePageAsync();
        var verified = await back.EnterCodeAsync(BrowserFixture.CodeIn((await fixture.WaitForMessagesAsync(phone)).Last()));
        await back.ExpectInsideAsync();
        await fixture.AssertNoTokenInAnyUrlAsync(null, CustomerDriver.TokenOf(oldLink), CustomerDriver.TokenOf(newLink), await CustomerDriver.AccessTokenOf(verified));
    }

    [Fact]
    public async Task An_automatic_code_on_its_way_says_when_it_becomes_viewable_and_is_shown_once_unconfirmed_past_the_delay()
    {
        var (phone, email) = BrowserFixture.NewContact();
        await using var agentContext = await fixture.NewContextAsync();
        var otpViews = new List<string>();
        agentContext.Request += (_, r) => { if (r.Url.EndsWith("/otp", StringComparison.Ordinal)) { otpViews.Add(r.Url); } };
        var console = new ConsoleDriver(await agentContext.NewPageAsync(), fixture);
        await console.SignInAsync("agent-pending-1");
        await console.StartSessionAsync("loan-pending-1", new Person("Dana Cole", "email", email, phone));
        var link = BrowserFixture.LinkIn((await fixture.WaitForMessagesAsync(email)).Single());
        await using var phoneContext = await fixture.NewPhoneContextAsync();
        var customer = new CustomerDriver(await phoneContext.NewPageAsync());
        await customer.OpenAsync(link);
        await customer.ExpectCodePageAsync();
        var code = BrowserFixture.CodeIn((await fixture.WaitForMessagesAsync(phone)).Single());

        // Sent to the phone a moment ago: the console says when it could be shown, and asks the API for nothing.
        var card = console.Participant("Dana Cole");
        var tooltip = card.GetByRole(AriaRole.Tooltip);
        await Expect(card).ToContainTextAsync("Sent to the participant's phone — viewable at");
        await Expect(card.GetByTestId("code-note")).ToContainTextAsync("if it does not arrive");
        await console.StatusIcon("Dana Cole").HoverAsync();
        await Expect(tooltip).ToContainTextAsync("Sent to the participant's phone — viewable at");
        await Expect(tooltip.GetByTestId("otp-code")).ToHaveCountAsync(0);
        Assert.Empty(otpViews);
        await BrowserFixture.AssertAccessibleAsync(console.Page, "console with a code on its way");
        await console.Page.Mouse.MoveAsync(0, 0);
        await Expect(tooltip).ToBeHiddenAsync();

        // Unconfirmed past the policy's delay (60 s): the agent may read it out.
        fixture.Clock.Advance(TimeSpan.FromSeconds(60));
        await Expect(card).ToContainTextAsync("Not confirmed as arrived — you can read it out");
        await console.StatusIcon("Dana Cole").HoverAsync();
        await Expect(tooltip.GetByTestId("otp-code")).ToHaveTextAsync(code[..3] + " " + code[3..]);
        Assert.Single(otpViews);
    }
}
