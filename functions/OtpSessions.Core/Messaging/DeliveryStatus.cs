namespace OtpSessions.Core.Messaging;

/// <summary>
/// How far a <see cref="Delivery"/> got, for every kind: <c>none</c> (nothing asked for), <c>queued</c> (a send is
/// waiting for the worker), <c>sent</c> (the provider accepted it), then <c>delivered</c> or <c>failed</c> from the
/// provider's reports (or <c>failed</c> when the provider refused it, it could not be rendered, or its message ran out
/// of retries), or <c>refused</c> (a send budget refused the send, until <see cref="Delivery.RetryAt"/>). Delivered and
/// failed are final for their send. The views name these for their kind (an invitation's queued send is <c>pending</c>).
/// </summary>
public enum DeliveryStatus
{
    None,
    Queued,
    Sent,
    Delivered,
    Failed,
    Refused,
}
