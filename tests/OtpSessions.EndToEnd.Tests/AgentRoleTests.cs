using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OtpSessions.Core.Sessions;
using OtpSessions.Functions.OpenApi;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// Who is an agent, over HTTP: a valid token is an agent's only with an app role (<c>agent</c>, <c>supervisor</c>,
/// <c>admin</c>) — checked on every operation the OpenAPI document secures with the agent bearer, so an operation added
/// later is covered too — and an administrator governs its own team's policy only.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class AgentRoleTests(AppFixture app)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>Every served operation (not <c>x-planned</c>) that the document secures with <c>agentBearer</c>.</summary>
    private static List<(string OperationId, string Method, string Path)> AgentOperations() =>
        [.. JsonNode.Parse(OpenApiFunction.Load())!["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => Methods.Contains(op.Key) && !((bool?)op.Value!["x-planned"] ?? false))
            .Where(op => op.Value!["security"]?.AsArray().Any(s => s!.AsObject().ContainsKey("agentBearer")) == true)
            .Select(op => ((string)op.Value!["operationId"]!, op.Key, path.Key)))];

    /// <summary>The path with plausible values in its parameters: well-formed ids (of nothing), and <paramref name="team"/>.</summary>
    private static string Fill(string path, string team) => Parameter().Replace(path, match => match.Groups[1].Value switch
    {
        "sessionId" => SessionIds.NewSessionId(),
        "participantId" => SessionIds.NewParticipantId(),
        "team" => team,
        _ => "x" + Guid.NewGuid().ToString("N")[..8],
    });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);
        if (method is "post" or "put" or "patch")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return await client.SendAsync(request);
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = app.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Every_agent_operation_answers_a_valid_token_without_an_app_role_with_403_forbidden_and_one_with_a_role_otherwise()
    {
        var team = "roles-" + Guid.NewGuid().ToString("N")[..8];
        using var noRole = Client(app.TokenWithExactRoles("no-role-" + team, team, []));
        using var otherRole = Client(app.TokenWithExactRoles("auditor-" + team, team, ["auditor"]));
        using var agent = Client(app.TokenWithExactRoles("all-roles-" + team, team, ["agent", "supervisor", "admin"]));
        var operations = AgentOperations();
        Assert.True(operations.Count >= 10, $"only {operations.Count} agent operations found in the OpenAPI document");

        foreach (var (operationId, method, path) in operations)
        {
            foreach (var refused in new[] { noRole, otherRole })
            {
                using var response = await SendAsync(refused, method, "/api" + Fill(path, team));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{operationId} ({method} {path}) without a role: {(int)response.StatusCode} {body}");
                Assert.Equal("forbidden", (string?)JsonNode.Parse(body)!["code"]);
            }
            using var allowed = await SendAsync(agent, method, "/api" + Fill(path, team));
            Assert.True(allowed.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized),
                $"{operationId} ({method} {path}) with the roles: {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task An_admin_of_one_team_may_neither_read_nor_change_another_teams_policy()
    {
        var team = "team-a-" + Guid.NewGuid().ToString("N")[..8];
        var other = "team-b-" + Guid.NewGuid().ToString("N")[..8];
        using var adminOfOther = app.Agent("admin-" + other, other, "admin");
        Assert.Equal(HttpStatusCode.OK, (await adminOfOther.PutAsJsonAsync($"/api/admin/teams/{other}/policy", new { codeLength = 8 })).StatusCode);
        using var admin = app.Agent("admin-" + team, team, "admin");

        using var read = await admin.GetAsync($"/api/admin/teams/{other}/policy");
        using var write = await admin.PutAsJsonAsync($"/api/admin/teams/{other}/policy", new { codeLength = 6, requireOtp = false });

        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (read.StatusCode, await CodeAsync(read)));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (write.StatusCode, await CodeAsync(write)));
        var overrides = (await adminOfOther.GetFromJsonAsync<JsonObject>($"/api/admin/teams/{other}/policy"))!;
        Assert.Equal("""{"codeLength":8}""", overrides.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/admin/teams/{team}/policy")).StatusCode);
    }

    [Fact]
    public async Task An_admin_without_a_team_governs_no_team()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        using var admin = app.Agent("admin-without-team-" + team, null, "admin");

        using var read = await admin.GetAsync($"/api/admin/teams/{team}/policy");
        using var write = await admin.PutAsJsonAsync($"/api/admin/teams/{team}/policy", new { codeLength = 8 });

        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (read.StatusCode, await CodeAsync(read)));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (write.StatusCode, await CodeAsync(write)));
    }

    [Theory]
    [InlineData("dana@example.com")]
    [InlineData("a%23b")]
    [InlineData("a%25b")]
    [InlineData("ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt")]
    public async Task A_team_in_the_route_that_is_no_team_id_is_400_invalid_request(string team)
    {
        using var anyAdmin = app.Agent("admin-route", "retail", "admin");

        using var read = await anyAdmin.GetAsync($"/api/admin/teams/{team}/policy");
        using var write = await anyAdmin.PutAsJsonAsync($"/api/admin/teams/{team}/policy", new { codeLength = 8 });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (read.StatusCode, await CodeAsync(read)));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (write.StatusCode, await CodeAsync(write)));
    }

    [Fact]
    public async Task A_token_whose_team_claim_is_no_team_id_is_403_forbidden()
    {
        using var agent = app.Agent("agent-bad-team", "team/with/slashes");

        using var response = await agent.GetAsync("/api/policy");

        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (response.StatusCode, await CodeAsync(response)));
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"];

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Parameter();
}
