using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// What the agent console relies on: <c>GET /api/sessions</c> (the agent's sessions, paged, newest first; a team's for its
/// supervisor), the session view's <c>ETag</c> with 304 for <c>If-None-Match</c>, and Idempotency-Key misuse refused.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AgentConsoleApiTests(AppFixture app)
{
    private static object Body(string reference) => new
    {
        participants = new object[] { new { role = "primary", name = "Dana Cole", invite = new { channel = "email", address = $"dana.{Guid.NewGuid():N}@example.com" } } },
        reference,
    };

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static IEnumerable<string> Ids(JsonObject page) => page["sessions"]!.AsArray().Select(s => (string)s!["sessionId"]!);

    [Fact]
    public async Task The_agent_lists_its_own_sessions_newest_first_in_pages_and_a_supervisor_lists_the_teams()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        using var agent = app.Agent("agent-" + team, team);
        using var colleague = app.Agent("colleague-" + team, team);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await OkAsync(await agent.PostAsJsonAsync("/api/sessions", Body($"{team}-{i}")), HttpStatusCode.Created))["sessionId"]!);
            app.Time.Advance(TimeSpan.FromSeconds(1));
        }
        var theirs = (string)(await OkAsync(await colleague.PostAsJsonAsync("/api/sessions", Body($"{team}-c")), HttpStatusCode.Created))["sessionId"]!;
        await OkAsync(await agent.PostAsync($"/api/sessions/{ids[0]}/close", null));

        var first = await OkAsync(await agent.GetAsync("/api/sessions?limit=2"));
        var second = await OkAsync(await agent.GetAsync($"/api/sessions?limit=2&continuationToken={Uri.EscapeDataString((string)first["continuationToken"]!)}"));

        Assert.Equal([ids[2], ids[1]], Ids(first));
        Assert.Equal([ids[0]], Ids(second));
        Assert.Null(second["continuationToken"]);
        var summary = second["sessions"]![0]!;
        Assert.Equal(("closed", $"{team}-0", "agent-" + team, team, 1), ((string)summary["status"]!, (string)summary["reference"]!,
            (string)summary["agentId"]!, (string)summary["team"]!, (int)summary["participants"]!));
        Assert.Equal([ids[0]], Ids(await OkAsync(await agent.GetAsync("/api/sessions?status=closed"))));
        Assert.Equal([ids[1]], Ids(await OkAsync(await agent.GetAsync($"/api/sessions?reference={team}-1"))));
        Assert.Equal([theirs], Ids(await OkAsync(await colleague.GetAsync("/api/sessions"))));
        using var supervisor = app.Agent("sup-" + team, team, "supervisor");
        Assert.Equal([theirs, ids[2], ids[1], ids[0]], Ids(await OkAsync(await supervisor.GetAsync("/api/sessions"))));
        Assert.Equal("no-store", (await agent.GetAsync("/api/sessions")).Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("status=open", "status")]
    [InlineData("continuationToken=not-one-of-ours", "continuationToken")]
    public async Task A_malformed_listing_query_is_400_invalid_request_naming_the_parameter(string query, string field)
    {
        using var agent = app.Agent("agent-q-" + Guid.NewGuid().ToString("N")[..6]);

        var problem = await OkAsync(await agent.GetAsync("/api/sessions?" + query), HttpStatusCode.BadRequest);

        Assert.Equal("invalid_request", (string?)problem["code"]);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task The_session_view_has_an_etag_and_answers_304_while_nothing_changed_and_200_with_a_new_one_after_a_change()
    {
        using var agent = app.Agent("agent-e-" + Guid.NewGuid().ToString("N")[..6]);
        var sessionId = (string)(await OkAsync(await agent.PostAsJsonAsync("/api/sessions", Body("etag")), HttpStatusCode.Created))["sessionId"]!;
        var path = $"/api/sessions/{sessionId}";
        await Testing.Poll.UntilAsync(async () => (string?)(await OkAsync(await agent.GetAsync(path)))["participants"]![0]!["invitation"]!["status"] == "sent",
            "the invitation to be sent");

        using var first = await agent.GetAsync(path);
        var tag = first.Headers.ETag!;
        using var unchanged = new HttpRequestMessage(HttpMethod.Get, path);
        unchanged.Headers.IfNoneMatch.Add(tag);
        using var notModified = await agent.SendAsync(unchanged);
        await OkAsync(await agent.PostAsync($"{path}/close", null));
        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(tag);
        using var changed = await agent.SendAsync(stale);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(tag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(tag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
        Assert.Equal("closed", (string?)(await changed.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
        Assert.Equal("no-store", notModified.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_idempotency_key_reused_with_another_body_is_422_idempotency_key_reused()
    {
        using var agent = app.Agent("agent-i-" + Guid.NewGuid().ToString("N")[..6]);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> PostAsync(string reference)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(Body(reference)) };
            request.Headers.Add("Idempotency-Key", key);
            return await agent.SendAsync(request);
        }

        await OkAsync(await PostAsync("first"), HttpStatusCode.Created);
        var problem = await OkAsync(await PostAsync("second"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("idempotency_key_reused", (string?)problem["code"]);
    }
}
