using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// The one way every delivery kind (invitations, codes) sends: over the participant's channel, an SMS carrying its
/// send's <see cref="DeliveryTags">tag</see> (its delivery report finds the participant through it), an accepted email
/// recorded in the <c>deliveries</c> table (its report names only the provider's id). A provider that cannot take the
/// message now throws <see cref="TransientSendException"/>, so the host retries the queue message and finally poisons it;
/// what remains is <see cref="SendResult.Accepted"/> or a <see cref="SendResult.Failed"/> no retry will change.
/// </summary>
public sealed class DeliverySender(ISmsSender sms, IEmailSender email, ISentMessageStore deliveries)
{
    public async Task<SendResult> SendAsync(OutgoingDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var result = delivery.To.Channel == Channel.Sms
            ? await sms.SendAsync(new SmsMessage(delivery.To.Address, delivery.Sms(), delivery.SendId, delivery.FirstRequestedAt,
                DeliveryTags.Of(delivery.SessionId, delivery.ParticipantId, delivery.SendId)), cancellationToken)
            : await email.SendAsync(new EmailMessage(delivery.To.Address, delivery.Email(), delivery.SendId, delivery.RecipientName),
                cancellationToken);
        switch (result)
        {
            case SendResult.Accepted accepted when delivery.To.Channel == Channel.Email:
                await deliveries.RecordAsync(new SentMessage(accepted.ProviderMessageId, delivery.SessionId, delivery.ParticipantId,
                    delivery.SendId, delivery.SessionExpiresAt), cancellationToken);
                return accepted;
            case SendResult.Failed { Retryable: true }:
                throw new TransientSendException(
                    $"The provider did not take {delivery.SendId} of participant {delivery.ParticipantId} now; the message is retried.");
            default:
                return result;
        }
    }
}
