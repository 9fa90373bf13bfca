using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>What a delivery worker did with one queue message (for the log: ids and reasons only).</summary>
public enum DeliveryWorkStatus
{
    Sent,
    Failed,
    Skipped,
}

/// <param name="Why">For the log: ids and reasons only — never a code, a token or an address.</param>
public sealed record DeliveryWorkResult(DeliveryWorkStatus Status, string Why)
{
    public static DeliveryWorkResult Sent(string why) => new(DeliveryWorkStatus.Sent, why);

    public static DeliveryWorkResult Failed(string why) => new(DeliveryWorkStatus.Failed, why);

    public static DeliveryWorkResult Skipped(string why) => new(DeliveryWorkStatus.Skipped, why);
}

/// <summary>The provider could not take the message now (throttling, outage): the queue message is retried, then poisoned.</summary>
public sealed class TransientSendException : Exception
{
    public TransientSendException()
    {
    }

    public TransientSendException(string message) : base(message)
    {
    }

    public TransientSendException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>One send of a delivery (an invite link, a code) to one participant over one channel.</summary>
/// <param name="SendId">The sender's idempotency id (<c>{kind}:…</c>, an invitation attempt's or a code send's): a retried
/// message never sends a second, different message; a delivery report names it.</param>
/// <param name="Send">The send number of its item (an invitation's attempt, a code's send).</param>
/// <param name="FirstRequestedAt">When this send was first asked for (the same on every retry of it).</param>
/// <param name="Sms">The SMS text, rendered only when <paramref name="To"/> is a phone.</param>
/// <param name="Email">The email, rendered only when <paramref name="To"/> is an email address.</param>
public sealed record OutgoingDelivery(
    string SessionId,
    string ParticipantId,
    string SendId,
    int Send,
    Contact To,
    string? RecipientName,
    DateTimeOffset FirstRequestedAt,
    DateTimeOffset SessionExpiresAt,
    Func<string> Sms,
    Func<EmailContent> Email);

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
