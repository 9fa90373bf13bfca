using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
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
            Invitation = new InvitationState(SessionIds.NewInvitationId(), 1, InvitationStatus.Sent, now, now.AddDays(7), "hash-" + Guid.NewGuid()),
            OtpRequestedAt = now.AddMinutes(1),
            CurrentCode = new OtpCodeRef("c_0123", now.AddMinutes(11))
            {
                ProtectedCode = "v1.sealed",
                IssuedAt = now.AddMinutes(1),
                Sends = 2,
                SendsAccepted = 1,
            },
            OtpSendTimes = [now.AddMinutes(1), now.AddMinutes(2)],
            OtpDelivery = new DeliveryState<OtpDeliveryStatus>(OtpDeliveryStatus.Queued),
            FailedAttempts = 2,
        };
        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt).Put(session).Put(participant)
            .Emit(EventTypes.OtpRequested, now, new { session.SessionId }), CancellationToken.None);

        var loaded = (await _app.ParticipantAsync(session.SessionId, participant.ParticipantId)).Participant;

        Assert.Equal(participant.CurrentCode, loaded.CurrentCode);
        Assert.Equal("v1.sealed", loaded.CurrentCode!.ProtectedCode);
        Assert.Equal((now.AddMinutes(1), 2, 1), (loaded.CurrentCode.IssuedAt!.Value, loaded.CurrentCode.Sends, loaded.CurrentCode.SendsAccepted));
        Assert.Equal(participant.OtpRequestedAt, loaded.OtpRequestedAt);
        Assert.Equal(participant.OtpSendTimes, loaded.OtpSendTimes);
        Assert.Equal(2, loaded.FailedAttempts);

        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt).Put(loaded with { FailedAttempts = 3 }), CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Sessions.CommitAsync(
            new SessionChange(session.SessionId, session.ExpiresAt).Put(loaded with { FailedAttempts = 4 }), CancellationToken.None));
        Assert.Equal(3, (await _app.ParticipantAsync(session.SessionId, participant.ParticipantId)).Participant.FailedAttempts);
    }
}
