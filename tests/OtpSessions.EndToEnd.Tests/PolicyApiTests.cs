using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// Team policy over HTTP: <c>GET /api/policy</c> for any agent, <c>GET</c>/<c>PUT /api/admin/teams/{team}/policy</c> for
/// administrators, the bounds, the audit row and <c>policy.changed</c> event, and a change reaching new sessions only.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PolicyApiTests(AppFixture app)
{
    private static string NewTeam() => "team-" + Guid.NewGuid().ToString("N")[..10];

    private static string Path(string team) => $"/api/admin/teams/{team}/policy";

    /// <summary>An administrator of <paramref name="team"/> (an admin governs its own team's policy only).</summary>
    private HttpClient Admin(string team, string? id = null) => app.Agent(id ?? "admin-" + Guid.NewGuid().ToString("N")[..8], team, "admin");

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(code, (string?)problem["code"]);
        return problem;
    }

    private static object Primary(object? otp = null) => new
    {
        participants = new object[] { new { role = "primary", name = "Dana Cole", invite = new { channel = "email", address = $"dana.{Guid.NewGuid():N}@example.com" }, otp } },
    };

    [Fact]
    public async Task Get_policy_answers_the_system_settings_for_an_agent_whose_team_overrides_nothing()
    {
        var team = NewTeam();

        var policy = await OkAsync(await app.Agent("agent-p1", team).GetAsync("/api/policy"));

        Assert.Equal(team, (string?)policy["team"]);
        Assert.True((bool)policy["requireOtp"]!);
        Assert.Equal(6, (int)policy["codeLength"]!);
        Assert.Equal(600, (int)policy["codeLifetimeSeconds"]!);
        Assert.Equal(5, (int)policy["maxAttempts"]!);
        Assert.Equal(900, (int)policy["lockoutSeconds"]!);
        Assert.Equal(3, (int)policy["maxLockouts"]!);
        Assert.Equal(30, (int)policy["resendCooldownSeconds"]!);
        Assert.Equal(5, (int)policy["maxSendsPerHour"]!);
        Assert.Equal(7 * 86400, (int)policy["inviteLinkLifetimeSeconds"]!);
        Assert.Equal(30 * 86400, (int)policy["sessionLifetimeSeconds"]!);
        Assert.Equal(12 * 3600, (int)policy["accessTokenLifetimeSeconds"]!);
        Assert.Empty(policy["allowedSmsCountries"]!.AsArray());
        Assert.Equal(60, (int)policy["autoOtpViewDelaySeconds"]!);
        Assert.False((bool)policy["agentCanViewDeliveredOtp"]!);
        foreach (var name in new[] { "requireOtpChannel", "allowEmailOtp", "agentCanViewOtp" })
        {
            Assert.NotNull(policy[name]);
        }
    }

    [Fact]
    public async Task An_admin_sets_overrides_that_new_sessions_use_while_a_running_session_keeps_its_policy()
    {
        var team = NewTeam();
        var agent = app.Agent("agent-" + team, team);
        var before = await JsonAsync(await agent.PostAsJsonAsync("/api/sessions", Primary()));
        var sessionId = (string)before["sessionId"]!;

        var updated = await OkAsync(await Admin(team).PutAsJsonAsync(Path(team), new { requireOtpChannel = true, codeLength = 8, allowedSmsCountries = new[] { "us" } }));

        Assert.Equal(team, (string?)updated["team"]);
        Assert.True((bool)updated["requireOtpChannel"]!);
        Assert.Equal(8, (int)updated["codeLength"]!);
        Assert.Equal(["US"], updated["allowedSmsCountries"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(updated.ToJsonString(), (await OkAsync(await agent.GetAsync("/api/policy"))).ToJsonString());
        // New sessions: an OTP channel is required, and only US numbers may get SMS.
        await ProblemAsync(await agent.PostAsJsonAsync("/api/sessions", Primary()), HttpStatusCode.BadRequest, "otp_channel_required");
        var uk = await ProblemAsync(await agent.PostAsJsonAsync("/api/sessions", Primary(new { channel = "sms", address = "+442079460123" })),
            HttpStatusCode.BadRequest, "sms_country_not_allowed");
        Assert.True(uk["errors"]!.AsObject().ContainsKey("participants[0].otp.address"));
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync("/api/sessions", Primary(new { channel = "sms", address = "+14155550188" }))).StatusCode);
        // The running session keeps the policy it started with: a participant without an OTP channel is still fine there.
        using var added = await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants",
            new { role = "additional", name = "Max Cole", invite = new { channel = "email", address = $"max.{Guid.NewGuid():N}@example.com" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
    }

    [Fact]
    public async Task Get_admin_policy_returns_the_overrides_alone_and_null_removes_one()
    {
        var team = NewTeam();
        var admin = Admin(team);
        Assert.Empty(await OkAsync(await admin.GetAsync(Path(team))));
        await OkAsync(await admin.PutAsJsonAsync(Path(team), new { maxAttempts = 4, lockoutSeconds = 600 }));

        await OkAsync(await admin.PutAsync(Path(team), JsonContent.Create(JsonNode.Parse("""{"maxAttempts":null}"""))));

        var overrides = await OkAsync(await admin.GetAsync(Path(team)));
        Assert.Equal("""{"lockoutSeconds":600}""", overrides.ToJsonString());
        Assert.Equal(5, (int)(await OkAsync(await app.Agent("agent-x", team).GetAsync("/api/policy")))["maxAttempts"]!);
    }

    [Theory]
    [InlineData("""{"codeLength":4}""", "codeLength")]
    [InlineData("""{"codeLifetimeSeconds":3600}""", "codeLifetimeSeconds")]
    [InlineData("""{"maxAttempts":20,"maxLockouts":20}""", "maxLockouts")]
    [InlineData("""{"allowedSmsCountries":["ZZ"]}""", "allowedSmsCountries")]
    [InlineData("""{"codeLength":"six"}""", "codeLength")]
    [InlineData("""{"autoOtpViewDelaySeconds":601}""", "autoOtpViewDelaySeconds")]
    [InlineData("""{"agentCanViewDeliveredOtp":"yes"}""", "agentCanViewDeliveredOtp")]
    public async Task Values_outside_the_bounds_are_400_with_errors_per_field_and_change_nothing(string body, string field)
    {
        var team = NewTeam();
        var admin = Admin(team);

        var problem = await ProblemAsync(await admin.PutAsync(Path(team), new StringContent(body, System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "invalid_request");

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Empty(await OkAsync(await admin.GetAsync(Path(team))));
    }

    [Theory]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""{"allowedSmsCountries":["U\udc00S"]}""")]
    public async Task A_body_with_an_unpaired_surrogate_escape_is_400_not_500(string body)
    {
        // Found by the fault harness's malformed-request corpus: the property name or string unescaped only when read.
        var team = NewTeam();

        await ProblemAsync(await Admin(team).PutAsync(Path(team), new StringContent(body, System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Only_an_admin_may_read_or_change_a_team_policy()
    {
        var team = NewTeam();
        var supervisor = app.Agent("sup-" + team, team, "supervisor");

        await ProblemAsync(await supervisor.GetAsync(Path(team)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await supervisor.PutAsJsonAsync(Path(team), new { codeLength = 8 }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Anonymous.PutAsJsonAsync(Path(team), new { codeLength = 8 }), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(6, (int)(await OkAsync(await supervisor.GetAsync("/api/policy")))["codeLength"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin(team).GetAsync($"/api/administrator/teams/{team}/policy")).StatusCode);
    }

    private static HttpRequestMessage Put(string team, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Path(team)) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    [Fact]
    public async Task A_change_with_the_etag_of_an_earlier_version_is_412_and_changes_nothing()
    {
        var team = NewTeam();
        var first = Admin(team);
        var second = Admin(team);
        var read = await first.GetAsync(Path(team));
        var etag = read.Headers.ETag?.ToString();
        Assert.False(string.IsNullOrEmpty(etag), "GET answers an ETag");
        Assert.Equal(etag, (await second.GetAsync(Path(team))).Headers.ETag?.ToString());

        // The second administrator saves first, with the version both read.
        var saved = await second.SendAsync(Put(team, new { codeLength = 8 }, etag));
        await OkAsync(saved);
        var newTag = saved.Headers.ETag?.ToString();
        // The first one's change was made on the old version: refused, nothing of it is written.
        var stale = await first.SendAsync(Put(team, new { codeLength = 7, maxAttempts = 3 }, etag));

        await ProblemAsync(stale, HttpStatusCode.PreconditionFailed, "precondition_failed");
        var now = await first.GetAsync(Path(team));
        Assert.Equal("""{"codeLength":8}""", (await OkAsync(now)).ToJsonString());
        Assert.Equal(newTag, now.Headers.ETag?.ToString());
        Assert.NotEqual(etag, newTag);
        // With the current version the change goes through.
        await OkAsync(await first.SendAsync(Put(team, new { codeLength = 7 }, newTag)));
    }

    [Fact]
    public async Task The_etag_answers_304_to_If_None_Match_and_a_change_without_If_Match_applies_to_the_current_version()
    {
        var team = NewTeam();
        var admin = Admin(team);
        var etag = (await admin.GetAsync(Path(team))).Headers.ETag!.ToString();
        using var again = new HttpRequestMessage(HttpMethod.Get, Path(team));
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);

        Assert.Equal(HttpStatusCode.NotModified, (await admin.SendAsync(again)).StatusCode);
        await OkAsync(await admin.SendAsync(Put(team, new { maxSendsPerHour = 4 }, null)));
        await OkAsync(await admin.SendAsync(Put(team, new { maxSendsPerHour = 3 }, null)));
        Assert.Equal("""{"maxSendsPerHour":3}""", (await OkAsync(await admin.GetAsync(Path(team)))).ToJsonString());
    }

    [Fact]
    public async Task A_change_is_audited_and_emits_policy_changed_with_the_team_the_changed_fields_and_the_admin()
    {
        var team = NewTeam();
        var adminId = $"root.{team}@bank.example";

        await OkAsync(await Admin(team, adminId).PutAsJsonAsync(Path(team), new { agentCanViewOtp = false, maxSendsPerHour = 3 }));

        var rows = new List<TableEntity>();
        await foreach (var row in app.Azurite.Tables().GetTableClient("sessions").QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {"team|" + team}")))
        {
            rows.Add(row);
        }
        var outbox = Assert.Single(rows, r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal));
        var audit = Assert.Single(rows, r => r.RowKey.StartsWith("audit|", StringComparison.Ordinal));
        Assert.Equal("policy.changed", outbox.GetString("Type"));
        var data = JsonDocument.Parse(outbox.GetString("Data")).RootElement;
        Assert.Equal(team, data.GetProperty("team").GetString());
        Assert.Equal(["agentCanViewOtp", "maxSendsPerHour"], data.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("r***@bank.example", data.GetProperty("adminId").GetString());
        Assert.Equal("policy.changed", audit.GetString("Action"));
        Assert.Equal(adminId, audit.GetString("ActorId"));
    }
}
