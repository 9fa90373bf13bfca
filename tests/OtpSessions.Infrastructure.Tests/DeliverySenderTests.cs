using Moq;
using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// The one way every delivery kind sends (<see cref="DeliverySender"/>), on the real <c>deliveries</c> table: the channel
/// picks the sender and the template, an SMS carries its tag and writes no row, an accepted email writes the row its report
/// is found by, and only a failure no retry can change comes back (a retryable one throws, for the host to retry).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class DeliverySenderTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage);

    private OutgoingDelivery To(Contact to, string sendId) => new(
        "s_" + Guid.NewGuid().ToString("N")[..20], "p_" + Guid.NewGuid().ToString("N")[..20], sendId, 1, to, "Dana Cole",
        _app.Time.GetUtcNow().AddMinutes(-1), _app.Time.GetUtcNow().AddDays(30),
        () => "the sms text",
        () => new EmailContent("subject", "plain", "<p>html</p>"));

    [Fact]
    public async Task An_sms_carries_its_send_in_its_tag_renders_no_email_and_writes_no_delivery_row()
    {
        SmsMessage? sent = null;
        _app.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .Callback((SmsMessage m, CancellationToken _) => sent = m)
            .ReturnsAsync(SendResult.Success("sms-" + Guid.NewGuid()));
        var delivery = To(new Contact(Channel.Sms, "+14155550100"), "code:c_1:1") with { Email = () => throw new InvalidOperationException("email rendered") };

        var result = Assert.IsType<SendResult.Accepted>(await _app.Sender.SendAsync(delivery, CancellationToken.None));

        Assert.Equal(("+14155550100", "the sms text", "code:c_1:1", delivery.FirstRequestedAt), (sent!.To, sent.Text, sent.IdempotencyId, sent.FirstSentAt));
        Assert.Equal(DeliveryTags.Of(delivery.SessionId, delivery.ParticipantId, "code:c_1:1"), sent.Tag);
        Assert.Null(await _app.Deliveries.FindAsync(result.ProviderMessageId, CancellationToken.None));
        _app.Email.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_accepted_email_is_recorded_for_its_delivery_report_under_the_providers_id()
    {
        var providerId = "email-" + Guid.NewGuid();
        _app.Email.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(SendResult.Success(providerId));
        var delivery = To(new Contact(Channel.Email, "dana@example.com"), "invitation:i_1:2") with
        {
            Sms = () => throw new InvalidOperationException("sms rendered"),
        };

        await _app.Sender.SendAsync(delivery, CancellationToken.None);

        var row = await _app.Deliveries.FindAsync(providerId, CancellationToken.None);
        Assert.Equal((delivery.SessionId, delivery.ParticipantId, "invitation:i_1:2"), (row!.SessionId, row.ParticipantId, row.SendId));
        _app.Email.Verify(s => s.SendAsync(It.Is<EmailMessage>(m => m.To == "dana@example.com" && m.IdempotencyId == "invitation:i_1:2"
            && m.RecipientName == "Dana Cole" && m.Content.Subject == "subject"), It.IsAny<CancellationToken>()), Times.Once);
        _app.Sms.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_retryable_failure_throws_for_the_host_to_retry_and_names_no_address()
    {
        _app.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(SendResult.Failure("throttled", retryable: true));

        var thrown = await Assert.ThrowsAsync<TransientSendException>(() =>
            _app.Sender.SendAsync(To(new Contact(Channel.Sms, "+14155550100"), "code:c_2:1"), CancellationToken.None));

        Assert.Contains("code:c_2:1", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4155550100", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_email_comes_back_as_a_failure_no_retry_changes()
    {
        _app.Email.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(SendResult.Failure("invalid recipient", retryable: false));

        var result = await _app.Sender.SendAsync(To(new Contact(Channel.Email, "nobody@example.com"), "code:c_3:1"), CancellationToken.None);

        Assert.Equal(new SendResult.Failed("invalid recipient", false), result);
    }
}
