namespace OtpSessions.Core.Messaging;

/// <param name="To">E.164 phone number.</param>
/// <param name="Text">The message text (see <see cref="MessageTemplates"/>). Never logged.</param>
/// <param name="IdempotencyId">
/// Derived by the caller from what the message is for — e.g. <c>code:{codeId}</c> or <c>invitation:{participantId}:{attempt}</c>.
/// The same id never produces a second, different message: the provider repeatability id is derived from it.
/// </param>
/// <param name="FirstSentAt">When the caller first tried to send this id; pass the same value on every retry.</param>
/// <param name="Tag">Optional correlation text the provider echoes in the delivery report (ids only, never a code or address).</param>
public sealed record SmsMessage(string To, string Text, string IdempotencyId, DateTimeOffset FirstSentAt, string? Tag = null)
{
    /// <summary>Masked, without the text: safe if a record ends up in a log.</summary>
    public override string ToString() =>
        $"SmsMessage {{ To = {AddressMasking.MaskPhone(To)}, IdempotencyId = {IdempotencyId} }}";
}
