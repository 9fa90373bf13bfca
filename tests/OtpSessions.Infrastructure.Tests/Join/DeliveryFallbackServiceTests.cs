using Moq;
using OtpSessions.Core.Join;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Infrastructure.Tests.Join;

/// <summary>An SMS the provider refuses for good falls back to the participant's email at once (Azurite, Moq senders).</summary>
[Collection(StorageCollection.Name)]
public sealed class DeliveryFallbackServiceTests(StorageFixture storage)
{
    private readonly JoinTestApp _app = new(storage);

    private List<EmailMessage> RefuseSmsAndCaptureEmail()
    {
        _app.Sessions.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(SendResult.Failure("Invalid To phone number format.", retryable: false));
        var sent = new List<EmailMessage>();
        _app.Sessions.Email.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .Callback((EmailMessage m, CancellationToken _) => sent.Add(m))
            .ReturnsAsync(() => SendResult.Success("email-" + Guid.NewGuid()));
        return sent;
    }

    [Fact]
    public async Task A_refused_invite_sms_sends_the_same_link_once_by_email_to_the_otp_address()
    {
        var view = await _app.Sessions.StartAsync(SessionTestApp.Agent());
        var cosigner = view.Participants[1];
        var message = (await _app.Sessions.DrainInvitationsAsync()).Single(m => m.ParticipantId == cosigner.ParticipantId);
        var sent = RefuseSmsAndCaptureEmail();

        var result = await _app.Sessions.Invitations.SendAsync(message, CancellationToken.None);
        var again = await _app.Sessions.Invitations.SendAsync(message, CancellationToken.None);

        Assert.Equal(InvitationSendStatus.Sent, result.Status);
        Assert.Equal(InvitationSendStatus.Skipped, again.Status);
        var email = Assert.Single(sent);
        var stored = (await _app.Sessions.ParticipantAsync(view.SessionId, cosigner.ParticipantId)).Participant;
        Assert.Equal("lee@example.com", email.To);
        Assert.Contains(SessionTestApp.BaseUrl + "/join#" + _app.Sessions.InviteTokenOf(stored), email.Content.PlainText, StringComparison.Ordinal);
        Assert.Equal(stored.Invitation.IdempotencyId + ":fallback-email", email.IdempotencyId);
        Assert.Equal((InvitationStatus.Sent, true), (stored.Invitation.Status, stored.Invitation.Fallback));
    }

    [Fact]
    public async Task A_refused_code_sms_sends_the_same_code_once_by_email_to_the_invite_address()
    {
        var (view, token, _) = await _app.StartAsync();
        await _app.Join.RequestOtpAsync(token, CancellationToken.None);
        var message = JoinTestApp.Parse(Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId)));
        var code = await _app.CodeOfAsync(view.SessionId, message.ParticipantId);
        var sent = RefuseSmsAndCaptureEmail();

        var result = await _app.Deliveries.SendAsync(message, CancellationToken.None);
        var again = await _app.Deliveries.SendAsync(message, CancellationToken.None);

        Assert.Equal(OtpSendStatus.Sent, result.Status);
        Assert.Equal(OtpSendStatus.Skipped, again.Status);
        var email = Assert.Single(sent);
        Assert.Equal("dana@example.com", email.To);
        Assert.Contains(code, email.Content.PlainText, StringComparison.Ordinal);
        Assert.Equal($"code:{message.CodeId}:1:fallback-email", email.IdempotencyId);
        var stored = await _app.ParticipantAsync(view.SessionId, message.ParticipantId);
        Assert.Equal(OtpDeliveryStatus.Sent, stored.OtpDelivery.Status);
        Assert.Equal((1, 1), (stored.CurrentCode!.SendsAccepted, stored.CurrentCode.FallbackSend));
    }
}
