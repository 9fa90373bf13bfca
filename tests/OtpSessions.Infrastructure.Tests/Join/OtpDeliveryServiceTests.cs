using Moq;
using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Join;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Infrastructure.Tests.Join;

/// <summary>The <c>otp-deliveries</c> queue work against a real Azurite, with Moq senders.</summary>
[Collection(StorageCollection.Name)]
public sealed class OtpDeliveryServiceTests(StorageFixture storage)
{
    private readonly JoinTestApp _app = new(storage);

    /// <summary>A session whose primary (SMS OTP) reached the OTP page: its message, and the code in clear.</summary>
    private async Task<(SessionView View, string Token, DeliveryMessage Message, string Code)> ArrivedAsync()
    {
        var (view, token, _) = await _app.StartAsync();
        await _app.Join.RequestOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);
        var message = JoinTestApp.Parse(Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId)));
        return (view, token, message, await _app.CodeOfAsync(view.SessionId, message.ParticipantId));
    }

    private List<SmsMessage> CaptureSms(string providerId = "sms-1")
    {
        var sent = new List<SmsMessage>();
        _app.Sessions.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .Callback((SmsMessage m, CancellationToken _) => sent.Add(m))
            .ReturnsAsync(() => SendResult.Success(providerId + "-" + Guid.NewGuid()));
        return sent;
    }

    [Fact]
    public async Task The_code_goes_by_sms_to_the_otp_phone_and_is_recorded_as_sent_with_a_delivery_row()
    {
        var (view, _, message, code) = await ArrivedAsync();
        var sent = CaptureSms();

        var result = await _app.Deliveries.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Sent, result.Status);
        var sms = Assert.Single(sent);
        Assert.Equal("+14155550100", sms.To);
        Assert.StartsWith(code + " is your Contoso Bank", sms.Text, StringComparison.Ordinal);
        Assert.Equal($"code:{message.Item}:1", sms.IdempotencyId);
        Assert.DoesNotContain(code, result.Why, StringComparison.Ordinal);
        var stored = await _app.ParticipantAsync(view.SessionId, message.ParticipantId);
        Assert.Equal(DeliveryStatus.Sent, stored.OtpDelivery.Status);
        Assert.Equal(1, stored.OtpState.CodeSendsAccepted);
        // The SMS names its send in its tag (ACS echoes it in the delivery report): no deliveries row is written for it.
        Assert.Equal($"{view.SessionId}/{message.ParticipantId}/code:{message.Item}:1", sms.Tag);
        Assert.Null(await _app.Sessions.Deliveries.FindAsync(stored.OtpDelivery.ProviderMessageId!, CancellationToken.None));
        var outbox = (await storage.RowsAsync(TableNames.Sessions, view.SessionId)).Single(r => r.GetString("Type") == EventTypes.OtpSent);
        Assert.Null(EventDataGuard.FindViolation(outbox.GetString("Data")));
        Assert.DoesNotContain(code, outbox.GetString("Data"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_entered_before_its_accepted_send_is_recorded_is_still_recorded_as_sent()
    {
        var (view, token, message, code) = await ArrivedAsync();
        _app.Sessions.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .Returns(async (SmsMessage _, CancellationToken ct) =>
            {
                // The customer reads the SMS and enters the code before the worker has recorded the accepted send.
                var verified = await _app.Join.VerifyAsync(JoinTestApp.Invite(token), new VerifyInput(code), ct);
                Assert.True(verified.IsSuccess);
                return SendResult.Success("sms-" + Guid.NewGuid());
            });

        var result = await _app.Deliveries.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Sent, result.Status);
        var stored = await _app.ParticipantAsync(view.SessionId, message.ParticipantId);
        Assert.Equal((ParticipantStatus.Authenticated, DeliveryStatus.Sent), (stored.Status, stored.OtpDelivery.Status));
        Assert.Null(stored.OtpState.CodeId);
    }

    /// <summary>Found by the fault harness: the resend was skipped once the code was used, and the delivery stayed queued.</summary>
    [Fact]
    public async Task A_code_entered_while_its_resend_is_still_queued_leaves_the_delivery_sent_not_queued()
    {
        var (view, token, message, code) = await ArrivedAsync();
        CaptureSms();
        await _app.Deliveries.SendAsync(message, CancellationToken.None);
        _app.Sessions.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await _app.Join.ResendOtpAsync(JoinTestApp.Invite(token), CancellationToken.None)).IsSuccess);
        var resend = JoinTestApp.Parse(Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId)));

        Assert.True((await _app.Join.VerifyAsync(JoinTestApp.Invite(token), new VerifyInput(code), CancellationToken.None)).IsSuccess);
        var late = await _app.Deliveries.SendAsync(resend, CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Skipped, late.Status);
        var stored = await _app.ParticipantAsync(view.SessionId, message.ParticipantId);
        Assert.Equal((ParticipantStatus.Authenticated, DeliveryStatus.Sent), (stored.Status, stored.OtpDelivery.Status));
    }

    [Fact]
    public async Task The_cosigner_gets_the_code_by_email()
    {
        var (view, _, cosignerToken) = await _app.StartAsync();
        await _app.Join.RequestOtpAsync(JoinTestApp.Invite(cosignerToken), CancellationToken.None);
        var message = JoinTestApp.Parse(Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId)));
        EmailMessage? sent = null;
        _app.Sessions.Email.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .Callback((EmailMessage m, CancellationToken _) => sent = m).ReturnsAsync(SendResult.Success("email-op-" + Guid.NewGuid()));

        await _app.Deliveries.SendAsync(message, CancellationToken.None);

        Assert.Equal("lee@example.com", sent!.To);
        Assert.Contains(await _app.CodeOfAsync(view.SessionId, message.ParticipantId), sent.Content.PlainText, StringComparison.Ordinal);
        _app.Sessions.Sms.Verify(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_message_processed_twice_sends_once_and_a_resend_is_a_new_send_of_the_same_code()
    {
        var (view, token, message, code) = await ArrivedAsync();
        var sent = CaptureSms();
        await _app.Deliveries.SendAsync(message, CancellationToken.None);

        var again = await _app.Deliveries.SendAsync(message, CancellationToken.None);
        _app.Sessions.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await _app.Join.ResendOtpAsync(JoinTestApp.Invite(token), CancellationToken.None)).IsSuccess);
        var resend = JoinTestApp.Parse(Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId)));
        await _app.Deliveries.SendAsync(resend, CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Skipped, again.Status);
        Assert.Equal(message.Item, resend.Item);
        Assert.Equal([$"code:{message.Item}:1", $"code:{message.Item}:2"], sent.Select(s => s.IdempotencyId));
        Assert.All(sent, s => Assert.StartsWith(code, s.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_for_a_replaced_code_a_reassigned_participant_or_a_closed_session_sends_nothing()
    {
        var sent = CaptureSms();
        var (view, _, message, _) = await ArrivedAsync();

        var stale = await _app.Deliveries.SendAsync(message with { Item = "c_" + new string('0', 32) }, CancellationToken.None);
        var agent = SessionTestApp.Agent(view.AgentId);
        await _app.Sessions.Service.ReassignAsync(agent, view.SessionId, message.ParticipantId,
            new ReplacementInput("Pat Doe", new ContactInput(Channel.Email, "pat@example.com"), null), CancellationToken.None);
        var reassigned = await _app.Deliveries.SendAsync(message, CancellationToken.None);
        var (other, _, otherMessage, _) = await ArrivedAsync();
        await _app.Sessions.Service.CloseAsync(SessionTestApp.Agent(other.AgentId), other.SessionId, CancellationToken.None);
        var closed = await _app.Deliveries.SendAsync(otherMessage, CancellationToken.None);
        var malformed = await _app.Deliveries.SendAsync(message with { SessionId = "nope" }, CancellationToken.None);

        Assert.Equal((DeliveryWorkStatus.Skipped, "superseded by a newer code"), (stale.Status, stale.Why));
        Assert.Equal((DeliveryWorkStatus.Skipped, "participant is reassigned"), (reassigned.Status, reassigned.Why));
        Assert.Equal((DeliveryWorkStatus.Skipped, "session is closed"), (closed.Status, closed.Why));
        Assert.Equal(DeliveryWorkStatus.Skipped, malformed.Status);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task An_expired_code_is_not_sent()
    {
        var sent = CaptureSms();
        var (_, _, message, _) = await ArrivedAsync();
        _app.Sessions.Time.Advance(TimeSpan.FromMinutes(10));

        var result = await _app.Deliveries.SendAsync(message, CancellationToken.None);

        Assert.Equal((DeliveryWorkStatus.Skipped, "code expired"), (result.Status, result.Why));
        Assert.Empty(sent);
    }

    [Fact]
    public async Task A_retryable_failure_throws_for_the_host_to_retry_and_the_poison_message_marks_the_delivery_failed()
    {
        var (view, _, message, _) = await ArrivedAsync();
        _app.Sessions.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(SendResult.Failure("HTTP 503", retryable: true));

        await Assert.ThrowsAsync<TransientSendException>(() => _app.Deliveries.SendAsync(message, CancellationToken.None));
        Assert.Equal(DeliveryStatus.Queued, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.Status);
        var poisoned = await _app.Deliveries.MarkUndeliverableAsync(message, CancellationToken.None);
        var twice = await _app.Deliveries.MarkUndeliverableAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Failed, poisoned.Status);
        Assert.Equal(DeliveryWorkStatus.Skipped, twice.Status);
        Assert.Equal(DeliveryStatus.Failed, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.Status);
        var failed = (await storage.RowsAsync(TableNames.Sessions, view.SessionId)).Single(r => r.GetString("Type") == EventTypes.OtpDeliveryFailed);
        Assert.Contains("retries_exhausted", failed.GetString("Data"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_send_is_failed_at_once_and_a_later_accepted_send_is_not_undone_by_the_poison_queue()
    {
        var (view, token, message, _) = await ArrivedAsync();
        _app.Sessions.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(SendResult.Failure("invalid number", retryable: false));

        var rejected = await _app.Deliveries.SendAsync(message, CancellationToken.None);
        Assert.Equal(DeliveryWorkStatus.Failed, rejected.Status);
        Assert.Equal(DeliveryStatus.Failed, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.Status);
        // Never to the other address: the invite link is there.
        _app.Sessions.Email.Verify(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.True(await _app.AgentView.ViewAsync(SessionTestApp.Agent(view.AgentId), view.SessionId, message.ParticipantId, CancellationToken.None)
            is { IsSuccess: true });

        CaptureSms();
        _app.Sessions.Time.Advance(TimeSpan.FromSeconds(30));
        await _app.Join.ResendOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);
        var resend = JoinTestApp.Parse(Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId)));
        Assert.Equal(DeliveryWorkStatus.Sent, (await _app.Deliveries.SendAsync(resend, CancellationToken.None)).Status);
        Assert.Equal(DeliveryWorkStatus.Skipped, (await _app.Deliveries.MarkUndeliverableAsync(message, CancellationToken.None)).Status);
        Assert.Equal(DeliveryStatus.Sent, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.Status);
    }

    [Fact]
    public async Task A_delivery_report_for_the_code_marks_it_delivered()
    {
        var (view, _, message, _) = await ArrivedAsync();
        var sent = CaptureSms("sms-report");
        await _app.Deliveries.SendAsync(message, CancellationToken.None);
        var providerId = (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.ProviderMessageId!;

        await _app.Sessions.Sink.ApplyAsync(new DeliveryReport(providerId, "sms", DeliveryReportStatus.Delivered, sent[0].Tag, _app.Sessions.Time.GetUtcNow(), null),
            CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.Status);
    }

    [Fact]
    public async Task A_late_failed_report_for_an_earlier_send_does_not_mark_the_later_send_failed()
    {
        var (view, token, message, _) = await ArrivedAsync();
        var sent = CaptureSms("sms-first");
        await _app.Deliveries.SendAsync(message, CancellationToken.None);
        var firstId = (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.ProviderMessageId!;
        _app.Sessions.Time.Advance(TimeSpan.FromSeconds(30));
        await _app.Join.ResendOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);
        var second = CaptureSms("sms-second");
        await _app.Deliveries.SendAsync(JoinTestApp.Parse(Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId))), CancellationToken.None);
        var secondId = (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.ProviderMessageId!;

        await _app.Sessions.Sink.ApplyAsync(new DeliveryReport(firstId, "sms", DeliveryReportStatus.Failed, sent[0].Tag, _app.Sessions.Time.GetUtcNow(), "x"),
            CancellationToken.None);
        Assert.Equal(DeliveryStatus.Sent, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.Status);
        await _app.Sessions.Sink.ApplyAsync(new DeliveryReport(secondId, "sms", DeliveryReportStatus.Delivered, second[^1].Tag, _app.Sessions.Time.GetUtcNow(), null),
            CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).OtpDelivery.Status);
        Assert.DoesNotContain(await storage.RowsAsync(TableNames.Sessions, view.SessionId), r => r.GetString("Type") == EventTypes.OtpDeliveryFailed);
    }
}
