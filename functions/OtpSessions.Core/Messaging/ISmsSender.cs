namespace OtpSessions.Core.Messaging;

/// <summary>Sends one SMS. Implementations are idempotent per <see cref="SmsMessage.IdempotencyId"/>.</summary>
public interface ISmsSender
{
    Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}
