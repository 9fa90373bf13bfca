namespace OtpSessions.Core.Messaging;

/// <summary>
/// Sends one email. Implementations are idempotent per <see cref="EmailMessage.IdempotencyId"/>: the provider operation id
/// is derived from it, so a retried send of an accepted message is answered with the same operation and sends nothing new.
/// The caller still checks its own delivery record before sending (a redelivered queue message whose send already
/// succeeded should not reach the sender at all).
/// </summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
