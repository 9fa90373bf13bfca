using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// "Not me" in Chromium: someone holds Dana's link and reaches the code page, so a code arrives on Dana's phone
/// unasked; Dana opens the not-me link of that SMS, confirms once, and the link the other person holds stops working.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NotMeJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_not_me_link_of_an_unasked_code_sms_asks_once_reports_and_the_join_link_stops_working()
    {
        var (phone, email) = BrowserFixture.NewContact();
        using var agent = fixture.Agent("agent-not-me-1", "retail");
        using var started = await agent.PostAsJsonAsync("/api/sessions", new
        {
            participants = new[] { new { role = "primary", name = "Dana Cole", invite = new { channel = "email", address = email }, otp = new { channel = "sms", address = phone } } },
            reference = "loan-not-me-1",
        });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var session = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        var link = BrowserFixture.LinkIn((await fixture.WaitForMessagesAsync(email)).Single());

        // Whoever holds the link reaches the code page: the code goes to Dana's phone.
        await using var holderContext = await fixture.NewPhoneContextAsync();
        var holder = new CustomerDriver(await holderContext.NewPageAsync());
        await holder.OpenAsync(link);
        await holder.ExpectCodePageAsync();
        var notMe = BrowserFixture.NotMeLinkIn((await fixture.WaitForMessagesAsync(phone)).Single());

        // Dana did not ask for it: the not-me link of that SMS, on Dana's phone.
        await using var danaContext = await fixture.NewPhoneContextAsync();
        var dana = await danaContext.NewPageAsync();
        await dana.GotoAsync(notMe);
        var heading = dana.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(heading).ToHaveTextAsync("Did you not expect this message?");
        Assert.Equal(new Uri(fixture.WebUrl, "/not-me").ToString(), dana.Url);  // the token left the address bar
        await BrowserFixture.AssertAccessibleAsync(dana, "not me: the question");
        await BrowserFixture.DocsImageAsync(dana, "not-me");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Yes, report it: this was not me" }).ClickAsync();
        await Expect(heading).ToHaveTextAsync("Thank you, we stopped it");
        await BrowserFixture.AssertAccessibleAsync(dana, "not me: done");
        await BrowserFixture.ScreenshotAsync(dana, "not-me-done");

        // The link the other person holds no longer works, and the agent sees the report.
        var again = new CustomerDriver(await holderContext.NewPageAsync());
        await again.OpenAsync(link);
        await Expect(again.Heading).ToHaveTextAsync("This link no longer works");
        var view = (await agent.GetFromJsonAsync<JsonObject>($"/api/sessions/{session["sessionId"]!.GetValue<string>()}"))!;
        Assert.Equal("reported", view["participants"]![0]!["status"]!.GetValue<string>());
        await fixture.AssertNoTokenInAnyUrlAsync(null, CustomerDriver.TokenOf(link), CustomerDriver.TokenOf(notMe));
    }
}
