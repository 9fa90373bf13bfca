namespace OtpSessions.Core.Messaging;

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
