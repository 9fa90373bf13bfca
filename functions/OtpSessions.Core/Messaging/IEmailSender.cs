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

/// <param name="To">Email address.</param>
/// <param name="Content">Subject, plain text and HTML (see <see cref="MessageTemplates"/>). Never logged.</param>
/// <param name="IdempotencyId">Derived by the caller from the invitation or code id (see <see cref="SmsMessage"/>).</param>
/// <param name="RecipientName">Optional display name for the recipient.</param>
public sealed record EmailMessage(string To, EmailContent Content, string IdempotencyId, string? RecipientName = null)
{
    /// <summary>Masked, without the content: safe if a record ends up in a log.</summary>
    public override string ToString() =>
        $"EmailMessage {{ To = {AddressMasking.MaskEmail(To)}, IdempotencyId = {IdempotencyId} }}";
}

/// <summary>An email body in both forms, so every mail client shows something sensible.</summary>
public sealed record EmailContent(string Subject, string PlainText, string Html)
{
    public override string ToString() => "EmailContent { … }";
}
