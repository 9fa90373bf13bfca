namespace OtpSessions.Core.Messaging;

/// <summary>
/// What a provider said about one send: <see cref="Accepted"/> (with the provider's message id, which delivery
/// reports refer to) or <see cref="Failed"/> (with the error text and whether trying again later may help).
/// Senders return this instead of throwing; only cancellation throws.
/// </summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <summary>The provider took the message. Delivery is reported later (see <see cref="IDeliveryReportSink"/>).</summary>
    public sealed record Accepted(string ProviderMessageId) : SendResult;

    /// <summary>
    /// The provider refused the message or could not be reached. <paramref name="Retryable"/> is true for throttling,
    /// provider errors and timeouts (a later retry with the same idempotency id is safe) and false for a request the
    /// provider will never accept (invalid number, unauthorised sender, …).
    /// </summary>
    public sealed record Failed(string Error, bool Retryable) : SendResult;

    public static SendResult Success(string providerMessageId) => new Accepted(providerMessageId);

    public static SendResult Failure(string error, bool retryable) => new Failed(error, retryable);
}
