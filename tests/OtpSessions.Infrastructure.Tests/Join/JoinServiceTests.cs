using System.Text.Json;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Join;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Infrastructure.Tests.Join;

/// <summary>The customer API's application service against a real Azurite: rows, ETags, queue messages and token rows.</summary>
[Collection(StorageCollection.Name)]
public sealed class JoinServiceTests(StorageFixture storage)
{
    private readonly JoinTestApp _app = new(storage);

    private DateTimeOffset Now => _app.Sessions.Time.GetUtcNow();

    [Fact]
    public async Task Arriving_at_the_otp_page_queues_one_message_with_ids_only_and_arriving_again_queues_none()
    {
        var (view, token, _) = await _app.StartAsync();
        var primary = view.Participants[0];

        var first = await _app.Join.RequestOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);
        var second = await _app.Join.RequestOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);

        Assert.True(first.IsSuccess);
        Assert.Equal(first.Value, second.Value);
        var text = Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId));
        using var document = JsonDocument.Parse(text);
        Assert.Equal(["kind", "sessionId", "participantId", "item"], document.RootElement.EnumerateObject().Select(p => p.Name));
        var stored = await _app.ParticipantAsync(view.SessionId, primary.ParticipantId);
        Assert.Equal((CodeDelivery.KindName, stored.OtpState.CodeId), (JoinTestApp.Parse(text).Kind, JoinTestApp.Parse(text).Item));
        Assert.DoesNotContain(await _app.CodeOfAsync(view.SessionId, primary.ParticipantId), text, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Queued, stored.OtpDelivery.Status);
        Assert.Equal(ParticipantStatus.AwaitingOtp, stored.Status);
        Assert.StartsWith($"v2.{_app.Sessions.Keyring.CurrentKeyId}.", stored.OtpState.ProtectedCode, StringComparison.Ordinal);
        var outbox = (await storage.RowsAsync(TableNames.Sessions, view.SessionId)).Where(r => r.GetString("Type") == EventTypes.OtpRequested).ToList();
        Assert.Null(EventDataGuard.FindViolation(Assert.Single(outbox).GetString("Data")));
    }

    [Fact]
    public async Task Parallel_wrong_codes_each_cost_one_attempt_and_lock_once()
    {
        var (view, token, _) = await _app.StartAsync();
        await _app.Join.RequestOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);
        var code = await _app.CodeOfAsync(view.SessionId, view.Participants[0].ParticipantId);
        var wrong = code == "000000" ? "000001" : "000000";

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
            _app.Join.VerifyAsync(JoinTestApp.Invite(token), new VerifyInput(wrong), CancellationToken.None))));

        Assert.Equal(4, outcomes.Count(o => o.Failure?.Code == "otp_invalid"));
        Assert.Equal(8, outcomes.Count(o => o.Failure?.Code == "participant_locked"));
        var stored = await _app.ParticipantAsync(view.SessionId, view.Participants[0].ParticipantId);
        Assert.Equal((ParticipantStatus.Locked, 1, Now.AddMinutes(15)), (stored.Status, stored.OtpState.Lockouts, stored.OtpState.LockedUntil));
        var right = await _app.Join.VerifyAsync(JoinTestApp.Invite(token), new VerifyInput(code), CancellationToken.None);
        Assert.Equal("participant_locked", right.Failure?.Code);
    }

    [Fact]
    public async Task The_right_code_issues_an_access_token_whose_hash_only_is_stored()
    {
        var (view, token, _) = await _app.StartAsync();
        var participantId = view.Participants[0].ParticipantId;
        await _app.Join.RequestOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);
        var code = await _app.CodeOfAsync(view.SessionId, participantId);

        var verified = await _app.Join.VerifyAsync(JoinTestApp.Invite(token), new VerifyInput(" " + code + " "), CancellationToken.None);

        var access = verified.Value!;
        Assert.Equal(Now.AddHours(12), access.ExpiresAt);
        var stored = await _app.ParticipantAsync(view.SessionId, participantId);
        Assert.Equal(new AccessGrant(TokenFactory.Hash(access.AccessToken), Now.AddHours(12), EntryMethod.Otp), Assert.Single(stored.AccessTokens));
        var rows = await _app.Storage.RowsAsync(OtpSessions.Infrastructure.Storage.TableNames.Sessions, view.SessionId);
        Assert.DoesNotContain(rows, r => ((IDictionary<string, object>)r).Values.OfType<string>().Any(v => v.Contains(access.AccessToken, StringComparison.Ordinal)));
        Assert.Equal(ParticipantStatus.Authenticated, stored.Status);
        Assert.Null(stored.OtpState.CodeId);
        Assert.Equal(participantId, (await _app.Join.MeAsync("Bearer " + access.AccessToken, CancellationToken.None))!.Participant.ParticipantId);
        Assert.Null(await _app.Join.MeAsync("Basic " + access.AccessToken, CancellationToken.None));
        Assert.DoesNotContain(access.AccessToken, access.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_the_session_stops_the_access_token_and_the_invite_link()
    {
        var (view, token, _) = await _app.StartAsync();
        await _app.Join.RequestOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);
        var access = (await _app.Join.VerifyAsync(JoinTestApp.Invite(token),
            new VerifyInput(await _app.CodeOfAsync(view.SessionId, view.Participants[0].ParticipantId)), CancellationToken.None)).Value!;

        var agent = SessionTestApp.Agent(view.AgentId);
        Assert.True((await _app.Sessions.Service.CloseAsync(agent, view.SessionId, CancellationToken.None)).IsSuccess);

        Assert.Equal(LinkCheck.Invalid, await _app.Sessions.CheckAsync(token));
        Assert.Null(await _app.Join.MeAsync("Bearer " + access.AccessToken, CancellationToken.None));
        Assert.False(await _app.Join.SignOutAsync("Bearer " + access.AccessToken, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_link_replaces_an_expired_one_and_is_queued_for_the_invite_address()
    {
        var (view, token, _) = await _app.StartAsync();
        var participantId = view.Participants[0].ParticipantId;
        await _app.Sessions.DrainInvitationsAsync();
        Assert.Equal(JoinErrorCodes.LinkInvalid, (await _app.Join.RequestNewLinkAsync(JoinTestApp.Invite(token), CancellationToken.None)).Failure?.Code);
        _app.Sessions.Time.Advance(TimeSpan.FromDays(7));

        Assert.Equal(JoinErrorCodes.LinkExpired, (await _app.Join.OpenAsync(JoinTestApp.Invite(token), CancellationToken.None)).Failure?.Code);
        var renewed = await _app.Join.RequestNewLinkAsync(JoinTestApp.Invite(token), CancellationToken.None);

        Assert.True(renewed.IsSuccess);
        var stored = await _app.ParticipantAsync(view.SessionId, participantId);
        Assert.Equal(Now.AddDays(7), stored.Invitation.LinkExpiresAt);
        Assert.Equal(DeliveryStatus.Queued, stored.Invitation.Status);
        var queued = (await _app.Sessions.DrainInvitationsAsync()).Where(m => m.SessionId == view.SessionId).ToList();
        Assert.Equal(participantId, Assert.Single(queued).ParticipantId);
        Assert.Equal(JoinErrorCodes.LinkInvalid, (await _app.Join.OpenAsync(JoinTestApp.Invite(token), CancellationToken.None)).Failure?.Code);
        Assert.True((await _app.Join.OpenAsync(JoinTestApp.Invite(_app.Sessions.InviteTokenOf(stored)), CancellationToken.None)).IsSuccess);
        var audit = (await storage.RowsAsync(TableNames.Sessions, view.SessionId)).Single(r => r.GetString("Action") == JoinAuditActions.LinkRenewed);
        Assert.Equal(participantId, audit.GetString("ActorId"));
    }

    [Fact]
    public async Task Opening_twice_marks_opened_once()
    {
        var (view, token, _) = await _app.StartAsync();

        var first = await _app.Join.OpenAsync(JoinTestApp.Invite(token), CancellationToken.None);
        _app.Sessions.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await _app.Join.OpenAsync(JoinTestApp.Invite(token), CancellationToken.None);

        Assert.Equal(ParticipantStatus.Opened, first.Value!.Participant.Status);
        Assert.Equal(ParticipantStatus.Opened, second.Value!.Participant.Status);
        Assert.Equal(Now.AddMinutes(-1), (await _app.ParticipantAsync(view.SessionId, view.Participants[0].ParticipantId)).OpenedAt);
        Assert.Single(await storage.RowsAsync(TableNames.Sessions, view.SessionId), r => r.GetString("Type") == EventTypes.ParticipantOpened);
    }

    [Fact]
    public async Task The_agent_view_audits_each_view_in_the_same_transaction_as_its_event()
    {
        var agent = SessionTestApp.Agent();
        var view = await _app.Sessions.StartAsync(agent, SessionTestApp.ManualPrimary());
        var participantId = view.Participants[0].ParticipantId;
        var token = _app.Sessions.InviteTokenOf(await _app.ParticipantAsync(view.SessionId, participantId));
        Assert.Equal("otp_not_available", (await _app.AgentView.ViewAsync(agent, view.SessionId, participantId, CancellationToken.None)).Failure?.Code);
        await _app.Join.RequestOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);

        var first = await _app.AgentView.ViewAsync(agent, view.SessionId, participantId, CancellationToken.None);
        var second = await _app.AgentView.ViewAsync(agent, view.SessionId, participantId, CancellationToken.None);

        Assert.Equal(await _app.CodeOfAsync(view.SessionId, participantId), first.Value!.Code);
        Assert.Equal(first.Value, second.Value);
        var rows = await storage.RowsAsync(TableNames.Sessions, view.SessionId);
        Assert.Equal(2, rows.Count(r => r.GetString("Action") == JoinAuditActions.OtpViewed));
        Assert.Equal(2, rows.Count(r => r.GetString("Type") == EventTypes.OtpViewed));
        Assert.Equal("session_not_found",
            (await _app.AgentView.ViewAsync(SessionTestApp.Agent(), view.SessionId, participantId, CancellationToken.None)).Failure?.Code);
    }
}
