using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using OtpSessions.FakeAcs;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// What the customer-journey tests share: fresh addresses, starting sessions as an agent, reading invite links and
/// codes out of what the fake ACS accepted, the customer's calls, and white-box reads of the session partition.
/// </summary>
internal sealed partial class CustomerTestKit(AppFixture app)
{
    private static int _phone = RandomNumberGenerator.GetInt32(1000, 8000);

    public AppFixture App => app;

    /// <summary>A phone number no other test uses (another exchange than the agent tests' numbers).</summary>
    public static string NewPhone() => "+1415556" + Interlocked.Increment(ref _phone).ToString("D4", CultureInfo.InvariantCulture);

    public static string NewEmail(string name) => $"{name}.{Guid.NewGuid():N}@example.com";

    public static string NewAgentId() => "agent-" + Guid.NewGuid().ToString("N")[..10];

    public static object Contact(string channel, string address) => new { channel, address };

    public static object Person(string role, string name, object invite, object? otp = null) =>
        otp is null ? new { role, name, invite } : new { role, name, invite, otp };

    /// <summary>Starts a session as <paramref name="agent"/>; returns the session view.</summary>
    public static async Task<JsonObject> StartAsync(HttpClient agent, params object[] participants)
    {
        using var response = await agent.PostAsJsonAsync("/api/sessions", new { participants, reference = "loan-8812" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static string Text(JsonNode? node) => node!.GetValue<string>();

    public static string ParticipantId(JsonObject session, int index) => Text(session["participants"]![index]!["participantId"]);

    /// <summary>The invite token of the <paramref name="nth"/> message (1-based) to an address: <c>{Web__BaseUrl}/join#token</c>.</summary>
    public async Task<string> InviteTokenAsync(string address, int nth = 1)
    {
        var message = (await app.WaitForMessagesAsync(address, nth))[nth - 1];
        var match = Regex.Match(message.Body ?? message.Text!, Regex.Escape(app.Setting("Web__BaseUrl")) + "/join#([A-Za-z0-9_-]{22,})");
        Assert.True(match.Success, "no invite link in the message");
        return match.Groups[1].Value;
    }

    /// <summary>The "not me" report token of the <paramref name="nth"/> message (1-based) to an address: <c>{Web__BaseUrl}/not-me#token</c>.</summary>
    public async Task<string> ReportTokenAsync(string address, int nth = 1)
    {
        var message = (await app.WaitForMessagesAsync(address, nth))[nth - 1];
        var match = Regex.Match(message.Body ?? message.Text!, Regex.Escape(app.Setting("Web__BaseUrl")) + "/not-me#([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])");
        Assert.True(match.Success, "no not-me link in the message");
        return match.Groups[1].Value;
    }

    /// <summary>A "not me" report: <c>POST /api/not-me</c> with <c>Authorization: Report &lt;token&gt;</c>.</summary>
    public Task<HttpResponseMessage> ReportNotMeAsync(string? token) =>
        SendAsync(HttpMethod.Post, "/api/not-me", token is null ? null : new AuthenticationHeaderValue("Report", token));

    /// <summary>The code in the <paramref name="nth"/> message (1-based) to an address (SMS body or email text).</summary>
    public async Task<string> CodeAsync(string address, int nth)
    {
        var message = (await app.WaitForMessagesAsync(address, nth))[nth - 1];
        return CodeIn(message);
    }

    public static string CodeIn(RecordedMessage message)
    {
        var match = SixDigits().Match(message.Body ?? message.Text!);
        Assert.True(match.Success, "no code in the message");
        return match.Value;
    }

    public Task<HttpResponseMessage> OpenAsync(string? token) => SendAsync(HttpMethod.Get, "/api/join", Invite(token));

    public Task<HttpResponseMessage> NewLinkAsync(string? token, object? body = null) => SendAsync(HttpMethod.Post, "/api/join/new-link", Invite(token), body);

    public Task<HttpResponseMessage> EnterAsync(string? token) => SendAsync(HttpMethod.Post, "/api/join/enter", Invite(token));

    public Task<HttpResponseMessage> RequestOtpAsync(string? token) => SendAsync(HttpMethod.Post, "/api/join/otp", Invite(token));

    public Task<HttpResponseMessage> ResendAsync(string? token) => SendAsync(HttpMethod.Post, "/api/join/otp/resend", Invite(token));

    public Task<HttpResponseMessage> VerifyAsync(string? token, string code) =>
        SendAsync(HttpMethod.Post, "/api/join/otp/verify", Invite(token), new { code });

    public Task<HttpResponseMessage> MeAsync(string? accessToken) => SendAsync(HttpMethod.Get, "/api/me", Bearer(accessToken));

    public Task<HttpResponseMessage> SignOutAsync(string? accessToken) => SendAsync(HttpMethod.Post, "/api/me/sign-out", Bearer(accessToken));

    /// <summary>The customer's credentials travel only in the Authorization header: <c>Invite &lt;token&gt;</c>.</summary>
    public static AuthenticationHeaderValue? Invite(string? token) => token is null ? null : new AuthenticationHeaderValue("Invite", token);

    public static AuthenticationHeaderValue? Bearer(string? accessToken) =>
        accessToken is null ? null : new AuthenticationHeaderValue("Bearer", accessToken);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? authorization, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = authorization;
        return await app.Anonymous.SendAsync(request);
    }

    /// <summary>Opens the link, arrives at the OTP page and verifies the code the agent reads out; returns the access token.</summary>
    public async Task<string> AuthenticateManuallyAsync(HttpClient agent, string sessionId, string participantId, string token)
    {
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RequestOtpAsync(token)).StatusCode);
        var code = Text((await JsonAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId))))["code"]);
        var verified = await JsonAsync(await VerifyAsync(token, code), HttpStatusCode.OK);
        return Text(verified["accessToken"]);
    }

    public static string OtpViewPath(string sessionId, string participantId) => $"/api/sessions/{sessionId}/participants/{participantId}/otp";

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (expected is { } status)
        {
            Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        }
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Asserts a problem response; returns its body.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(code, Text(problem["code"]));
        return problem;
    }

    /// <summary>
    /// A problem body without its <c>traceId</c>: what must be the same for every refusal of one kind (the trace id names
    /// the request, like the <c>Date</c> header, and says nothing about why it was refused).
    /// </summary>
    public static string WithoutTraceId(JsonObject problem)
    {
        var copy = problem.DeepClone().AsObject();
        Assert.True(copy.Remove("traceId"), "a problem response carries its traceId");
        return copy.ToJsonString();
    }

    /// <summary>The agent's view of one participant.</summary>
    public static async Task<JsonNode> ParticipantViewAsync(HttpClient agent, string sessionId, string participantId)
    {
        var session = await JsonAsync(await agent.GetAsync($"/api/sessions/{sessionId}"), HttpStatusCode.OK);
        return session["participants"]!.AsArray().Single(p => Text(p!["participantId"]) == participantId)!;
    }

    /// <summary>Polls the agent's view until the participant's <c>otpDelivery.status</c> is <paramref name="status"/>.</summary>
    public static Task<JsonNode> WaitForOtpDeliveryAsync(HttpClient agent, string sessionId, string participantId, string status) =>
        Poll.UntilAsync(() => ParticipantViewAsync(agent, sessionId, participantId),
            p => Text(p["otpDelivery"]!["status"]) == status, $"otpDelivery {status} for {participantId}");

    /// <summary>
    /// Posts an ACS delivery report for <paramref name="sms"/> (as Event Grid would) with <paramref name="status"/>
    /// (<c>Delivered</c>, <c>Failed</c>) to the app's webhook.
    /// </summary>
    public async Task ReportSmsAsync(RecordedMessage sms, string phone, string status)
    {
        var now = app.Time.GetUtcNow();
        var report = $$"""
            [{ "id": "{{Guid.NewGuid()}}", "topic": "/subscriptions/x", "subject": "/phonenumber/{{phone[1..]}}",
               "data": { "messageId": "{{sms.MessageId}}", "from": "18005550199", "to": "{{phone}}", "deliveryStatus": "{{status}}", "tag": "{{sms.Tag}}",
                         "deliveryStatusDetails": "Reported by the test.", "receivedTimestamp": "{{now:O}}" },
               "eventType": "Microsoft.Communication.SMSDeliveryReportReceived", "dataVersion": "1.0", "metadataVersion": "1",
               "eventTime": "{{now:O}}" }]
            """;
        using var response = await app.Anonymous.PostAsync($"/api/webhooks/acs?code={app.Setting("LocalHost__FunctionKeys__default")}",
            new StringContent(report, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode}");
    }

    /// <summary>The session partition's rows, read straight from Azurite.</summary>
    public async Task<List<TableEntity>> RowsAsync(string sessionId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Azurite.Tables().GetTableClient("sessions").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sessionId}")))
        {
            rows.Add(row);
        }
        return rows;
    }

    public async Task<TableEntity> ParticipantRowAsync(string sessionId, string participantId) =>
        (await RowsAsync(sessionId)).Single(r => r.RowKey == "participant|" + participantId);

    /// <summary>The outbox event types of a session, in the order they happened.</summary>
    public async Task<List<string>> EventTypesAsync(string sessionId) =>
        [.. (await RowsAsync(sessionId)).Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)).OrderBy(r => r.RowKey).Select(r => r.GetString("Type"))];

    [GeneratedRegex(@"\b\d{6}\b", RegexOptions.CultureInvariant)]
    private static partial Regex SixDigits();
}
