namespace OtpSessions.Core.Deliveries;

/// <summary>
/// A message the provider accepted, as a row of the <c>deliveries</c> table (PK = provider message id; emails only, see
/// <see cref="DeliveryTags"/>): whom and which send it was for, so its delivery report finds the participant and the send
/// (<see cref="OutgoingDelivery.SendId"/>, whose prefix names its <see cref="IDeliveryKind"/>). Not a delivery's state:
/// that is the participant's (<see cref="Messaging.Delivery"/>).
/// </summary>
public sealed record SentMessage(
    string ProviderMessageId, string SessionId, string ParticipantId, string SendId, DateTimeOffset ExpiresAt);
