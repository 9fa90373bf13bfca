using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

/// <summary>An invitation as the agent sees it: <c>pending | sent | delivered | failed</c> (a queued send is <c>pending</c>).</summary>
public sealed record InvitationView(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SentAt)
{
    public static InvitationView Of(InvitationState invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return new(invitation.Status is DeliveryStatus.Queued or DeliveryStatus.None ? "pending" : invitation.Status.ToWire(), invitation.SentAt);
    }
}
