namespace OtpSessions.Core.Messaging;

/// <summary>
/// What is stored of one kind of delivery to one participant — an invitation's link, a code — whatever the kind: which
/// send of which item it is about (<see cref="Item"/>, <see cref="Send"/>), how far that send got (<see cref="Status"/>),
/// the provider's id of it and when it went out, and the highest send of the item the provider accepted. The kinds
/// (<c>Deliveries/</c>) decide which send counts; the steps every kind takes are here: <see cref="Accepted"/>,
/// <see cref="Failed"/>, <see cref="Reported"/>. A delivery report counts once: a send that is <see cref="IsFinal"/> stays.
/// </summary>
/// <param name="Kind">The delivery kind (<see cref="DeliveryKindNames"/>): the prefix of <see cref="SendId"/>.</param>
/// <param name="Status">How far the send named by <see cref="Send"/> got.</param>
public sealed record Delivery(string Kind, DeliveryStatus Status)
{
    /// <summary>What is sent: an invitation's id, a code's id (null on rows written before sends were named).</summary>
    public string? Item { get; init; }

    /// <summary>The send number of <see cref="Item"/> this delivery is about (1 = first send, 2 = first resend, …; 0 = none named).</summary>
    public int Send { get; init; }

    /// <summary>The highest send number of <see cref="Item"/> the provider accepted (0 = none, or not counted by the kind).</summary>
    public int SendsAccepted { get; init; }

    /// <summary>When the provider accepted the send (or, for a report that came first, when the report arrived).</summary>
    public DateTimeOffset? SentAt { get; init; }

    public string? ProviderMessageId { get; init; }

    /// <summary>For a send a budget refused: when that budget's window ends (a send may go again).</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>The version of a delivery stored apart from its participant, as loaded; null otherwise or not yet stored.</summary>
    public StoredVersion? Version { get; init; }

    /// <summary>
    /// The send's id, <c>{kind}:{item}:{send}</c>: the sender's idempotency id (a retried queue message never sends a
    /// second, different message) and what a delivery report names, so a report applies to its own send only.
    /// </summary>
    public string SendId => $"{Kind}:{Item}:{Send}";

    /// <summary>Delivered or failed: no report and no outcome of the same send changes it.</summary>
    public bool IsFinal => Status is DeliveryStatus.Delivered or DeliveryStatus.Failed;

    /// <summary>Nothing asked for yet.</summary>
    public static Delivery None(string kind) => new(kind, DeliveryStatus.None);

    /// <summary>Send <paramref name="send"/> of <paramref name="item"/>, waiting for the worker.</summary>
    public static Delivery Queued(string kind, string item, int send) => new(kind, DeliveryStatus.Queued) { Item = item, Send = send };

    /// <summary>
    /// The provider accepted the send as <paramref name="providerMessageId"/> at <paramref name="now"/>: <c>sent</c>. A
    /// delivery report of that same message that came before the worker's record keeps its final status.
    /// </summary>
    public Delivery Accepted(string providerMessageId, DateTimeOffset now) =>
        IsFinal && ProviderMessageId == providerMessageId
            ? this
            : this with { Status = DeliveryStatus.Sent, SentAt = now, ProviderMessageId = providerMessageId, RetryAt = null };

    /// <summary>The provider refused the send, it could not be rendered, or its message ran out of retries: <c>failed</c>.</summary>
    public Delivery Failed() => this with { Status = DeliveryStatus.Failed };

    /// <summary>
    /// A delivery report of the send: <c>delivered</c> or <c>failed</c> (sent, if the worker has not recorded it yet,
    /// when the report arrived); null when the send is already final (reports arrive at least once).
    /// </summary>
    public Delivery? Reported(bool delivered, string providerMessageId, DateTimeOffset receivedAt) =>
        IsFinal
            ? null
            : this with
            {
                Status = delivered ? DeliveryStatus.Delivered : DeliveryStatus.Failed,
                SentAt = SentAt ?? receivedAt,
                ProviderMessageId = providerMessageId,
            };
}
