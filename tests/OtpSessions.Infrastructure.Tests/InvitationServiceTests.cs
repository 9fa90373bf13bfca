using Moq;
using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Infrastructure.Tests;

[Collection(StorageCollection.Name)]
public sealed class InvitationServiceTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage);

    private async Task<(SessionView View, List<DeliveryMessage> Messages)> StartAsync()
    {
        var view = await _app.StartAsync(SessionTestApp.Agent());
        var messages = (await _app.DrainInvitationsAsync()).Where(m => m.SessionId == view.SessionId).ToList();
        return (view, messages);
    }

    [Fact]
    public async Task The_email_invitation_carries_the_link_whose_token_hash_is_stored_and_is_recorded_as_sent()
    {
        var (view, messages) = await StartAsync();
        var primary = view.Participants[0];
        EmailMessage? sent = null;
        _app.Email.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .Callback((EmailMessage m, CancellationToken _) => sent = m)
            .ReturnsAsync(SendResult.Success("email-op-1-" + view.SessionId));

        var result = await _app.Delivery.SendAsync(messages.Single(m => m.ParticipantId == primary.ParticipantId), CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Sent, result.Status);
        Assert.NotNull(sent);
        Assert.Equal("dana@example.com", sent.To);
        var link = System.Text.RegularExpressions.Regex.Match(sent.Content.PlainText, @"https://web\.example/join#([A-Za-z0-9_-]+)");
        Assert.True(link.Success);
        Assert.True(TokenFactory.TryReadHolder(link.Groups[1].Value, out _, out var holder));
        Assert.Equal(primary.ParticipantId, holder);
        Assert.Equal(OtpSessions.Core.Join.LinkCheck.Valid, await _app.CheckAsync(link.Groups[1].Value));

        var stored = (await _app.ParticipantAsync(view.SessionId, primary.ParticipantId)).Participant;
        Assert.Equal(DeliveryStatus.Sent, stored.Invitation.Status);
        Assert.Equal(_app.Time.GetUtcNow(), stored.Invitation.SentAt);
        Assert.Equal("email-op-1-" + view.SessionId, stored.Invitation.Delivery.ProviderMessageId);
        Assert.Equal(stored.Invitation.SendId, sent.IdempotencyId);
        var delivery = await _app.Deliveries.FindAsync("email-op-1-" + view.SessionId, CancellationToken.None);
        Assert.Equal((view.SessionId, primary.ParticipantId, stored.Invitation.SendId), (delivery!.SessionId, delivery.ParticipantId, delivery.SendId));
        var outbox = (await storage.RowsAsync(TableNames.Sessions, view.SessionId)).Single(r => r.GetString("Type") == EventTypes.InvitationSent);
        Assert.Null(EventDataGuard.FindViolation(outbox.GetString("Data")));
    }

    [Fact]
    public async Task The_sms_invitation_goes_to_the_cosigner_phone_with_its_first_request_time()
    {
        var (view, messages) = await StartAsync();
        var cosigner = view.Participants[1];
        SmsMessage? sent = null;
        _app.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .Callback((SmsMessage m, CancellationToken _) => sent = m).ReturnsAsync(SendResult.Success("sms-1-" + view.SessionId));

        await _app.Delivery.SendAsync(messages.Single(m => m.ParticipantId == cosigner.ParticipantId), CancellationToken.None);

        Assert.Equal("+14155550101", sent!.To);
        Assert.Contains("https://web.example/join#", sent.Text, StringComparison.Ordinal);
        Assert.Equal(view.CreatedAt, sent.FirstSentAt);
    }

    [Fact]
    public async Task A_message_processed_twice_sends_once()
    {
        var (view, messages) = await StartAsync();
        var message = messages.Single(m => m.ParticipantId == view.Participants[1].ParticipantId);

        await _app.Delivery.SendAsync(message, CancellationToken.None);
        var second = await _app.Delivery.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Skipped, second.Status);
        _app.Sms.Verify(s => s.SendAsync(It.Is<SmsMessage>(m => m.To == "+14155550101"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_message_for_a_reassigned_participant_or_a_closed_session_completes_without_sending()
    {
        var agent = SessionTestApp.Agent();
        var view = await _app.StartAsync(agent);
        var messages = (await _app.DrainInvitationsAsync()).Where(m => m.SessionId == view.SessionId).ToList();
        await _app.Service.ReassignAsync(agent, view.SessionId, view.Participants[0].ParticipantId,
            new ReplacementInput("Pat", new ContactInput(Channel.Sms, "+14155550199"), null), CancellationToken.None);

        var reassigned = await _app.Delivery.SendAsync(messages.Single(m => m.ParticipantId == view.Participants[0].ParticipantId), CancellationToken.None);
        await _app.Service.CloseAsync(agent, view.SessionId, CancellationToken.None);
        var closed = await _app.Delivery.SendAsync(messages.Single(m => m.ParticipantId == view.Participants[1].ParticipantId), CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Skipped, reassigned.Status);
        Assert.Equal(DeliveryWorkStatus.Skipped, closed.Status);
        _app.Email.VerifyNoOtherCalls();
        _app.Sms.VerifyNoOtherCalls();
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task A_message_that_arrives_after_the_link_expired_sends_nothing()
    {
        var (view, messages) = await StartAsync();

        _app.Time.Advance(TimeSpan.FromDays(7));
        var result = await _app.Delivery.SendAsync(messages[0], CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Skipped, result.Status);
        _app.Email.VerifyNoOtherCalls();
        _app.Sms.VerifyNoOtherCalls();
        Assert.Equal(DeliveryStatus.Queued, (await _app.ParticipantAsync(view.SessionId, messages[0].ParticipantId)).Participant.Invitation.Status);
    }

    [Fact]
    public async Task A_refused_send_marks_the_invitation_failed_and_a_transient_one_is_retried()
    {
        var (view, messages) = await StartAsync();
        var message = messages.Single(m => m.ParticipantId == view.Participants[1].ParticipantId);
        _app.Sms.SetupSequence(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(SendResult.Failure("throttled", retryable: true))
            .ReturnsAsync(SendResult.Failure("invalid number", retryable: false));

        await Assert.ThrowsAsync<TransientSendException>(() => _app.Delivery.SendAsync(message, CancellationToken.None));
        Assert.Equal(DeliveryStatus.Queued, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).Participant.Invitation.Status);
        var result = await _app.Delivery.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Failed, result.Status);
        Assert.Equal(DeliveryStatus.Failed, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).Participant.Invitation.Status);
        var failed = Assert.Single(await storage.RowsAsync(TableNames.Sessions, view.SessionId), r => r.GetString("Type") == EventTypes.InvitationFailed);
        Assert.DoesNotContain("invalid", failed.GetString("Data"), StringComparison.Ordinal);
        // Never to the cosigner's other address (its codes go there).
        _app.Email.Verify(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_poisoned_message_marks_the_pending_invitation_failed()
    {
        var (view, messages) = await StartAsync();
        var message = messages[0];

        var result = await _app.Delivery.MarkUndeliverableAsync(message, CancellationToken.None);
        var again = await _app.Delivery.MarkUndeliverableAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Failed, result.Status);
        Assert.Equal(DeliveryWorkStatus.Skipped, again.Status);
        Assert.Equal(DeliveryStatus.Failed, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).Participant.Invitation.Status);
    }

    [Fact]
    public async Task Malformed_messages_are_skipped()
    {
        Assert.Equal(DeliveryWorkStatus.Skipped, (await _app.Delivery.SendAsync(null, CancellationToken.None)).Status);
        Assert.Equal(DeliveryWorkStatus.Skipped,
            (await _app.Delivery.SendAsync(SessionTestApp.InvitationMessage("x", "y", 1), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_delivery_report_marks_the_invitation_delivered_once()
    {
        var (view, messages) = await StartAsync();
        var message = messages.Single(m => m.ParticipantId == view.Participants[1].ParticipantId);
        var providerId = "sms-report-" + view.SessionId;
        SmsMessage? sent = null;
        _app.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .Callback((SmsMessage m, CancellationToken _) => sent = m).ReturnsAsync(SendResult.Success(providerId));
        await _app.Delivery.SendAsync(message, CancellationToken.None);
        // ACS echoes the send's tag in the report: it names the participant and the attempt (no deliveries row is needed).
        Assert.Null(await _app.Deliveries.FindAsync(providerId, CancellationToken.None));
        var report = new DeliveryReport(providerId, MessageChannels.Sms, DeliveryReportStatus.Delivered, sent!.Tag, _app.Time.GetUtcNow(), null);

        await _app.Sink.ApplyAsync(report with { Tag = null }, CancellationToken.None);
        Assert.Equal(DeliveryStatus.Sent, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).Participant.Invitation.Status);
        await _app.Sink.ApplyAsync(report, CancellationToken.None);
        await _app.Sink.ApplyAsync(report with { Status = DeliveryReportStatus.Failed }, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).Participant.Invitation.Status);
    }

    [Fact]
    public async Task A_failed_delivery_report_marks_the_invitation_failed_with_an_event()
    {
        var (view, messages) = await StartAsync();
        var message = messages.Single(m => m.ParticipantId == view.Participants[0].ParticipantId);
        var providerId = "email-report-" + view.SessionId;
        _app.Email.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(SendResult.Success(providerId));
        await _app.Delivery.SendAsync(message, CancellationToken.None);

        await _app.Sink.ApplyAsync(new DeliveryReport(providerId, MessageChannels.Email, DeliveryReportStatus.Failed, null, _app.Time.GetUtcNow(), "bounced"),
            CancellationToken.None);

        Assert.Equal(DeliveryStatus.Failed, (await _app.ParticipantAsync(view.SessionId, message.ParticipantId)).Participant.Invitation.Status);
        Assert.Single(await storage.RowsAsync(TableNames.Sessions, view.SessionId), r => r.GetString("Type") == EventTypes.InvitationFailed);
    }

    [Fact]
    public async Task An_sms_invitation_costs_one_read_and_one_commit()
    {
        var (view, messages) = await StartAsync();
        var cosigner = view.Participants[1];
        _app.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(SendResult.Success("sms-2-" + view.SessionId));
        storage.Counter.Reset();

        var result = await _app.Delivery.SendAsync(messages.Single(m => m.ParticipantId == cosigner.ParticipantId), CancellationToken.None);

        Assert.Equal(DeliveryWorkStatus.Sent, result.Status);
        // The participant read (the snapshot it sent from is the one it records on) and the commit; an SMS needs no
        // deliveries row (its tag names the send).
        Assert.Equal(2, storage.Counter.Total);
        Assert.Equal(DeliveryStatus.Sent, (await _app.ParticipantAsync(view.SessionId, cosigner.ParticipantId)).Participant.Invitation.Status);
    }
}
