using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Infrastructure.Tests.Join;

/// <summary>The participant row's OTP columns (issue 5) survive a write and a read, and a stale ETag still loses.</summary>
[Collection(StorageCollection.Name)]
public sealed class OtpColumnsTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage);

    [Fact]
    public async Task The_code_its_send_counts_and_the_otp_page_time_load_back_unchanged()
    {
        var now = _app.Time.GetUtcNow();
        var session = new Session
        {
            SessionId = SessionIds.NewSessionId(),
            AgentId = "agent-7",
            Status = SessionStatus.Active,
            CreatedAt = now,
            ExpiresAt = now.AddDays(30),
            Policy = new OtpPolicy(),
            ParticipantCount = 1,
        };
        var link = new InvitationState(SessionIds.NewInvitationId(), now, now.AddDays(7), "hash-" + Guid.NewGuid());
        var participant = new Participant
        {
            ParticipantId = SessionIds.NewParticipantId(),
            SessionId = session.SessionId,
            Role = ParticipantRole.Primary,
            Name = "Dana Cole",
            Invite = new Contact(Channel.Email, "dana@example.com"),
            Otp = new Contact(Channel.Sms, "+14155550100"),
            Status = ParticipantStatus.AwaitingOtp,
            CreatedAt = now,
            Invitation = link with { Delivery = link.Delivery.Accepted("msg-1", now) },
            OtpState = new OtpState
            {
                OtpRequestedAt = now.AddMinutes(1),
                CodeId = "c_0123",
                ExpiresAt = now.AddMinutes(11),
                ProtectedCode = "v1.sealed",
                IssuedAt = now.AddMinutes(1),
                CodeSends = 2,
                CodeSendsAccepted = 1,
                RecentSends = [now.AddMinutes(1), now.AddMinutes(2)],
                FailedAttempts = 2,
            },
            OtpDelivery = new Delivery(DeliveryKindNames.Code, DeliveryStatus.Queued),
        };
        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt).Put(session).Put(participant)
            .Emit(EventTypes.OtpRequested, now, new { session.SessionId }), CancellationToken.None);

        var loaded = (await _app.ParticipantAsync(session.SessionId, participant.ParticipantId)).Participant;

        Assert.Equal(participant.OtpState with { RecentSends = loaded.OtpState.RecentSends }, loaded.OtpState);
        Assert.Equal(("c_0123", now.AddMinutes(11)), (loaded.OtpState.CodeId, loaded.OtpState.ExpiresAt!.Value));
        Assert.Equal("v1.sealed", loaded.OtpState.ProtectedCode);
        Assert.Equal((now.AddMinutes(1), 2, 1), (loaded.OtpState.IssuedAt!.Value, loaded.OtpState.CodeSends, loaded.OtpState.CodeSendsAccepted));
        Assert.Equal(participant.OtpState.OtpRequestedAt, loaded.OtpState.OtpRequestedAt);
        Assert.Equal(participant.OtpState.RecentSends, loaded.OtpState.RecentSends);
        Assert.Equal(2, loaded.OtpState.FailedAttempts);

        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt).Put(loaded with { OtpState = loaded.OtpState with { FailedAttempts = 3 } }), CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Sessions.CommitAsync(
            new SessionChange(session.SessionId, session.ExpiresAt).Put(loaded with { OtpState = loaded.OtpState with { FailedAttempts = 4 } }), CancellationToken.None));
        Assert.Equal(3, (await _app.ParticipantAsync(session.SessionId, participant.ParticipantId)).Participant.OtpState.FailedAttempts);
    }
}
