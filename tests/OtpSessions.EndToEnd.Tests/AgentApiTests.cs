using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using OtpSessions.Core.Sessions;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// The agent API over HTTP on the local host, with Azurite and the fake ACS. "A link stops working" is checked both
/// on the customer's join endpoint (404 <c>link_invalid</c>) and on the link's <c>tokens</c> row (revoked).
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class AgentApiTests(AppFixture app)
{
    private static int _phone = RandomNumberGenerator.GetInt32(1000, 8000);

    /// <summary>A phone number no other test uses (the fake ACS records per address).</summary>
    private static string NewPhone() => "+1415555" + Interlocked.Increment(ref _phone).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private static string NewEmail(string name) => $"{name}.{Guid.NewGuid():N}@example.com";

    private static string NewAgent() => "agent-" + Guid.NewGuid().ToString("N")[..10];

    private static object Contact(string channel, string address) => new { channel, address };

    private static object StartBody(string primaryEmail, string primaryPhone, string cosignerPhone, string cosignerEmail) => new
    {
        participants = new object[]
        {
            new { role = "primary", name = "Dana Cole", invite = Contact("email", primaryEmail), otp = Contact("sms", primaryPhone) },
            new { role = "cosigner", name = "Lee Cole", invite = Contact("sms", cosignerPhone), otp = Contact("email", cosignerEmail) },
        },
        reference = "loan-8812",
    };

    private static object SimpleBody(string? email = null) => new
    {
        participants = new object[] { new { role = "primary", name = "Dana Cole", invite = Contact("email", email ?? NewEmail("dana")) } },
    };

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private async Task<JsonObject> StartAsync(HttpClient agent, object? body = null)
    {
        var response = await agent.PostAsJsonAsync("/api/sessions", body ?? SimpleBody());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await JsonAsync(response);
    }

    /// <summary>The invite token inside a message's link (<c>{Web__BaseUrl}/join#token</c>).</summary>
    private string TokenIn(string text)
    {
        var match = Regex.Match(text, Regex.Escape(app.Setting("Web__BaseUrl")) + "/join#([A-Za-z0-9_-]{22,})");
        Assert.True(match.Success, "no invite link in the message");
        return match.Groups[1].Value;
    }

    /// <summary>The participant an invite token names.</summary>
    private static string HolderOf(string token)
    {
        Assert.True(TokenFactory.TryReadHolder(token, out _, out var participantId));
        return participantId;
    }

    [Fact]
    public async Task Start_invites_the_primary_by_email_and_the_cosigner_by_sms_and_both_messages_reach_the_fake_acs()
    {
        var agentId = NewAgent();
        var agent = app.Agent(agentId, "retail");
        var (primaryEmail, primaryPhone, cosignerPhone, cosignerEmail) = (NewEmail("dana"), NewPhone(), NewPhone(), NewEmail("lee"));

        var response = await agent.PostAsJsonAsync("/api/sessions", StartBody(primaryEmail, primaryPhone, cosignerPhone, cosignerEmail));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = await JsonAsync(response);
        var sessionId = Text(session["sessionId"]);
        Assert.Matches("^s_[0-9a-f]{32}$", sessionId);
        Assert.Equal($"/api/sessions/{sessionId}", response.Headers.Location!.OriginalString);
        Assert.Equal("active", Text(session["status"]));
        Assert.Equal("loan-8812", Text(session["reference"]));
        Assert.Equal(agentId, Text(session["agentId"]));
        Assert.Equal("retail", Text(session["team"]));
        var primary = session["participants"]![0]!;
        var cosigner = session["participants"]![1]!;
        Assert.Equal("primary", Text(primary["role"]));
        Assert.Equal("email", Text(primary["invite"]!["channel"]));
        Assert.Equal("d***@example.com", Text(primary["invite"]!["address"]));
        Assert.Equal("sms", Text(primary["otp"]!["channel"]));
        Assert.Equal("auto", Text(primary["otp"]!["mode"]));
        Assert.Equal("+1******" + primaryPhone[^4..], Text(primary["otp"]!["address"]));
        Assert.Equal("invited", Text(primary["status"]));
        Assert.Equal("pending", Text(primary["invitation"]!["status"]));
        Assert.Equal("none", Text(primary["otpDelivery"]!["status"]));
        Assert.False(primary["otpViewable"]!.GetValue<bool>());
        Assert.Equal("sms", Text(cosigner["invite"]!["channel"]));
        Assert.Equal("email", Text(cosigner["otp"]!["channel"]));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(primaryEmail, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(primaryPhone[1..], raw, StringComparison.Ordinal);

        var email = Assert.Single(await app.SettledMessagesToAsync(primaryEmail));
        var sms = Assert.Single(await app.SettledMessagesToAsync(cosignerPhone));
        Assert.Equal("email", email.Channel);
        Assert.Equal("sms", sms.Channel);
        var emailToken = TokenIn(email.Text!);
        var smsToken = TokenIn(sms.Body!);
        Assert.NotEqual(emailToken, smsToken);
        Assert.Equal(Text(primary["participantId"]), HolderOf(emailToken));
        Assert.Equal(Text(cosigner["participantId"]), HolderOf(smsToken));
        Assert.Empty(app.MessagesTo(primaryPhone));
        Assert.Empty(app.MessagesTo(cosignerEmail));

        var sent = await Poll.UntilAsync(async () => await JsonAsync(await agent.GetAsync($"/api/sessions/{sessionId}")),
            s => s["participants"]!.AsArray().All(p => Text(p!["invitation"]!["status"]) == "sent"), "both invitations recorded as sent");
        Assert.All(sent["participants"]!.AsArray(), p => Assert.NotNull(p!["invitation"]!["sentAt"]));
        Assert.DoesNotContain(emailToken, app.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(smsToken, app.Logs.All, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { """{"participants":[]}""", "invalid_request", "participants" },
        { """{"participants":[{"role":"cosigner","name":"Lee","invite":{"channel":"sms","address":"+14155550101"}}]}""", "invalid_request", "participants" },
        { """{"participants":[{"role":"primary","name":"A","invite":{"channel":"sms","address":"+14155550101"}},{"role":"primary","name":"B","invite":{"channel":"sms","address":"+14155550102"}}]}""", "invalid_request", "participants" },
        { """{"participants":[{"role":"primary","name":"Dana","invite":{"channel":"sms","address":"4155550100"}}]}""", "invalid_request", "participants[0].invite.address" },
        { """{"participants":[{"role":"primary","name":"Dana","invite":{"channel":"email","address":"dana@example"}}]}""", "invalid_request", "participants[0].invite.address" },
        { """{"participants":[{"role":"primary","name":"Dana","invite":{"channel":"email","address":"dana@example.com"},"otp":{"channel":"email","address":"dana2@example.com"}}]}""", "otp_channel_must_differ", "participants[0].otp.channel" },
        { """{"participants":[{"role":"primary","name":"Dana","invite":{"channel":"sms","address":"+14155550100"},"otp":{"channel":"sms","address":"+14155550101"}}]}""", "otp_channel_must_differ", "participants[0].otp.channel" },
        { """{"participants":[{"role":"primary","name":"","invite":{"channel":"sms","address":"+14155550100"}}]}""", "invalid_request", "participants[0].name" },
        { """{"participants":[{"role":"primary","name":"Dana","invite":{"channel":"sms","address":"+14155550100"}}],"reference":"RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR"}""", "invalid_request", "reference" },
        { """{"participants":[{"role":"primary","name":"Dana","invite":{"channel":"fax","address":"+14155550100"}}]}""", "invalid_request", "participants[0].invite.channel" },
        { """{"participants":[{"role":"owner","name":"Dana","invite":{"channel":"sms","address":"+14155550100"}}]}""", "invalid_request", "participants[0].role" },
        { """{"participants":[{"role":"primary","name":"Dana","invite":{"channel":1,"address":"+14155550100"}}]}""", "invalid_request", "participants[0].invite.channel" },
        { """{"participants":[{"role":"primary","name":"Dana","invite":{"channel":"sms","address":"+14155550100"}}""", "invalid_request", "" },
        { """[]""", "invalid_request", "" },
        { """null""", "invalid_request", "" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Each_invalid_start_body_is_a_400_problem_with_its_code_and_field(string body, string code, string field)
    {
        var response = await app.Agent(NewAgent()).PostAsync("/api/sessions", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, code, field);
    }

    [Fact]
    public async Task Ten_cosigners_are_refused()
    {
        var body = new
        {
            participants = new object[] { new { role = "primary", name = "P", invite = Contact("sms", "+14155550100") } }
                .Concat(Enumerable.Range(0, 10).Select(i => new { role = "cosigner", name = $"C{i}", invite = Contact("sms", "+14155550100") })).ToArray(),
        };

        await AssertProblemAsync(await app.Agent(NewAgent()).PostAsJsonAsync("/api/sessions", body), HttpStatusCode.BadRequest, "invalid_request", "participants");
    }

    [Fact]
    public async Task A_team_policy_that_requires_an_otp_channel_refuses_a_participant_without_one()
    {
        var team = "strict-" + Guid.NewGuid().ToString("N")[..8];
        var policies = app.Azurite.Tables().GetTableClient("policies");
        await policies.CreateIfNotExistsAsync();
        await policies.UpsertEntityAsync(new TableEntity("team", team) { ["RequireOtpChannel"] = true });

        var response = await app.Agent(NewAgent(), team).PostAsJsonAsync("/api/sessions", SimpleBody());

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "otp_channel_required", "participants[0].otp");
    }

    [Fact]
    public async Task A_wrong_content_type_an_oversized_body_and_a_bad_idempotency_key_are_400_invalid_request()
    {
        var agent = app.Agent(NewAgent());

        var text = await agent.PostAsync("/api/sessions", new StringContent(JsonSerializer.Serialize(SimpleBody()), Encoding.UTF8, "text/plain"));
        var large = await agent.PostAsync("/api/sessions", new StringContent(
            $$"""{"reference":"x","participants":[],"padding":"{{new string('x', 70 * 1024)}}"}""", Encoding.UTF8, "application/json"));
        using var badKey = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(SimpleBody()) };
        badKey.Headers.Add("Idempotency-Key", new string('k', 201));

        await AssertProblemAsync(text, HttpStatusCode.BadRequest, "invalid_request");
        await AssertProblemAsync(large, HttpStatusCode.BadRequest, "invalid_request");
        await AssertProblemAsync(await agent.SendAsync(badKey), HttpStatusCode.BadRequest, "invalid_request", "Idempotency-Key");
    }

    [Fact]
    public async Task Malformed_ids_in_the_route_are_400_invalid_request()
    {
        var agent = app.Agent(NewAgent());

        await AssertProblemAsync(await agent.GetAsync("/api/sessions/not-a-session"), HttpStatusCode.BadRequest, "invalid_request", "sessionId");
        await AssertProblemAsync(await agent.PostAsync($"/api/sessions/{SessionIds.NewSessionId()}/participants/p_x/invitation", null),
            HttpStatusCode.BadRequest, "invalid_request", "participantId");
    }

    [Fact]
    public async Task Missing_and_invalid_bearer_tokens_are_401_unauthorized()
    {
        var sessionId = SessionIds.NewSessionId();
        var forged = new HttpClient { BaseAddress = app.BaseUrl };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", app.AgentToken("agent-1", signingKey: Convert.ToBase64String(new byte[32])));

        await AssertProblemAsync(await app.Anonymous.PostAsJsonAsync("/api/sessions", SimpleBody()), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(await app.Anonymous.GetAsync($"/api/sessions/{sessionId}"), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(await forged.GetAsync($"/api/sessions/{sessionId}"), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(await forged.PostAsync($"/api/sessions/{sessionId}/close", null), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Another_agent_gets_404_for_every_operation_and_a_supervisor_of_the_team_gets_the_session()
    {
        var owner = app.Agent(NewAgent(), "retail");
        var session = await StartAsync(owner);
        var sessionId = Text(session["sessionId"]);
        var participantId = Text(session["participants"]![0]!["participantId"]);
        var stranger = app.Agent(NewAgent(), "retail");
        var foreignSupervisor = app.Agent(NewAgent(), "business", "supervisor");

        foreach (var other in new[] { stranger, foreignSupervisor })
        {
            await AssertProblemAsync(await other.GetAsync($"/api/sessions/{sessionId}"), HttpStatusCode.NotFound, "session_not_found");
            await AssertProblemAsync(await other.PostAsJsonAsync($"/api/sessions/{sessionId}/participants",
                new { role = "cosigner", name = "X", invite = Contact("sms", NewPhone()) }), HttpStatusCode.NotFound, "session_not_found");
            await AssertProblemAsync(await other.PostAsJsonAsync($"/api/sessions/{sessionId}/participants/{participantId}/reassign",
                new { name = "X", invite = Contact("sms", NewPhone()) }), HttpStatusCode.NotFound, "session_not_found");
            await AssertProblemAsync(await other.PostAsync($"/api/sessions/{sessionId}/participants/{participantId}/invitation", null),
                HttpStatusCode.NotFound, "session_not_found");
            await AssertProblemAsync(await other.PostAsync($"/api/sessions/{sessionId}/close", null), HttpStatusCode.NotFound, "session_not_found");
        }
        await AssertProblemAsync(await owner.GetAsync($"/api/sessions/{SessionIds.NewSessionId()}"), HttpStatusCode.NotFound, "session_not_found");

        var supervisor = await app.Agent(NewAgent(), "retail", "supervisor").GetAsync($"/api/sessions/{sessionId}");
        Assert.Equal(HttpStatusCode.OK, supervisor.StatusCode);
        Assert.Equal("active", Text((await JsonAsync(await owner.GetAsync($"/api/sessions/{sessionId}")))["status"]));
    }

    [Fact]
    public async Task Adding_a_participant_invites_them_with_auto_otp()
    {
        var agent = app.Agent(NewAgent());
        var session = await StartAsync(agent);
        var (phone, email) = (NewPhone(), NewEmail("ana"));

        var response = await agent.PostAsJsonAsync($"/api/sessions/{Text(session["sessionId"])}/participants",
            new { role = "additional", name = "Ana", invite = Contact("sms", phone), otp = Contact("email", email) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var participant = await JsonAsync(response);
        Assert.Equal("additional", Text(participant["role"]));
        Assert.Equal("auto", Text(participant["otp"]!["mode"]));
        TokenIn(Assert.Single(await app.SettledMessagesToAsync(phone)).Body!);
        await AssertProblemAsync(await agent.PostAsJsonAsync($"/api/sessions/{Text(session["sessionId"])}/participants",
            new { role = "primary", name = "Second", invite = Contact("sms", NewPhone()) }), HttpStatusCode.BadRequest, "invalid_request", "role");
    }

    [Fact]
    public async Task Reassigning_revokes_the_old_link_at_once_and_invites_the_replacement()
    {
        var agent = app.Agent(NewAgent());
        var oldEmail = NewEmail("dana");
        var session = await StartAsync(agent, SimpleBody(oldEmail));
        var sessionId = Text(session["sessionId"]);
        var oldId = Text(session["participants"]![0]!["participantId"]);
        var oldToken = TokenIn(Assert.Single(await app.SettledMessagesToAsync(oldEmail)).Text!);
        Assert.Equal(HttpStatusCode.OK, (await new CustomerTestKit(app).OpenAsync(oldToken)).StatusCode);
        var newPhone = NewPhone();

        var response = await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants/{oldId}/reassign",
            new { name = "Pat Doe", invite = Contact("sms", newPhone), otp = Contact("email", NewEmail("pat")) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var replacement = await JsonAsync(response);
        Assert.Equal("primary", Text(replacement["role"]));
        await AssertProblemAsync(await new CustomerTestKit(app).OpenAsync(oldToken), HttpStatusCode.NotFound, "link_invalid");
        var newToken = TokenIn(Assert.Single(await app.SettledMessagesToAsync(newPhone)).Body!);
        Assert.Equal(HttpStatusCode.OK, (await new CustomerTestKit(app).OpenAsync(newToken)).StatusCode);
        var view = await JsonAsync(await agent.GetAsync($"/api/sessions/{sessionId}"));
        var old = view["participants"]!.AsArray().Single(p => Text(p!["participantId"]) == oldId)!;
        Assert.Equal("reassigned", Text(old["status"]));
        Assert.Equal(Text(replacement["participantId"]), Text(old["replacedBy"]));

        await AssertProblemAsync(await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants/{oldId}/reassign",
            new { name = "Again", invite = Contact("sms", NewPhone()) }), HttpStatusCode.Conflict, "participant_not_reassignable");
    }

    [Fact]
    public async Task Closing_revokes_every_link_and_closing_twice_is_200()
    {
        var agent = app.Agent(NewAgent());
        var (primaryEmail, cosignerPhone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent, StartBody(primaryEmail, NewPhone(), cosignerPhone, NewEmail("lee")));
        var sessionId = Text(session["sessionId"]);
        var tokens = new[]
        {
            TokenIn(Assert.Single(await app.SettledMessagesToAsync(primaryEmail)).Text!),
            TokenIn(Assert.Single(await app.SettledMessagesToAsync(cosignerPhone)).Body!),
        };
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, (await new CustomerTestKit(app).OpenAsync(token)).StatusCode);
        }

        var first = await agent.PostAsync($"/api/sessions/{sessionId}/close", null);
        var second = await agent.PostAsync($"/api/sessions/{sessionId}/close", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var closed = await JsonAsync(first);
        Assert.Equal("closed", Text(closed["status"]));
        Assert.Equal(Text(closed["closedAt"]), Text((await JsonAsync(second))["closedAt"]));
        foreach (var token in tokens)
        {
            await AssertProblemAsync(await new CustomerTestKit(app).OpenAsync(token), HttpStatusCode.NotFound, "link_invalid");
        }
        await AssertProblemAsync(await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants",
            new { role = "cosigner", name = "Late", invite = Contact("sms", NewPhone()) }), HttpStatusCode.Conflict, "session_closed");
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_gives_one_session_and_the_first_response()
    {
        var agentId = NewAgent();
        var agent = app.Agent(agentId);
        var email = NewEmail("dana");
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(SimpleBody(email)) };
            request.Headers.Add("Idempotency-Key", key);
            return await agent.SendAsync(request);
        }

        var first = await PostAsync();
        await app.WaitForMessagesAsync(email);
        var second = await PostAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Single(await app.SettledMessagesToAsync(email));
        var sessionId = Text((await JsonAsync(first))["sessionId"]);
        var sessions = app.Azurite.Tables().GetTableClient("sessions")
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {"session"} and AgentId eq {agentId}"));
        var ids = new List<string>();
        await foreach (var row in sessions)
        {
            ids.Add(row.PartitionKey);
        }
        Assert.Equal([sessionId], ids);
    }

    [Fact]
    public async Task Resending_within_the_cooldown_is_429_and_afterwards_sends_the_same_link_again()
    {
        var agent = app.Agent(NewAgent());
        var email = NewEmail("dana");
        var session = await StartAsync(agent, SimpleBody(email));
        var path = $"/api/sessions/{Text(session["sessionId"])}/participants/{Text(session["participants"]![0]!["participantId"])}/invitation";
        var firstToken = TokenIn(Assert.Single(await app.SettledMessagesToAsync(email)).Text!);

        var early = await agent.PostAsync(path, null);
        app.Time.Advance(TimeSpan.FromSeconds(30));
        var later = await agent.PostAsync(path, null);

        await AssertProblemAsync(early, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.True(early.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        var messages = await app.SettledMessagesToAsync(email, 2);
        Assert.Equal(2, messages.Count);
        Assert.Equal(firstToken, TokenIn(messages[1].Text!));
    }

    [Fact]
    public async Task A_delivery_report_through_the_webhook_marks_the_invitation_delivered()
    {
        var agent = app.Agent(NewAgent());
        var phone = NewPhone();
        var session = await StartAsync(agent, new { participants = new object[] { new { role = "primary", name = "Dana", invite = Contact("sms", phone) } } });
        var sessionId = Text(session["sessionId"]);
        var sms = Assert.Single(await app.SettledMessagesToAsync(phone));
        await Poll.UntilAsync(async () => Text((await JsonAsync(await agent.GetAsync($"/api/sessions/{sessionId}")))["participants"]![0]!["invitation"]!["status"]),
            s => s == "sent", "the invitation recorded as sent");
        var report = $$"""
            [{ "id": "{{Guid.NewGuid()}}", "topic": "/subscriptions/x", "subject": "/phonenumber/{{phone[1..]}}",
               "data": { "messageId": "{{sms.MessageId}}", "from": "18005550199", "to": "{{phone}}", "deliveryStatus": "Delivered",
                         "deliveryStatusDetails": "No error.", "receivedTimestamp": "{{app.Time.GetUtcNow():O}}", "tag": "{{sms.Tag}}" },
               "eventType": "Microsoft.Communication.SMSDeliveryReportReceived", "dataVersion": "1.0", "metadataVersion": "1",
               "eventTime": "{{app.Time.GetUtcNow():O}}" }]
            """;

        var response = await app.Anonymous.PostAsync($"/api/webhooks/acs?code={app.Setting("LocalHost__FunctionKeys__default")}",
            new StringContent(report, Encoding.UTF8, "application/json"));

        Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode}");
        var view = await JsonAsync(await agent.GetAsync($"/api/sessions/{sessionId}"));
        Assert.Equal("delivered", Text(view["participants"]![0]!["invitation"]!["status"]));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(code, Text(problem["code"]));
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        if (!string.IsNullOrEmpty(field))
        {
            Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"no error for '{field}' in {body}");
        }
    }
}
