using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// The delivery queues' work, one way for every kind (<see cref="IDeliveryKind"/>: invitations, codes): a well-formed
/// message → load its participant → why not to send (session closed or expired, participant reassigned or removed, then
/// the kind's own reasons) → render → send through <see cref="DeliverySender"/> → record the outcome (version-checked, first
/// on the snapshot already read, after a conflict on a fresh one). A message whose work is done or moot completes
/// without sending; one that can never be sent (its key is gone) is recorded failed. The send id is the sender's
/// idempotency id, so a retried message never sends a second, different message. A failed send never goes to the
/// participant's other address: the agent resends, reassigns or reads the code out.
/// </summary>
public sealed class DeliveryService(DeliveryKinds kinds, ISessionStore sessions, DeliverySender sender, TimeProvider time)
{
    public async Task<DeliveryWorkResult> SendAsync(DeliveryMessage? message, CancellationToken cancellationToken)
    {
        if (KindOf(message) is not { } kind)
        {
            return DeliveryWorkResult.Skipped("malformed message");
        }
        var snapshot = await kind.LoadAsync(sessions, message!, cancellationToken);
        var now = time.GetUtcNow();
        if (WhyNot(kind, snapshot, message!.Item, now) is { } why)
        {
            return DeliveryWorkResult.Skipped(why);
        }
        var content = kind.Render(snapshot!, now);
        if (content.Message is not { } outgoing)
        {
            await RecordAsync(kind, message, snapshot, accepted: null, content.Reason, cancellationToken);
            return DeliveryWorkResult.Failed(content.Why);
        }
        var result = await sender.SendAsync(outgoing, cancellationToken);
        if (result is SendResult.Accepted sent)
        {
            await RecordAsync(kind, message, snapshot, (outgoing.Send, sent.ProviderMessageId), null, cancellationToken);
            return DeliveryWorkResult.Sent($"send {outgoing.Send} accepted as {sent.ProviderMessageId}");
        }
        await RecordAsync(kind, message, snapshot, accepted: null, "rejected", cancellationToken);
        return DeliveryWorkResult.Failed($"send {outgoing.Send} rejected by the provider");
    }

    /// <summary>The message ran out of retries (it landed in its <c>-poison</c> queue): the pending send is <c>failed</c>.</summary>
    public async Task<DeliveryWorkResult> MarkUndeliverableAsync(DeliveryMessage? message, CancellationToken cancellationToken)
    {
        if (KindOf(message) is not { } kind)
        {
            return DeliveryWorkResult.Skipped("malformed message");
        }
        return await RecordAsync(kind, message!, null, accepted: null, "retries_exhausted", cancellationToken)
            ? DeliveryWorkResult.Failed("retries exhausted")
            : DeliveryWorkResult.Skipped("nothing pending for this item");
    }

    private IDeliveryKind? KindOf(DeliveryMessage? message) =>
        message is not null && message.IsWellFormed() && kinds.Named(message.Kind) is { } kind && kind.IsWellFormed(message.Item) ? kind : null;

    /// <summary>Records the outcome of the item's pending send (accepted, or failed when null); false when there was nothing to record.</summary>
    private Task<bool> RecordAsync(
        IDeliveryKind kind, DeliveryMessage message, ParticipantWithTerms? first, (int Send, string ProviderMessageId)? accepted,
        string? reason, CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync(ConcurrencyRetry.FirstThenFresh(first, () => kind.LoadAsync(sessions, message, cancellationToken),
            async snapshot =>
            {
                if (snapshot is null)
                {
                    return false;
                }
                var now = time.GetUtcNow();
                var change = accepted is var (send, providerMessageId)
                    ? kind.Accepted(snapshot, message.Item, send, providerMessageId, now)
                    : kind.Failed(snapshot, message.Item, reason ?? "failed", now);
                if (change is null)
                {
                    return false;
                }
                await sessions.CommitAsync(change, cancellationToken);
                return true;
            }));

    private static string? WhyNot(IDeliveryKind kind, ParticipantWithTerms? snapshot, string item, DateTimeOffset now) => snapshot switch
    {
        null => "session or participant no longer exists",
        { Terms: var s } when !s.IsActiveAt(now) => "session is closed",
        { Participant: var p } when !p.IsCurrent => $"participant is {p.Status.ToWire()}",
        { Participant: var p } => kind.WhyNot(p, item, now),
    };
}
