namespace OtpSessions.Core.Deliveries;

/// <summary>What <see cref="IDeliveryKind.Render"/> made: a message to send, or why none can ever be sent.</summary>
/// <param name="Reason">The failure reason its event names (<c>key_retired</c>, <c>unreadable</c>).</param>
/// <param name="Why">For the log: ids and reasons only.</param>
public sealed record DeliveryContent(OutgoingDelivery? Message, string Reason = "", string Why = "")
{
    public static DeliveryContent Unsendable(string reason, string why) => new(null, reason, why);
}
