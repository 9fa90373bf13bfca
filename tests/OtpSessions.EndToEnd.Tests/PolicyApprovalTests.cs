using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// Two administrators for a weaker policy, over HTTP: with <c>policyChangesNeedApproval</c> on, a change that tightens
/// applies at once and one that weakens waits (202) until another administrator of the team approves it; the requester
/// cannot approve its own; rejection and expiry discard it; of two approvals at once exactly one wins.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PolicyApprovalTests(AppFixture app)
{
    private static string NewTeam() => "team-" + Guid.NewGuid().ToString("N")[..10];

    private static string Path(string team) => $"/api/admin/teams/{team}/policy";

    private static string Changes(string team) => Path(team) + "/changes";

    private HttpClient Admin(string team, string id) => app.Agent(id, team, "admin");

    private static async Task<JsonObject> StatusAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await StatusAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (string?)problem["code"]);
    }

    /// <summary>A team whose administrators need a second one for weaker changes (turning it on applies at once).</summary>
    private async Task<string> TeamNeedingApprovalAsync(object? also = null)
    {
        var team = NewTeam();
        using var admin = Admin(team, "setup-" + team);
        var on = await StatusAsync(await admin.PutAsJsonAsync(Path(team), also ?? new { policyChangesNeedApproval = true }), HttpStatusCode.OK);
        Assert.True((bool)on["policyChangesNeedApproval"]!);
        return team;
    }

    private async Task<JsonObject> EffectiveAsync(string team)
    {
        using var agent = app.Agent("agent-" + team, team);
        return await StatusAsync(await agent.GetAsync("/api/policy"), HttpStatusCode.OK);
    }

    private async Task<string> RequestAsync(HttpClient admin, string team, object body)
    {
        var pending = await StatusAsync(await admin.PutAsJsonAsync(Path(team), body), HttpStatusCode.Accepted);
        Assert.Equal("pending", (string?)pending["status"]);
        return (string)pending["changeId"]!;
    }

    private async Task<List<TableEntity>> TeamRowsAsync(string team)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Azurite.Tables().GetTableClient("sessions").QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {"team|" + team}")))
        {
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Get_policy_shows_that_approval_is_off_by_default()
    {
        Assert.False((bool)(await EffectiveAsync(NewTeam()))["policyChangesNeedApproval"]!);
    }

    [Fact]
    public async Task A_change_that_only_tightens_applies_at_once_while_approval_is_on()
    {
        var team = await TeamNeedingApprovalAsync();
        using var admin = Admin(team, "admin-a");

        var applied = await StatusAsync(await admin.PutAsJsonAsync(Path(team), new { codeLength = 8, maxAttempts = 3, allowEmailOtp = false }), HttpStatusCode.OK);

        Assert.Equal(8, (int)applied["codeLength"]!);
        Assert.Equal(8, (int)(await EffectiveAsync(team))["codeLength"]!);
        Assert.Empty((await StatusAsync(await admin.GetAsync(Changes(team)), HttpStatusCode.OK))["changes"]!.AsArray());
    }

    [Fact]
    public async Task A_weaker_change_waits_the_requester_cannot_approve_it_and_another_admin_applies_it_with_both_ids_in_the_event()
    {
        var team = await TeamNeedingApprovalAsync();
        var requesterId = $"root.{team}@bank.example";
        using var requester = Admin(team, requesterId);
        using var approver = Admin(team, "approver-" + team);

        var pending = await StatusAsync(await requester.PutAsJsonAsync(Path(team), new { requireOtp = false, codeLength = 8 }), HttpStatusCode.Accepted);

        var changeId = (string)pending["changeId"]!;
        Assert.Equal("pending", (string?)pending["status"]);
        Assert.Equal(["requireOtp", "codeLength"], pending["fields"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(["requireOtp"], pending["weakened"]!.AsArray().Select(f => (string)f!));
        // Nothing applied yet, not even the tightening part of the body.
        var before = await EffectiveAsync(team);
        Assert.True((bool)before["requireOtp"]!);
        Assert.Equal(6, (int)before["codeLength"]!);
        var listed = Assert.Single((await StatusAsync(await approver.GetAsync(Changes(team)), HttpStatusCode.OK))["changes"]!.AsArray())!;
        Assert.Equal(changeId, (string?)listed["changeId"]);
        Assert.False((bool)listed["requestedByYou"]!);
        Assert.False((bool)listed["values"]!["requireOtp"]!);
        Assert.True((bool)Assert.Single((await StatusAsync(await requester.GetAsync(Changes(team)), HttpStatusCode.OK))["changes"]!.AsArray())!["requestedByYou"]!);

        await ProblemAsync(await requester.PostAsync($"{Changes(team)}/{changeId}/approve", null), HttpStatusCode.Forbidden, "approval_by_requester");
        Assert.True((bool)(await EffectiveAsync(team))["requireOtp"]!);

        var approved = await approver.PostAsync($"{Changes(team)}/{changeId}/approve", null);
        var effective = await StatusAsync(approved, HttpStatusCode.OK);

        Assert.False((bool)effective["requireOtp"]!);
        Assert.Equal(8, (int)effective["codeLength"]!);
        Assert.False(string.IsNullOrEmpty(approved.Headers.ETag?.ToString()));
        Assert.Equal(effective.ToJsonString(), (await EffectiveAsync(team)).ToJsonString());
        Assert.Empty((await StatusAsync(await approver.GetAsync(Changes(team)), HttpStatusCode.OK))["changes"]!.AsArray());
        await ProblemAsync(await approver.PostAsync($"{Changes(team)}/{changeId}/approve", null), HttpStatusCode.Conflict, "change_not_pending");

        var rows = await TeamRowsAsync(team);
        var events = rows.Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)).ToList();
        var requested = Assert.Single(events, e => e.GetString("Type") == "policy.change_requested");
        var changed = events.Where(e => e.GetString("Type") == "policy.changed").Select(e => JsonDocument.Parse(e.GetString("Data")).RootElement)
            .Single(d => d.GetProperty("changeId").ValueKind == JsonValueKind.String);
        Assert.Equal($"r***@bank.example", JsonDocument.Parse(requested.GetString("Data")).RootElement.GetProperty("requesterId").GetString());
        Assert.Equal(changeId, changed.GetProperty("changeId").GetString());
        Assert.Equal("r***@bank.example", changed.GetProperty("requesterId").GetString());
        Assert.Equal("approver-" + team, changed.GetProperty("approverId").GetString());
        Assert.Equal(["requireOtp", "codeLength"], changed.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.All(events, e => Assert.True(EventSchemas.Violation(e.GetString("Type"), e.GetString("Data")) is null,
            $"{e.GetString("Type")}: {EventSchemas.Violation(e.GetString("Type"), e.GetString("Data"))}"));
        Assert.Contains(rows, r => r.GetString("Action") == "policy.change_requested" && r.GetString("ActorId") == requesterId);
        Assert.Contains(rows, r => r.GetString("Action") == "policy.changed" && r.GetString("ActorId") == "approver-" + team);
    }

    [Fact]
    public async Task Removing_an_override_that_falls_back_to_a_weaker_system_value_waits()
    {
        var team = await TeamNeedingApprovalAsync(new { policyChangesNeedApproval = true, codeLength = 8 });
        using var admin = Admin(team, "admin-a");

        var pending = await StatusAsync(await admin.PutAsync(Path(team), JsonContent.Create(JsonNode.Parse("""{"codeLength":null}"""))), HttpStatusCode.Accepted);

        Assert.Equal(["codeLength"], pending["weakened"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(8, (int)(await EffectiveAsync(team))["codeLength"]!);
    }

    [Fact]
    public async Task Turning_approval_off_is_itself_a_weaker_change()
    {
        var team = await TeamNeedingApprovalAsync();
        using var admin = Admin(team, "admin-a");

        await RequestAsync(admin, team, new { policyChangesNeedApproval = false });

        Assert.True((bool)(await EffectiveAsync(team))["policyChangesNeedApproval"]!);
    }

    [Fact]
    public async Task A_rejected_change_is_discarded_and_can_no_longer_be_approved()
    {
        var team = await TeamNeedingApprovalAsync();
        using var requester = Admin(team, "admin-a");
        using var other = Admin(team, "admin-b");
        var changeId = await RequestAsync(requester, team, new { agentCanViewDeliveredOtp = true });

        var rejected = await StatusAsync(await other.PostAsync($"{Changes(team)}/{changeId}/reject", null), HttpStatusCode.OK);

        Assert.Equal("rejected", (string?)rejected["status"]);
        Assert.Equal("admin-b", (string?)rejected["deciderId"]);
        Assert.False((bool)(await EffectiveAsync(team))["agentCanViewDeliveredOtp"]!);
        Assert.Empty((await StatusAsync(await other.GetAsync(Changes(team)), HttpStatusCode.OK))["changes"]!.AsArray());
        await ProblemAsync(await other.PostAsync($"{Changes(team)}/{changeId}/approve", null), HttpStatusCode.Conflict, "change_not_pending");
        Assert.Contains(await TeamRowsAsync(team), r => r.GetString("Action") == "policy.change_rejected" && r.GetString("ActorId") == "admin-b");
    }

    [Fact]
    public async Task A_change_nobody_decides_within_seven_days_expires()
    {
        var team = await TeamNeedingApprovalAsync();
        string changeId;
        using (var requester = Admin(team, "admin-a"))
        {
            changeId = await RequestAsync(requester, team, new { maxSendsPerHour = 50 });
        }

        app.Time.Advance(TimeSpan.FromDays(7));

        using var other = Admin(team, "admin-b");
        Assert.Empty((await StatusAsync(await other.GetAsync(Changes(team)), HttpStatusCode.OK))["changes"]!.AsArray());
        await ProblemAsync(await other.PostAsync($"{Changes(team)}/{changeId}/approve", null), HttpStatusCode.Conflict, "change_not_pending");
        await ProblemAsync(await other.PostAsync($"{Changes(team)}/{changeId}/reject", null), HttpStatusCode.Conflict, "change_not_pending");
        Assert.Equal(5, (int)(await EffectiveAsync(team))["maxSendsPerHour"]!);
    }

    [Fact]
    public async Task Of_two_administrators_approving_at_once_exactly_one_wins()
    {
        var team = await TeamNeedingApprovalAsync();
        using var requester = Admin(team, "admin-a");
        using var second = Admin(team, "admin-b");
        using var third = Admin(team, "admin-c");
        var changeId = await RequestAsync(requester, team, new { allowedSmsCountries = Array.Empty<string>(), maxAttempts = 6 });

        var answers = await Task.WhenAll(
            second.PostAsync($"{Changes(team)}/{changeId}/approve", null),
            third.PostAsync($"{Changes(team)}/{changeId}/approve", null));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        await ProblemAsync(Assert.Single(answers, a => a.StatusCode != HttpStatusCode.OK), HttpStatusCode.Conflict, "change_not_pending");
        Assert.Equal(6, (int)(await EffectiveAsync(team))["maxAttempts"]!);
        Assert.Single(await TeamRowsAsync(team), r => r.GetString("Action") == "policy.changed" && r.GetString("ActorId") != "setup-" + team);
    }

    [Fact]
    public async Task Unknown_and_malformed_changes_and_other_roles_are_refused()
    {
        var team = await TeamNeedingApprovalAsync();
        using var admin = Admin(team, "admin-a");
        using var supervisor = app.Agent("sup-" + team, team, "supervisor");
        using var otherTeamAdmin = app.Agent("admin-x", NewTeam(), "admin");
        var changeId = await RequestAsync(admin, team, new { requireOtpChannel = false, resendCooldownSeconds = 5 });

        await ProblemAsync(await admin.PostAsync($"{Changes(team)}/c_{new string('0', 24)}/approve", null), HttpStatusCode.NotFound, "change_not_found");
        await ProblemAsync(await admin.PostAsync($"{Changes(team)}/not-a-change/reject", null), HttpStatusCode.BadRequest, "invalid_request");
        await ProblemAsync(await supervisor.GetAsync(Changes(team)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await supervisor.PostAsync($"{Changes(team)}/{changeId}/approve", null), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await otherTeamAdmin.PostAsync($"{Changes(team)}/{changeId}/approve", null), HttpStatusCode.Forbidden, "forbidden");
        Assert.Single((await StatusAsync(await admin.GetAsync(Changes(team)), HttpStatusCode.OK))["changes"]!.AsArray());
    }
}
