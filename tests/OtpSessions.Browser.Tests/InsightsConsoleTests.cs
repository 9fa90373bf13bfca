using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OtpSessions.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>The console's Insights page in Chromium: a supervisor sees the team's figures as charts with tables beside them, and axe-core finds no serious or critical violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InsightsConsoleTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_supervisor_sees_the_teams_funnel_and_deliveries_as_charts_with_tables_and_the_page_is_accessible()
    {
        var team = "ins-" + Guid.NewGuid().ToString("N")[..8];
        using var agent = fixture.Agent("agent-" + Guid.NewGuid().ToString("N")[..8], team);
        var (phone, email) = BrowserStack.NewContact();
        var created = await agent.PostAsJsonAsync("/api/sessions", new
        {
            participants = new object[]
            {
                new { role = "primary", name = "Dana Cole", invite = new { channel = "sms", address = phone } },
                new { role = "cosigner", name = "Lee Cole", invite = new { channel = "email", address = email } },
            },
            reference = "insights-ui",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var day = fixture.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var supervisor = fixture.Agent("sup-" + Guid.NewGuid().ToString("N")[..8], team, "supervisor");
        await Poll.UntilAsync(async () => (await supervisor.GetFromJsonAsync<JsonObject>($"/api/insights?from={day}&to={day}"))!,
            view => (int)view["funnel"]!["invited"]! == 2 && (int)view["delivery"]!["sms"]!["sent"]! + (int)view["delivery"]!["email"]!["sent"]! == 2,
            "the projection to count the session");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = new ConsoleDriver(page, fixture);

        await console.SignInAsync("sup-" + Guid.NewGuid().ToString("N")[..8], team, "supervisor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Insights", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Insights", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("First day (UTC)").FillAsync(day);
        await page.GetByLabel("Last day (UTC)").FillAsync(day);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();

        var funnel = page.GetByRole(AriaRole.Table, new() { Name = "Funnel (table)" });
        await Expect(funnel.GetByRole(AriaRole.Row, new() { Name = "Invited" })).ToContainTextAsync("2");
        await Expect(funnel.GetByRole(AriaRole.Row, new() { Name = "Authenticated" })).ToContainTextAsync("0");
        var delivery = page.GetByRole(AriaRole.Table, new() { Name = "Delivery outcomes by channel (table)" });
        await Expect(delivery.GetByRole(AriaRole.Row, new() { Name = "SMS" })).ToContainTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Delivery by country (table)" }).GetByRole(AriaRole.Row, new() { Name = "US" }))
            .ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Funnel: Invited participants 2" })).ToBeVisibleAsync();
        await Expect(page.Locator("canvas")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByText($"Team {team}, {day} to {day}")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Insights", Exact = true })).ToHaveAttributeAsync("aria-current", "page");

        await BrowserFixture.AssertAccessibleAsync(page, "insights");
        await BrowserFixture.ScreenshotAsync(page, "console-9-insights");
    }
}
