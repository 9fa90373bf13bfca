using OtpSessions.Core.Agents;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Common;
using OtpSessions.Core.Join;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using OtpSessions.Core.Tests.Support;
using OtpSessions.Testing;

namespace OtpSessions.Core.Tests.Sessions;

/// <summary>The session service's rules on the in-memory ports (what is about storage stays in Infrastructure.Tests).</summary>
public sealed class SessionServiceTests
{
    private readonly InMemoryApp _app = new();

    [Fact]
    public async Task Start_refuses_invalid_input_without_writing_anything()
    {
        var agent = InMemoryApp.Agent();

        var outcome = await _app.Service.StartAsync(agent, new StartSessionInput([], null), "key-" + Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(FailureKind.Invalid, outcome.Failure!.Kind);
        Assert.Empty(_app.Sessions.Events);
        Assert.Empty(_app.Sessions.Work);
    }

    [Fact]
    public async Task Start_snapshots_the_team_policy_over_the_system_policy()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        await _app.SetTeamPolicyAsync(team, new PolicyOverrides { RequireOtpChannel = true, SessionLifetime = TimeSpan.FromDays(2) });
        var agent = InMemoryApp.Agent(team: team);

        var refused = await _app.Service.StartAsync(agent, new StartSessionInput(
            [new ParticipantInput(ParticipantRole.Primary, "Dana", new ContactInput(Channel.Email, "dana@example.com"), null)], null), null, CancellationToken.None);
        var view = await _app.StartAsync(agent);

        Assert.Equal(ErrorCodes.OtpChannelRequired, refused.Failure!.Code);
        Assert.Equal(_app.Time.GetUtcNow().AddDays(2), view.ExpiresAt);
        var stored = await _app.Sessions.LoadSessionAsync(view.SessionId, CancellationToken.None);
        Assert.True(stored!.Session.Policy.RequireOtpChannel);
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_returns_the_first_response_and_creates_one_session()
    {
        var agent = InMemoryApp.Agent();
        var key = "key-" + Guid.NewGuid();

        var first = await _app.StartAsync(agent, key: key);
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await _app.StartAsync(agent, InMemoryApp.TwoParticipants(), key);

        Assert.Equal(first, second with { Participants = first.Participants });
        Assert.Equal(first.Participants.Select(p => p.ParticipantId), second.Participants.Select(p => p.ParticipantId));
        Assert.Equal(2, (await _app.DrainInvitationsAsync()).Count(m => m.SessionId == first.SessionId));
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_422_idempotency_key_reused()
    {
        var agent = InMemoryApp.Agent();
        var key = "key-" + Guid.NewGuid();
        await _app.StartAsync(agent, key: key);

        var other = await _app.Service.StartAsync(agent, InMemoryApp.TwoParticipants("another-reference"), key, CancellationToken.None);

        Assert.Equal((FailureKind.Unprocessable, ErrorCodes.IdempotencyKeyReused), (other.Failure!.Kind, other.Failure.Code));
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task A_claim_whose_request_made_no_session_is_refused_for_a_minute_and_then_taken_over()
    {
        var agent = InMemoryApp.Agent();
        var key = "key-" + Guid.NewGuid();
        var body = InMemoryApp.TwoParticipants();
        // A first request claimed the key and died before committing its session.
        var dead = await _app.Idempotency.ClaimAsync(new IdempotencyRecord(agent.Subject, key, SessionIds.NewSessionId(), _app.Time.GetUtcNow().AddHours(24))
        {
            BodyHash = SessionService.BodyHash(body),
            ClaimedAt = _app.Time.GetUtcNow(),
        }, CancellationToken.None);
        Assert.True(dead.Won);

        _app.Time.Advance(TimeSpan.FromSeconds(30));
        var early = await _app.Service.StartAsync(agent, body, key, CancellationToken.None);
        _app.Time.Advance(TimeSpan.FromSeconds(31));
        var late = await _app.Service.StartAsync(agent, body, key, CancellationToken.None);
        var again = await _app.Service.StartAsync(agent, body, key, CancellationToken.None);

        Assert.Equal(ErrorCodes.IdempotencyKeyInUse, early.Failure!.Code);
        Assert.True(late.IsSuccess, late.Failure?.Detail);
        Assert.NotEqual(dead.Record.SessionId, late.Value!.SessionId);
        Assert.Equal(late.Value.SessionId, again.Value!.SessionId);
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task Listing_shows_the_agents_sessions_newest_first_by_status_and_reference_in_pages_and_a_supervisor_the_teams()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        var (agent, colleague) = (InMemoryApp.Agent(team: team), InMemoryApp.Agent(team: team));
        var started = new List<SessionView>();
        for (var i = 0; i < 3; i++)
        {
            started.Add(await _app.StartAsync(agent, InMemoryApp.TwoParticipants($"ref-{team}-{i}")));
            _app.Time.Advance(TimeSpan.FromSeconds(1));
        }
        var theirs = await _app.StartAsync(colleague);
        Assert.True((await _app.Service.CloseAsync(agent, started[0].SessionId, CancellationToken.None)).IsSuccess);

        async Task<SessionPage> ListAsync(AgentPrincipal who, SessionStatus? status = null, string? reference = null, int limit = 25, string? token = null) =>
            (await _app.Service.ListAsync(who, status, reference, limit, token, CancellationToken.None)).Value!;

        var first = await ListAsync(agent, limit: 2);
        var second = await ListAsync(agent, limit: 2, token: first.ContinuationToken);

        Assert.Equal([started[2].SessionId, started[1].SessionId], first.Sessions.Select(s => s.SessionId));
        Assert.Equal([started[0].SessionId], second.Sessions.Select(s => s.SessionId));
        Assert.Null(second.ContinuationToken);
        Assert.Equal((SessionStatus.Closed, 2), (second.Sessions[0].Status, second.Sessions[0].Participants));
        Assert.Equal([started[0].SessionId], (await ListAsync(agent, SessionStatus.Closed)).Sessions.Select(s => s.SessionId));
        Assert.Equal([started[1].SessionId], (await ListAsync(agent, reference: $"ref-{team}-1")).Sessions.Select(s => s.SessionId));
        Assert.Equal([theirs.SessionId], (await ListAsync(colleague)).Sessions.Select(s => s.SessionId));
        var supervisor = InMemoryApp.Agent(null, team, AgentPrincipal.SupervisorRole);
        Assert.Equal(4, (await ListAsync(supervisor)).Sessions.Count);
        var forged = await _app.Service.ListAsync(agent, null, null, 25, "bm90LWEta2V5", CancellationToken.None);
        Assert.Equal(ErrorCodes.InvalidRequest, forged.Failure!.Code);

        _app.Time.Advance(TimeSpan.FromDays(31));
        Assert.Empty((await ListAsync(agent)).Sessions);
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task Concurrent_starts_with_one_idempotency_key_create_one_session()
    {
        var agent = InMemoryApp.Agent();
        var key = "key-" + Guid.NewGuid();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            _app.Service.StartAsync(agent, InMemoryApp.TwoParticipants(), key, CancellationToken.None)));

        var ids = outcomes.Where(o => o.IsSuccess).Select(o => o.Value!.SessionId).Distinct().ToList();
        Assert.Single(ids);
        Assert.All(outcomes.Where(o => !o.IsSuccess), o => Assert.Equal(ErrorCodes.IdempotencyKeyInUse, o.Failure!.Code));
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task Another_agent_gets_not_found_and_a_supervisor_of_the_team_gets_the_session()
    {
        var view = await _app.StartAsync(InMemoryApp.Agent(team: "retail"));

        var stranger = await _app.Service.GetAsync(InMemoryApp.Agent(team: "retail"), view.SessionId, CancellationToken.None);
        var otherSupervisor = await _app.Service.GetAsync(InMemoryApp.Agent(team: "business", roles: "supervisor"), view.SessionId, CancellationToken.None);
        var supervisor = await _app.Service.GetAsync(InMemoryApp.Agent(team: "retail", roles: "supervisor"), view.SessionId, CancellationToken.None);

        Assert.Equal(ErrorCodes.SessionNotFound, stranger.Failure!.Code);
        Assert.Equal(ErrorCodes.SessionNotFound, otherSupervisor.Failure!.Code);
        Assert.Equal(view.SessionId, supervisor.Value!.SessionId);
        Assert.Equal(ErrorCodes.SessionNotFound,
            (await _app.Service.CloseAsync(InMemoryApp.Agent(), view.SessionId, CancellationToken.None)).Failure!.Code);
    }

    [Fact]
    public async Task An_expired_session_is_not_found()
    {
        var agent = InMemoryApp.Agent();
        var view = await _app.StartAsync(agent);

        _app.Time.SetUtcNow(view.ExpiresAt);

        Assert.Equal(ErrorCodes.SessionNotFound, (await _app.Service.GetAsync(agent, view.SessionId, CancellationToken.None)).Failure!.Code);
    }

    [Fact]
    public async Task Reassigning_revokes_the_old_link_at_once_and_gives_the_replacement_a_new_one()
    {
        var agent = InMemoryApp.Agent();
        var view = await _app.StartAsync(agent);
        var old = (await _app.ParticipantAsync(view.SessionId, view.Participants[0].ParticipantId)).Participant;

        var outcome = await _app.Service.ReassignAsync(agent, view.SessionId, old.ParticipantId,
            new ReplacementInput("Pat Doe", new ContactInput(Channel.Sms, "+14155550199"), null), CancellationToken.None);

        var replacement = outcome.Value!;
        Assert.Equal(ParticipantRole.Primary, replacement.Role);
        Assert.Equal(old.ParticipantId, replacement.Replaces);
        var before = (await _app.ParticipantAsync(view.SessionId, old.ParticipantId)).Participant;
        Assert.Equal(ParticipantStatus.Reassigned, before.Status);
        Assert.Equal(replacement.ParticipantId, before.ReplacedBy);
        Assert.Equal(LinkCheck.Invalid, await _app.CheckAsync(_app.InviteTokenOf(old)));
        var fresh = (await _app.ParticipantAsync(view.SessionId, replacement.ParticipantId)).Participant;
        Assert.Equal(LinkCheck.Valid, await _app.CheckAsync(_app.InviteTokenOf(fresh)));
        Assert.Contains(await _app.DrainInvitationsAsync(), m => m.ParticipantId == replacement.ParticipantId);

        var again = await _app.Service.ReassignAsync(agent, view.SessionId, old.ParticipantId,
            new ReplacementInput("Pat Doe", new ContactInput(Channel.Sms, "+14155550199"), null), CancellationToken.None);
        Assert.Equal(ErrorCodes.ParticipantNotReassignable, again.Failure!.Code);
    }

    [Fact]
    public async Task An_authenticated_participant_cannot_be_reassigned()
    {
        var agent = InMemoryApp.Agent();
        var view = await _app.StartAsync(agent);
        var snapshot = await _app.ParticipantAsync(view.SessionId, view.Participants[1].ParticipantId);
        await _app.Sessions.CommitAsync(new SessionChange(view.SessionId, view.ExpiresAt)
            .Put(snapshot.Participant with { Status = ParticipantStatus.Authenticated }), CancellationToken.None);

        var outcome = await _app.Service.ReassignAsync(agent, view.SessionId, snapshot.Participant.ParticipantId,
            new ReplacementInput("Pat", new ContactInput(Channel.Sms, "+14155550199"), null), CancellationToken.None);

        Assert.Equal((FailureKind.Conflict, ErrorCodes.ParticipantNotReassignable), (outcome.Failure!.Kind, outcome.Failure.Code));
    }

    [Fact]
    public async Task Closing_rewrites_every_participant_row_so_a_customer_write_decided_before_it_loses_its_etag()
    {
        var agent = InMemoryApp.Agent();
        var view = await _app.StartAsync(agent);
        var before = await _app.Sessions.LoadParticipantWithTermsAsync(view.SessionId, view.Participants[0].ParticipantId, CancellationToken.None);

        await _app.Service.CloseAsync(agent, view.SessionId, CancellationToken.None);

        foreach (var p in view.Participants)
        {
            var row = await _app.Sessions.LoadParticipantWithTermsAsync(view.SessionId, p.ParticipantId, CancellationToken.None);
            Assert.Equal(SessionStatus.Closed, row!.Terms.Status);
        }
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Sessions.CommitAsync(
            new SessionChange(before!.Terms).Put(before.Participant with { OpenedAt = _app.Time.GetUtcNow() }), CancellationToken.None));
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task Resending_within_the_cooldown_is_refused_with_the_time_to_wait()
    {
        var agent = InMemoryApp.Agent();
        var view = await _app.StartAsync(agent);
        var pid = view.Participants[0].ParticipantId;
        _app.Time.Advance(TimeSpan.FromSeconds(10));

        var outcome = await _app.Service.ResendInvitationAsync(agent, view.SessionId, pid, CancellationToken.None);

        Assert.Equal((FailureKind.TooManyRequests, ErrorCodes.TooManyRequests), (outcome.Failure!.Kind, outcome.Failure.Code));
        Assert.Equal(TimeSpan.FromSeconds(20), outcome.Failure.RetryAfter);
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task Resends_past_the_hourly_send_limit_are_refused_until_the_oldest_send_leaves_the_hour()
    {
        var agent = InMemoryApp.Agent();
        var view = await _app.StartAsync(agent); // send 1 of 5 (default maxSendsPerHour)
        var pid = view.Participants[0].ParticipantId;
        for (var send = 2; send <= 5; send++)
        {
            _app.Time.Advance(TimeSpan.FromSeconds(30));
            Assert.True((await _app.Service.ResendInvitationAsync(agent, view.SessionId, pid, CancellationToken.None)).IsSuccess);
        }
        _app.Time.Advance(TimeSpan.FromSeconds(30)); // 2.5 min after the first send; the cooldown has passed

        var refused = await _app.Service.ResendInvitationAsync(agent, view.SessionId, pid, CancellationToken.None);
        _app.Time.Advance(refused.Failure?.RetryAfter ?? TimeSpan.Zero);
        var later = await _app.Service.ResendInvitationAsync(agent, view.SessionId, pid, CancellationToken.None);

        Assert.Equal((FailureKind.TooManyRequests, ErrorCodes.TooManyRequests), (refused.Failure!.Kind, refused.Failure.Code));
        Assert.Equal(TimeSpan.FromMinutes(60) - TimeSpan.FromSeconds(150), refused.Failure.RetryAfter);
        Assert.True(later.IsSuccess);
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task Resending_a_valid_link_queues_the_next_attempt_of_the_same_invitation()
    {
        var agent = InMemoryApp.Agent();
        var view = await _app.StartAsync(agent);
        var pid = view.Participants[0].ParticipantId;
        var before = (await _app.ParticipantAsync(view.SessionId, pid)).Participant.Invitation;
        await _app.DrainInvitationsAsync();
        _app.Time.Advance(TimeSpan.FromSeconds(30));

        var outcome = await _app.Service.ResendInvitationAsync(agent, view.SessionId, pid, CancellationToken.None);

        Assert.True(outcome.IsSuccess);
        var after = (await _app.ParticipantAsync(view.SessionId, pid)).Participant.Invitation;
        Assert.Equal((before.InvitationId, 2, before.TokenHash), (after.InvitationId, after.Attempt, after.TokenHash));
        Assert.Equal(SessionRecords.InvitationMessage(view.SessionId, pid, 2), Assert.Single(await _app.DrainInvitationsAsync()));
    }

    [Fact]
    public async Task Resending_an_expired_link_makes_a_new_link_and_revokes_the_old_one()
    {
        var agent = InMemoryApp.Agent();
        var view = await _app.StartAsync(agent);
        var pid = view.Participants[1].ParticipantId;
        var old = (await _app.ParticipantAsync(view.SessionId, pid)).Participant;
        var before = old.Invitation;
        _app.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal(LinkCheck.Expired, await _app.CheckAsync(_app.InviteTokenOf(old)));

        Assert.True((await _app.Service.ResendInvitationAsync(agent, view.SessionId, pid, CancellationToken.None)).IsSuccess);

        var after = (await _app.ParticipantAsync(view.SessionId, pid)).Participant.Invitation;
        Assert.NotEqual(before.InvitationId, after.InvitationId);
        Assert.Equal(1, after.Attempt);
        Assert.Equal(LinkCheck.Invalid, await _app.CheckAsync(_app.InviteTokenOf(old)));
        Assert.Equal(LinkCheck.Valid, await _app.CheckAsync(_app.InviteTokenOf((await _app.ParticipantAsync(view.SessionId, pid)).Participant)));
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task Unknown_participants_are_not_found()
    {
        var agent = InMemoryApp.Agent();
        var view = await _app.StartAsync(agent);

        var outcome = await _app.Service.ResendInvitationAsync(agent, view.SessionId, SessionIds.NewParticipantId(), CancellationToken.None);

        Assert.Equal(ErrorCodes.ParticipantNotFound, outcome.Failure!.Code);
        await _app.DrainInvitationsAsync();
    }
}
