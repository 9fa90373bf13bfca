using System.Text.Json;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Agents;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using OtpSessions.Core.Tests.Support;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Agents;

/// <summary>
/// Two administrators for a weaker policy, on the in-memory stores: while a team's changes need approval, a change that
/// tightens applies at once and one that weakens waits as a pending change (event <c>policy.change_requested</c>) until
/// another administrator of the team approves it (applied, event <c>policy.changed</c> naming both); the requester cannot
/// approve its own; rejection and expiry discard it; only the team's administrators may list or decide, and a change id
/// that is no change id is 400. Every commit's audit rows are kept for <see cref="PolicyService.AuditRetention"/>.
/// </summary>
public sealed class PolicyApprovalServiceTests
{
    private const string Team = "retail";

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InMemoryApp _app = new();
    private readonly InMemoryPolicyChangeStore _changes;
    private readonly CommitRecorder _commits;
    private readonly PolicyService _service;
    private readonly AgentPrincipal _alice = InMemoryApp.Agent("alice", Team, "admin");
    private readonly AgentPrincipal _bob = InMemoryApp.Agent("bob", Team, "admin");

    public PolicyApprovalServiceTests()
    {
        _changes = new InMemoryPolicyChangeStore(_app.Policies);
        _commits = new CommitRecorder(_app.Sessions);
        var system = Options.Create(new OtpPolicy());
        _service = new PolicyService(new EffectivePolicyProvider(system, _app.Policies), _app.Policies, _changes, _commits, system, _app.Time);
    }

