using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// A participant's delivery kept apart from the participant, with its own version (a code's record: written only by the
/// delivery worker and delivery reports, so a customer's request on the participant never collides with them).
/// </summary>
public sealed record ParticipantDelivery(string ParticipantId, Delivery Delivery);
