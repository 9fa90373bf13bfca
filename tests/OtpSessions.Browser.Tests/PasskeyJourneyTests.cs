using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OtpSessions.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// Passkeys for returning participants in a real Chromium, with the DevTools protocol's virtual authenticator (internal,
/// resident keys, user verification): save one after the code, come back with fresh browser storage holding the same
/// credential, enter without a code — and no SMS goes out.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyJourneyTests(BrowserFixture fixture)
{
    private const string OfferTitle = "Skip the code next time";

    [Fact]
    public async Task A_passkey_saved_after_the_code_lets_the_person_in_again_without_a_code_and_a_replayed_assertion_counts_as_a_wrong_attempt()
    {
        var (phone, email) = BrowserFixture.NewContact();
        var first = await StartSessionAsync("agent-passkey-1", null, email, phone);

        // First entry: the code, then the offer — one tap saves a passkey on this device.
        await using var firstContext = await fixture.NewPhoneContextAsync();
        var customer = new CustomerDriver(await firstContext.NewPageAsync());
        var firstAuthenticator = await VirtualAuthenticatorAsync(customer.Page);
        await customer.OpenAsync(first);
        await customer.ExpectCodePageAsync();
        await customer.EnterCodeAsync(BrowserFixture.CodeIn((await fixture.WaitForMessagesAsync(phone)).Single()));
        await customer.ExpectInsideAsync();
        var offer = customer.Page.GetByRole(AriaRole.Region, new() { Name = OfferTitle });
        await Expect(offer).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(customer.Page, "passkey offer");
        await DocsScreenshotAsync(customer.Page, "passkey-offer");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Save a passkey" }).ClickAsync();
        await Expect(offer).ToContainTextAsync("Passkey saved.");
        var credentials = (await firstAuthenticator.Session.SendAsync("WebAuthn.getCredentials",
            new Dictionary<string, object> { ["authenticatorId"] = firstAuthenticator.Id }))!.Value.GetProperty("credentials");
        var credential = Assert.Single(credentials.EnumerateArray().ToList());
        var smsSoFar = fixture.Acs.State.Messages(phone).Count;

        // A later session to the same address, opened in fresh browser storage whose authenticator holds the same credential.
        var second = await StartSessionAsync("agent-passkey-2", null, email, phone, emailsBefore: 1);
        await using var secondContext = await fixture.NewPhoneContextAsync();
        var returning = new CustomerDriver(await secondContext.NewPageAsync());
        var secondAuthenticator = await VirtualAuthenticatorAsync(returning.Page);
        await secondAuthenticator.Session.SendAsync("WebAuthn.addCredential", new Dictionary<string, object>
        {
            ["authenticatorId"] = secondAuthenticator.Id,
            ["credential"] = JsonSerializer.Deserialize<Dictionary<string, object>>(credential.GetRawText())!,
        });
        var otpCalls = new List<string>();
        secondContext.Request += (_, r) => { if (r.Url.Contains("/api/join/otp", StringComparison.Ordinal)) { otpCalls.Add(r.Url); } };
        await returning.OpenAsync(second);
        await Expect(returning.Heading).ToHaveTextAsync("Welcome back");
        await BrowserFixture.AssertAccessibleAsync(returning.Page, "passkey return");
        await DocsScreenshotAsync(returning.Page, "passkey-return");
        var verified = await returning.Page.RunAndWaitForResponseAsync(
            () => returning.Page.GetByRole(AriaRole.Button, new() { Name = "Use my passkey" }).ClickAsync(),
            r => r.Url.EndsWith("/api/join/passkey/verify", StringComparison.Ordinal));
        await returning.ExpectInsideAsync();
        Assert.Equal(200, verified.Status);
        Assert.Empty(otpCalls);  // no code was asked for, so none was issued
        Assert.Equal(smsSoFar, fixture.Acs.State.Messages(phone).Count);
        await Expect(returning.Page.GetByText(OfferTitle)).ToHaveCountAsync(0);  // entered with the passkey: nothing to offer

        // The same assertion sent again is a replay: refused, and it costs one attempt like a wrong code.
        using var api = new HttpClient { BaseAddress = fixture.ApiUrl };
        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/join/passkey/verify")
        {
            Content = new StringContent(verified.Request.PostData!, Encoding.UTF8, "application/json"),
        };
        replay.Headers.Authorization = new AuthenticationHeaderValue("Invite", CustomerDriver.TokenOf(second));
        var refused = await api.SendAsync(replay);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("passkey_invalid", (string?)problem!["code"]);
        Assert.Equal(4, (int?)problem["attemptsRemaining"]);
    }

    [Fact]
    public async Task With_passkeys_off_in_the_team_policy_no_offer_follows_the_code()
    {
        var team = "nopasskeys-" + Guid.NewGuid().ToString("N")[..8];
        using (var admin = fixture.Agent("admin-" + team, team, "admin"))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/teams/{team}/policy", new { allowPasskeys = false })).StatusCode);
        }
        var (phone, email) = BrowserFixture.NewContact();
        var link = await StartSessionAsync("agent-" + team, team, email, phone);
        await using var context = await fixture.NewPhoneContextAsync();
        var customer = new CustomerDriver(await context.NewPageAsync());
        await VirtualAuthenticatorAsync(customer.Page);
        await customer.OpenAsync(link);
        await customer.ExpectCodePageAsync();

        var asked = await customer.Page.RunAndWaitForResponseAsync(
            async () => await customer.EnterCodeAsync(BrowserFixture.CodeIn((await fixture.WaitForMessagesAsync(phone)).Single())),
            r => r.Url.EndsWith("/api/me/passkeys/options", StringComparison.Ordinal));

        await customer.ExpectInsideAsync();
        Assert.Equal(409, asked.Status);
        await Expect(customer.Page.GetByText(OfferTitle)).ToHaveCountAsync(0);
    }

    private async Task<string> StartSessionAsync(string agentId, string? team, string email, string phone, int emailsBefore = 0)
    {
        using var agent = fixture.Agent(agentId, team);
        var response = await agent.PostAsJsonAsync("/api/sessions", new
        {
            participants = new[] { new { role = "primary", name = "Dana Cole", invite = new { channel = "email", address = email }, otp = new { channel = "sms", address = phone } } },
            reference = $"ref-{agentId}",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return BrowserFixture.LinkIn((await fixture.WaitForMessagesAsync(email, emailsBefore + 1))[emailsBefore]);
    }

    /// <summary>A platform authenticator with resident keys and user verification that always says yes.</summary>
    private static async Task<(ICDPSession Session, string Id)> VirtualAuthenticatorAsync(IPage page)
    {
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("WebAuthn.enable");
        var added = await session.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return (session, added!.Value.GetProperty("authenticatorId").GetString()!);
    }

    /// <summary>Screenshots the README shows: <c>docs/images/{name}.png</c>, written by this test.</summary>
    private static Task DocsScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot.Path, "docs", "images", name + ".png"), FullPage = true });
}