    private static JsonElement Body(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private Task NeedApprovalAsync() => _app.SetTeamPolicyAsync(Team, new PolicyOverrides { PolicyChangesNeedApproval = true });

    private async Task<PolicyOverrides> OverridesAsync() => (await _app.Policies.LoadAsync(Team, None)).Overrides;

    private async Task<TeamPolicy> UpdateAsync(AgentPrincipal agent, string json)
    {
        var outcome = await _service.UpdateAsync(agent, Team, Body(json), null, None);
        Assert.True(outcome.IsSuccess, outcome.Failure?.Detail);
        return outcome.Value!;
    }

    /// <summary>Alice asks to turn the code off (a weakening); the pending change's id.</summary>
    private async Task<string> RequestWeakeningAsync()
    {
        await NeedApprovalAsync();
        var pending = (await UpdateAsync(_alice, """{"requireOtp":false}""")).Pending;
        Assert.NotNull(pending);
        return pending.ChangeId;
    }

    private async Task<IReadOnlyList<PolicyChangeView>> ListAsync(AgentPrincipal agent)
    {
        var listed = await _service.ListChangesAsync(agent, Team, None);
        Assert.True(listed.IsSuccess, listed.Failure?.Detail);
        return listed.Value!.Changes;
    }

    private static JsonElement Data(string json) => Body(json);

    private List<OutboxEvent> Events(string type) => [.. _app.Sessions.Events.Where(e => e.Type == type)];

    private static void AssertFailure<T>(Outcome<T> outcome, FailureKind kind, string code)
    {
        Assert.False(outcome.IsSuccess);
        Assert.Equal((kind, code), (outcome.Failure!.Kind, outcome.Failure.Code));
    }

    /// <summary>Every commit so far went to the team's partition and keeps its rows for the audit retention from then.</summary>
    private void AssertTeamCommitsKeptForTheRetention(DateTimeOffset committedAt)
    {
        var commit = _commits.Changes[^1];
        Assert.Equal(EventSubjects.TeamPartition(Team), commit.SessionId);
        Assert.Equal(committedAt + PolicyService.AuditRetention, commit.ExpiresAt);
    }

    [Fact]
    public async Task A_tightening_applies_at_once_while_changes_need_approval()
    {
        await NeedApprovalAsync();

        var result = await UpdateAsync(_alice, """{"maxAttempts":3}""");

        Assert.Null(result.Pending);
        Assert.Equal(3, result.Effective.MaxAttempts);
        Assert.Equal(3, (await OverridesAsync()).MaxAttempts);
        Assert.Empty(await _changes.ListAsync(Team, None));
        Assert.Empty(Events(EventTypes.PolicyChangeRequested));
        Assert.Single(Events(EventTypes.PolicyChanged));
    }

    [Fact]
    public async Task A_weakening_applies_at_once_when_the_team_needs_no_approval()
    {
        var result = await UpdateAsync(_alice, """{"requireOtp":false}""");

        Assert.Null(result.Pending);
        Assert.False(result.Effective.RequireOtp);
        Assert.False((await OverridesAsync()).RequireOtp);
        Assert.Empty(await _changes.ListAsync(Team, None));
        Assert.Empty(Events(EventTypes.PolicyChangeRequested));
    }

    [Fact]
    public async Task A_weakening_waits_as_a_pending_change_and_the_policy_stays_as_it_is()
    {
        await NeedApprovalAsync();
        var now = _app.Time.GetUtcNow();

        var result = await UpdateAsync(_alice, """{"requireOtp":false,"maxAttempts":3}""");

        Assert.True(result.Effective.RequireOtp);
        Assert.Equal(5, result.Effective.MaxAttempts);  // nothing of the change applies, its tightening part neither
        Assert.Equal(new PolicyOverrides { PolicyChangesNeedApproval = true }, await OverridesAsync());
        var pending = result.Pending!;
        Assert.Equal((PolicyChangeStatus.Pending, "alice", true, now, now + PolicyChangeRequest.Lifetime),
            (pending.Status, pending.RequesterId, pending.RequestedByYou, pending.RequestedAt, pending.ExpiresAt));
        Assert.Equal(["requireOtp"], pending.Weakened);
        Assert.Equal(["maxAttempts", "requireOtp"], pending.Fields.Order(StringComparer.Ordinal));
        Assert.True(PolicyChangeRequest.IsId(pending.ChangeId));

        var stored = (await _changes.FindAsync(Team, pending.ChangeId, None))!.Change;
        Assert.Equal(("alice", PolicyChangeStatus.Pending), (stored.RequesterId, stored.Decision));
        Assert.False(stored.Values().GetProperty("requireOtp").GetBoolean());
        Assert.Equal(3, stored.Values().GetProperty("maxAttempts").GetInt32());
        var listed = Assert.Single(await ListAsync(_bob));
        Assert.Equal((pending.ChangeId, false), (listed.ChangeId, listed.RequestedByYou));

        var requested = Assert.Single(Events(EventTypes.PolicyChangeRequested));
        var data = Data(requested.DataJson);
        Assert.Equal((Team, pending.ChangeId, "alice"),
            (data.GetProperty("team").GetString(), data.GetProperty("changeId").GetString(), data.GetProperty("requesterId").GetString()));
        Assert.Equal("requireOtp", Assert.Single(data.GetProperty("weakened").EnumerateArray()).GetString());
        Assert.Empty(Events(EventTypes.PolicyChanged));
        var audit = Assert.Single(_app.Sessions.Audit, a => a.Action == EventTypes.PolicyChangeRequested);
        Assert.Equal(("alice", now), (audit.ActorId, audit.Time));
        Assert.Equal(pending.ChangeId, Data(audit.DataJson).GetProperty("changeId").GetString());
        AssertTeamCommitsKeptForTheRetention(now);
    }

    [Fact]
    public async Task The_requester_cannot_approve_its_own_change()
    {
        var changeId = await RequestWeakeningAsync();

        var refused = await _service.ApproveAsync(_alice, Team, changeId, None);

        AssertFailure(refused, FailureKind.Forbidden, PolicyErrorCodes.ApprovalByRequester);
        Assert.Equal(PolicyChangeStatus.Pending, (await _changes.FindAsync(Team, changeId, None))!.Change.Decision);
        Assert.Null((await OverridesAsync()).RequireOtp);
        Assert.Empty(Events(EventTypes.PolicyChanged));
    }

    [Fact]
    public async Task Another_admin_approves_and_the_change_applies_with_an_event_naming_both()
    {
        var changeId = await RequestWeakeningAsync();
        _app.Time.Advance(TimeSpan.FromHours(3));
        var now = _app.Time.GetUtcNow();

        var approved = await _service.ApproveAsync(_bob, Team, changeId, None);

        Assert.True(approved.IsSuccess, approved.Failure?.Detail);
        Assert.False(approved.Value!.Effective.RequireOtp);
        Assert.Equal(false, approved.Value.Overrides["requireOtp"]);
        Assert.False((await OverridesAsync()).RequireOtp);
        var stored = (await _changes.FindAsync(Team, changeId, None))!.Change;
        Assert.Equal((PolicyChangeStatus.Approved, "bob", now), (stored.Decision, stored.DeciderId, stored.DecidedAt));
        Assert.Empty(await ListAsync(_bob));

        var changed = Assert.Single(Events(EventTypes.PolicyChanged));
        var data = Data(changed.DataJson);
        Assert.Equal((Team, changeId, "alice", "bob", "bob"),
            (data.GetProperty("team").GetString(), data.GetProperty("changeId").GetString(), data.GetProperty("requesterId").GetString(),
             data.GetProperty("approverId").GetString(), data.GetProperty("adminId").GetString()));
        Assert.Equal("requireOtp", Assert.Single(data.GetProperty("changed").EnumerateArray()).GetString());
        Assert.Equal(now, changed.Time);
        var audit = Assert.Single(_app.Sessions.Audit, a => a.Action == PolicyService.AuditAction);
        Assert.Equal(("bob", now, changeId), (audit.ActorId, audit.Time, Data(audit.DataJson).GetProperty("changeId").GetString()));
        AssertTeamCommitsKeptForTheRetention(now);

        var again = await _service.ApproveAsync(InMemoryApp.Agent("carol", Team, "admin"), Team, changeId, None);
        AssertFailure(again, FailureKind.Conflict, PolicyErrorCodes.ChangeNotPending);
        Assert.Single(Events(EventTypes.PolicyChanged));
    }

    [Fact]
    public async Task An_approval_applies_to_the_overrides_as_they_are_then()
    {
        var changeId = await RequestWeakeningAsync();
        await UpdateAsync(_bob, """{"maxAttempts":3}""");

        var approved = await _service.ApproveAsync(_bob, Team, changeId, None);

        Assert.True(approved.IsSuccess, approved.Failure?.Detail);
        Assert.Equal(new PolicyOverrides { PolicyChangesNeedApproval = true, MaxAttempts = 3, RequireOtp = false }, await OverridesAsync());
    }

    [Fact]
    public async Task A_rejection_discards_the_change_and_is_audited()
    {
        var changeId = await RequestWeakeningAsync();
        _app.Time.Advance(TimeSpan.FromMinutes(20));
        var now = _app.Time.GetUtcNow();

        var rejected = await _service.RejectAsync(_bob, Team, changeId, None);

        Assert.True(rejected.IsSuccess, rejected.Failure?.Detail);
        Assert.Equal((PolicyChangeStatus.Rejected, "bob", now, false),
            (rejected.Value!.Status, rejected.Value.DeciderId, rejected.Value.DecidedAt, rejected.Value.RequestedByYou));
        Assert.Equal(PolicyChangeStatus.Rejected, (await _changes.FindAsync(Team, changeId, None))!.Change.Decision);
        Assert.Null((await OverridesAsync()).RequireOtp);
        Assert.Empty(await ListAsync(_alice));
        Assert.Empty(Events(EventTypes.PolicyChanged));
        var audit = Assert.Single(_app.Sessions.Audit, a => a.Action == PolicyService.RejectedAuditAction);
        var data = Data(audit.DataJson);
        Assert.Equal(("bob", now, Team, changeId, "alice"), (audit.ActorId, audit.Time, data.GetProperty("team").GetString(),
            data.GetProperty("changeId").GetString(), data.GetProperty("requesterId").GetString()));
        AssertTeamCommitsKeptForTheRetention(now);

        AssertFailure(await _service.ApproveAsync(_bob, Team, changeId, None), FailureKind.Conflict, PolicyErrorCodes.ChangeNotPending);
        AssertFailure(await _service.RejectAsync(_bob, Team, changeId, None), FailureKind.Conflict, PolicyErrorCodes.ChangeNotPending);
        Assert.Null((await OverridesAsync()).RequireOtp);
    }

    [Fact]
    public async Task The_requester_may_withdraw_its_change()
    {
        var changeId = await RequestWeakeningAsync();

        var withdrawn = await _service.RejectAsync(_alice, Team, changeId, None);

        Assert.True(withdrawn.IsSuccess, withdrawn.Failure?.Detail);
        Assert.Equal((PolicyChangeStatus.Rejected, "alice", true), (withdrawn.Value!.Status, withdrawn.Value.DeciderId, withdrawn.Value.RequestedByYou));
    }

    [Fact]
    public async Task An_expired_change_is_no_longer_listed_nor_decided_and_nothing_applies()
    {
        var changeId = await RequestWeakeningAsync();
        _app.Time.Advance(PolicyChangeRequest.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Single(await ListAsync(_bob));
        var commits = _commits.Changes.Count;

        _app.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(await ListAsync(_bob));
        AssertFailure(await _service.ApproveAsync(_bob, Team, changeId, None), FailureKind.Conflict, PolicyErrorCodes.ChangeNotPending);
        AssertFailure(await _service.RejectAsync(_bob, Team, changeId, None), FailureKind.Conflict, PolicyErrorCodes.ChangeNotPending);
        var stored = (await _changes.FindAsync(Team, changeId, None))!.Change;
        Assert.Equal((PolicyChangeStatus.Pending, null), (stored.Decision, stored.DeciderId));
        Assert.Null((await OverridesAsync()).RequireOtp);
        Assert.Equal(commits, _commits.Changes.Count);
    }

    [Fact]
    public async Task Only_the_teams_administrators_may_list_approve_or_reject()
    {
        var changeId = await RequestWeakeningAsync();
        AgentPrincipal[] refused = [InMemoryApp.Agent("dave", Team), InMemoryApp.Agent("erin", "wholesale", "admin"), InMemoryApp.Agent("fay", null, "admin")];

        foreach (var agent in refused)
        {
            AssertFailure(await _service.ListChangesAsync(agent, Team, None), FailureKind.Forbidden, ErrorCodes.Forbidden);
            AssertFailure(await _service.ApproveAsync(agent, Team, changeId, None), FailureKind.Forbidden, ErrorCodes.Forbidden);
            AssertFailure(await _service.RejectAsync(agent, Team, changeId, None), FailureKind.Forbidden, ErrorCodes.Forbidden);
        }

        AssertFailure(await _service.ApproveAsync(_bob, "retail/other", changeId, None), FailureKind.Invalid, ErrorCodes.InvalidRequest);
        Assert.Equal(PolicyChangeStatus.Pending, (await _changes.FindAsync(Team, changeId, None))!.Change.Decision);
        Assert.Null((await OverridesAsync()).RequireOtp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c_0123456789abcdef0123456")]
    [InlineData("c_0123456789abcdef012345678")]
    [InlineData("c_0123456789ABCDEF01234567")]
    [InlineData("x_0123456789abcdef01234567")]
    [InlineData("c_0123456789abcdef0123456g")]
    public async Task A_change_id_that_is_no_change_id_is_400_naming_the_field(string changeId)
    {
        await RequestWeakeningAsync();

        foreach (var outcome in new[] { (await _service.ApproveAsync(_bob, Team, changeId, None)).Failure, (await _service.RejectAsync(_bob, Team, changeId, None)).Failure })
        {
            Assert.Equal((FailureKind.Invalid, ErrorCodes.InvalidRequest), (outcome!.Kind, outcome.Code));
            Assert.Equal(["changeId"], outcome.Errors!.Keys);
        }
    }

    [Fact]
    public async Task An_unknown_change_id_of_the_right_form_is_404()
    {
        await RequestWeakeningAsync();

        AssertFailure(await _service.ApproveAsync(_bob, Team, PolicyChangeRequest.NewId(), None), FailureKind.NotFound, PolicyErrorCodes.ChangeNotFound);
        AssertFailure(await _service.RejectAsync(_bob, Team, PolicyChangeRequest.NewId(), None), FailureKind.NotFound, PolicyErrorCodes.ChangeNotFound);
    }

    /// <summary>The session store, keeping each commit to read its partition and retention (the rows themselves go to the store).</summary>
    private sealed class CommitRecorder(ISessionStore inner) : ISessionStore
    {
        private readonly List<SessionChange> _changes = [];

        public IReadOnlyList<SessionChange> Changes => _changes;

        public Task<SessionSnapshot?> LoadSessionAsync(string sessionId, CancellationToken cancellationToken) =>
            inner.LoadSessionAsync(sessionId, cancellationToken);

        public Task<ParticipantSnapshot?> LoadParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken) =>
            inner.LoadParticipantAsync(sessionId, participantId, cancellationToken);

        public Task<ParticipantWithTerms?> LoadParticipantWithTermsAsync(string sessionId, string participantId, CancellationToken cancellationToken) =>
            inner.LoadParticipantWithTermsAsync(sessionId, participantId, cancellationToken);

        public async Task CommitAsync(SessionChange change, CancellationToken cancellationToken)
        {
            await inner.CommitAsync(change, cancellationToken);
            _changes.Add(change);
        }
    }
}
