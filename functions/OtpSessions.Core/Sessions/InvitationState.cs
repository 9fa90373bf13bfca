using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// One invite link: <paramref name="InvitationId"/> (128 random bits) is what the token is derived from
/// (<see cref="TokenFactory.InviteToken(Participant)"/>); only the token's hash is stored. <paramref name="RequestedAt"/>
/// is when the current attempt was requested (cooldown, and the send's first-try time). Its way out is its
/// <see cref="Delivery"/> (item: the invitation id; send: the attempt — a resend of the same link is attempt + 1).
/// </summary>
public sealed record InvitationState(string InvitationId, DateTimeOffset RequestedAt, DateTimeOffset LinkExpiresAt, string TokenHash)
{
    /// <summary>The current attempt's delivery (<see cref="DeliveryKindNames.Invitation"/>); a new link starts at attempt 1, queued.</summary>
    public Delivery Delivery { get; init; } = Delivery.Queued(DeliveryKindNames.Invitation, InvitationId, 1);

    /// <summary>The id of the master key that derived this link's token (null on rows from before ids were kept: the current key).</summary>
    public string? KeyId { get; init; }

    /// <summary>The current attempt: how many times this link was asked to be sent.</summary>
    public int Attempt => Delivery.Send;

    /// <summary>How far the current attempt got (<see cref="DeliveryStatus.Queued"/> is shown as <c>pending</c>).</summary>
    public DeliveryStatus Status => Delivery.Status;

    public DateTimeOffset? SentAt => Delivery.SentAt;

    /// <summary>The current attempt's send id (<see cref="Delivery.SendId"/>): a delivery report applies to this attempt only.</summary>
    public string SendId => Delivery.SendId;

    /// <summary>The same link asked to be sent again at <paramref name="now"/>: the next attempt, queued.</summary>
    public InvitationState Resent(DateTimeOffset now) =>
        this with { RequestedAt = now, Delivery = Delivery.Queued(Delivery.Kind, InvitationId, Attempt + 1) };
}
