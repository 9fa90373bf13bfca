using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

/// <summary>The latest code send as the agent sees it: <c>none | queued | sent | delivered | failed | refused</c>.</summary>
public sealed record OtpDeliveryView(
    DeliveryStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SentAt)
{
    /// <summary>With <c>refused</c>: when the refusing send budget's window ends.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? RetryAt { get; init; }

    public static OtpDeliveryView Of(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new(delivery.Status, delivery.SentAt) { RetryAt = delivery.RetryAt };
    }
}
