namespace OtpSessions.Core.Messaging;

/// <summary>
/// The names of the delivery kinds the lower modules speak of (an invitation's link, the participant's codes): a
/// <see cref="Delivery.Kind"/>, the prefix of its send ids and a delivery queue message's <c>kind</c>.
/// </summary>
public static class DeliveryKindNames
{
    public const string Invitation = "invitation";

    public const string Code = "code";
}
