using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// The console's list of sessions, the "New session" dialog shaped by the team's policy, and the administrators'
/// "Customer authentication" page (on the collection's shared stack, as <see cref="ConsoleTests"/>).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleListAndPolicyTests(BrowserFixture fixture)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static object Body(string reference, string email) => new
    {
        participants = new[] { new { role = "primary", name = "Dana Cole", invite = new { channel = "email", address = email } } },
        reference,
    };

    [Fact]
    public async Task Agent_lists_their_sessions_pages_with_the_continuation_filters_by_status_and_reference_and_opens_one()
    {
        var agentId = Unique("agent-list");
        var prefix = Unique("list");
        using var agent = fixture.Agent(agentId, "retail");
        var ids = new List<string>();
        for (var i = 0; i < 22; i++)
        {
            var created = await agent.PostAsJsonAsync("/api/sessions", Body($"{prefix}-{i:00}", $"{prefix}-{i}@example.com"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["sessionId"]!);
        }
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/sessions/{ids[3]}/close", null)).StatusCode);
        await using var context = await fixture.NewContextAsync();
        var listCalls = new List<string>();
        context.Request += (_, r) => { if (r.Url.Contains("/api/sessions?", StringComparison.Ordinal)) { listCalls.Add(r.Url); } };
        var page = await context.NewPageAsync();
        var console = new ConsoleDriver(page, fixture);
        var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = prefix });

        await console.SignInAsync(agentId);

        // Newest first, a page of 20; the next page comes with the continuation token the API returned.
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(rows.First).ToContainTextAsync($"{prefix}-21");
        await Expect(page.GetByText("20 sessions shown, more available.")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page, "sessions list");
        await BrowserFixture.ScreenshotAsync(page, "console-5-sessions-list");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show more sessions" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(22);
        await Expect(rows.Last).ToContainTextAsync($"{prefix}-00");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show more sessions" })).ToHaveCountAsync(0);
        Assert.Contains(listCalls, url => url.Contains("continuationToken=", StringComparison.Ordinal));

        await page.GetByLabel("Status").SelectOptionAsync("closed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync($"{prefix}-03");
        await Expect(rows.First).ToContainTextAsync("Closed");

        await page.GetByLabel("Status").SelectOptionAsync("all");
        await page.GetByLabel("Reference (exact)").FillAsync($"{prefix}-17");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = $"{prefix}-17" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Session “{prefix}-17”" })).ToBeVisibleAsync();
        Assert.EndsWith($"#/sessions/{ids[17]}", page.Url, StringComparison.Ordinal);
        await Expect(console.Participant("Dana Cole")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_new_session_dialog_follows_the_team_policy_read_from_the_api()
    {
        var team = Unique("strict");
        using (var admin = fixture.Agent(Unique("admin"), team, "admin"))
        {
            var set = await admin.PutAsJsonAsync($"/api/admin/teams/{team}/policy",
                new { requireOtpChannel = true, allowEmailOtp = false, allowedSmsCountries = new[] { "US" }, codeLength = 8 });
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }
        await using var context = await fixture.NewContextAsync();
        var posts = new List<string>();
        context.Request += (_, r) => { if (r.Method == "POST" && r.Url.EndsWith("/api/sessions", StringComparison.Ordinal)) { posts.Add(r.Url); } };
        var page = await context.NewPageAsync();
        var console = new ConsoleDriver(page, fixture);
        await console.SignInAsync(Unique("agent-strict"), team);
        await console.OpenNewSessionAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New session" });
        var primary = dialog.GetByRole(AriaRole.Group, new() { Name = "Customer (primary)" });

        await Expect(dialog).ToContainTextAsync("Participants enter a 8-digit code");
        await Expect(dialog).ToContainTextAsync("Every participant needs an automatic code channel");
        await Expect(dialog).ToContainTextAsync("SMS goes to US.");
        var auto = primary.GetByLabel("Send the code automatically by SMS");
        await Expect(auto).ToBeCheckedAsync();
        await Expect(auto).ToBeDisabledAsync();
        await Expect(primary.GetByText("SMS only to numbers in US.")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page, "new session dialog (strict team)");

        // Invited by SMS, the code would have to go by email, which this team forbids: refused before sending.
        await primary.GetByLabel("Name").FillAsync("Lee Cole");
        await primary.GetByLabel("SMS", new() { Exact = true }).CheckAsync();
        await primary.GetByLabel("Mobile number for the link").FillAsync("+14155550123");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start session and send invitations" }).ClickAsync();
        await Expect(primary.GetByText("forbids email codes")).ToBeVisibleAsync();
        Assert.Empty(posts);

        // By email with the code by SMS, plus a cosigner: allowed.
        var (phone, email) = BrowserFixture.NewContact();
        var (cosignerPhone, cosignerEmail) = BrowserFixture.NewContact();
        await console.FillPersonAsync(0, new Person("Lee Cole", "email", email, phone));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add a cosigner" }).ClickAsync();
        await console.FillPersonAsync(1, new Person("Sam Cole", "email", cosignerEmail, cosignerPhone));
        await page.GetByLabel("Your reference").FillAsync(team);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start session and send invitations" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Session “{team}”" })).ToBeVisibleAsync();
        await Expect(console.Participant("Lee Cole")).ToContainTextAsync("Automatic by SMS to +1");
        await Expect(console.Participant("Sam Cole")).ToContainTextAsync("Automatic by SMS to +1");
        Assert.Single(posts);
    }

    [Fact]
    public async Task An_admin_sees_the_ranges_is_stopped_before_sending_sees_the_server_refusal_and_cannot_overwrite_another_admin()
    {
        var team = Unique("team");
        await using var context = await fixture.NewContextAsync();
        var puts = new List<IRequest>();
        context.Request += (_, r) => { if (r.Method == "PUT") { puts.Add(r); } };
        var page = await context.NewPageAsync();
        var console = new ConsoleDriver(page, fixture);
        await console.SignInAsync(Unique("admin"), team, "admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Customer authentication" }).ClickAsync();
        var codeLength = page.GetByLabel("Code length (digits)");
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save changes" });

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Rules for team {team}" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Allowed: 6–10. Not set for this team. In force now: 6.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Allowed: 60–600 seconds (1 min – 10 min).")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page, "customer authentication");

        // Outside the ranges: refused on the page, nothing sent.
        await codeLength.FillAsync("4");
        await page.GetByLabel("Wrong codes before a lockout").FillAsync("20");
        await page.GetByLabel("Lockouts before a ban").FillAsync("6");
        await save.ClickAsync();
        await Expect(codeLength).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByText("Must be 6–10.")).ToBeVisibleAsync();
        await Expect(page.GetByText("maxAttempts × maxLockouts must be at most 100 (now 120).").First).ToBeVisibleAsync();
        await Expect(codeLength).ToBeFocusedAsync();
        await BrowserFixture.ScreenshotAsync(page, "console-6-admin-policy");
        Assert.Empty(puts);

        // A value only the API can judge (ZZ has the form of a country code): its 400 is shown on the field.
        await codeLength.FillAsync("8");
        await page.GetByLabel("Lockouts before a ban").FillAsync("");
        await page.GetByLabel("Wrong codes before a lockout").FillAsync("");
        await page.GetByLabel("Countries SMS may go to").FillAsync("ZZ");
        await save.ClickAsync();
        await Expect(page.GetByLabel("Countries SMS may go to")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not saved");
        Assert.Single(puts);

        // Another administrator changes the team meanwhile: this page's change was made on the old version → 412.
        using (var other = fixture.Agent(Unique("admin2"), team, "admin"))
        {
            Assert.Equal(HttpStatusCode.OK, (await other.PutAsJsonAsync($"/api/admin/teams/{team}/policy", new { maxSendsPerHour = 3 })).StatusCode);
        }
        await page.GetByLabel("Countries SMS may go to").FillAsync("US, CA");
        await save.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Another administrator changed these rules");
        Assert.False(string.IsNullOrEmpty(await puts[^1].HeaderValueAsync("if-match")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Load the current values" }).ClickAsync();
        await Expect(page.GetByLabel("Sends per participant and hour")).ToHaveValueAsync("3");

        await codeLength.FillAsync("8");
        await save.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved for team" })).ToBeVisibleAsync();
        using var admin = fixture.Agent(Unique("admin3"), team, "admin");
        var stored = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/teams/{team}/policy");
        Assert.Equal("""{"codeLength":8,"maxSendsPerHour":3}""", stored!.ToJsonString());
    }

    [Fact]
    public async Task An_agent_whose_token_names_no_team_claim_the_console_reads_sees_the_team_the_api_answers_for_the_policy()
    {
        // In Azure the team sits in a claim of the organisation's choosing (Auth__Agents__TeamClaim), which the console
        // cannot know: it shows the team of the API's GET /api/policy answer (stood in for here: the local host reads `team`).
        var agentId = Unique("agent-entra");
        var token = fixture.AgentToken(agentId, null, "admin");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/api/policy", async route =>
        {
            var response = await route.FetchAsync();
            var policy = JsonNode.Parse(await response.TextAsync())!.AsObject();
            Assert.Null((string?)policy["team"]);
            policy["team"] = "retail";
            await route.FulfillAsync(new() { Response = response, Body = policy.ToJsonString() });
        });
        await page.GotoAsync(new Uri(fixture.WebUrl, "/console").ToString());
        await page.GetByLabel("Agent token (JWT)").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with this token" }).ClickAsync();

        await Expect(page.GetByText($"Signed in as {agentId} · team retail")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Customer authentication" }).ClickAsync();
        await Expect(page.GetByLabel("Team", new() { Exact = true })).ToHaveValueAsync("retail");
    }
}
