using System.Globalization;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// Invitations (<c>invitations</c> queue): a participant's invite link (<c>{Web:BaseUrl}/join#{token}</c>, the token
/// re-derived from the invitation id) and its "not me" link (<c>{Web:BaseUrl}/not-me#{reportToken}</c>, re-derived too) by
/// SMS or email; none to a reported participant; <c>invitation.status</c> <c>sent</c>/<c>failed</c>, then
/// <c>delivered</c>/<c>failed</c> from reports (the invitation's <see cref="Delivery"/>, on the participant), events <c>invitation.sent</c> /
/// <c>invitation.failed</c>. The item is the attempt number: a newer attempt supersedes it. A link whose key a rotation
/// dropped can never be sent (<see cref="KeyRetired"/>). A failed link never goes to the other address (codes go there).
/// </summary>
public sealed class InvitationDelivery(MessageTemplates templates, TokenFactory tokenFactory, IOptions<InvitationLinkOptions> links)
    : IDeliveryKind
{
    public const string KindName = DeliveryKindNames.Invitation;

    /// <summary>The <c>invitation.failed</c> reason of a link whose key a rotation dropped before it was sent.</summary>
    public const string KeyRetired = "key_retired";

    public string Name => KindName;

    /// <summary>The message that sends <paramref name="participant"/>'s current invitation attempt.</summary>
    public static DeliveryMessage MessageFor(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return new(KindName, participant.SessionId, participant.ParticipantId,
            participant.Invitation.Attempt.ToString(CultureInfo.InvariantCulture));
    }

    public bool IsWellFormed(string item) => Attempt(item) > 0;

    public Task<ParticipantWithTerms?> LoadAsync(ISessionStore sessions, DeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(message);
        return sessions.LoadParticipantWithTermsAsync(message.SessionId, message.ParticipantId, cancellationToken);
    }

    public string? WhyNot(Participant participant, string item, DateTimeOffset now) => participant switch
    {
        { IsReported: true } => DeliveryKinds.Reported,
        { Invitation: var i } when i.Attempt != Attempt(item) => $"superseded by attempt {i.Attempt}",
        { Invitation: var i } when i.Status != DeliveryStatus.Queued => $"already {i.Status.ToWire()}",
        { Invitation: var i } when i.LinkExpiresAt <= now => "the link has expired (a resend makes a new one)",
        _ => null,
    };

    public DeliveryContent Render(ParticipantWithTerms snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (session, participant) = snapshot;
        var invitation = participant.Invitation;
        if (!tokenFactory.CanDerive(invitation))
        {
            // Queued before a rotation dropped the link's key: no retry can make the link again. The attempt fails (the agent's
            // resend makes a new link with the current key); the message completes instead of going to the poison queue.
            return DeliveryContent.Unsendable(KeyRetired, "the key that made this link is no longer configured");
        }
        var link = links.Value.LinkFor(tokenFactory.InviteToken(participant));
        var notMe = links.Value.NotMeLinkFor(tokenFactory.ReportToken(participant, participant.Invite.Channel));
        return new(new OutgoingDelivery(session.SessionId, participant.ParticipantId, invitation.SendId, invitation.Attempt,
            participant.Invite, participant.Name, invitation.RequestedAt, session.ExpiresAt,
            () => templates.InvitationSms(link, participant.Locale, notMe),
            () => templates.InvitationEmail(link, participant.Name, participant.Locale, notMe)));
    }

    public SessionChange? Accepted(ParticipantWithTerms snapshot, string item, int send, string providerMessageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Outcome(snapshot, Attempt(item), OnAccepted(snapshot.Participant.Invitation, Attempt(item), providerMessageId, now), null, now);
    }

    public SessionChange? Failed(ParticipantWithTerms snapshot, string item, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Outcome(snapshot, Attempt(item), OnFailed(snapshot.Participant.Invitation, Attempt(item)), reason, now);
    }

    public SessionChange? Reported(ParticipantWithTerms snapshot, string sendId, bool delivered, string providerMessageId,
        DateTimeOffset receivedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (session, p) = snapshot;
        if (OnReport(p.Invitation, sendId, delivered, providerMessageId, receivedAt) is not { } delivery)
        {
            return null;
        }
        var change = new SessionChange(session).Put(p with { Invitation = p.Invitation with { Delivery = delivery } })
            .Record(delivered ? AuditActions.InvitationDelivered : AuditActions.InvitationFailed, AuditActions.DeliveryActor, now, p.ParticipantId,
                Audit(p, delivery, delivered ? null : "undelivered"));
        return delivered ? change : change.Emit(EventTypes.InvitationFailed, now, Data(session, p, p.Invitation.Attempt, "undelivered"));
    }

    /// <summary>
    /// The provider accepted <paramref name="attempt"/>'s send as <paramref name="providerMessageId"/>: its delivery,
    /// <c>sent</c>; null when that attempt is not the one queued (superseded, or already recorded): nothing to record.
    /// </summary>
    public static Delivery? OnAccepted(InvitationState invitation, int attempt, string providerMessageId, DateTimeOffset now) =>
        Pending(invitation, attempt)?.Accepted(providerMessageId, now);

    /// <summary>
    /// The provider refused <paramref name="attempt"/>'s send, its link could not be made, or it ran out of retries: its
    /// delivery, <c>failed</c>; null when that attempt is not the one queued.
    /// </summary>
    public static Delivery? OnFailed(InvitationState invitation, int attempt) => Pending(invitation, attempt)?.Failed();

    /// <summary>
    /// A delivery report for send <paramref name="sendId"/>: the invitation's delivery, <c>delivered</c> or <c>failed</c>;
    /// null when the report is for another attempt's send or the delivery is already final (a late report for an earlier
    /// attempt never marks a later one).
    /// </summary>
    public static Delivery? OnReport(InvitationState invitation, string sendId, bool delivered, string providerMessageId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return invitation.SendId == sendId ? invitation.Delivery.Reported(delivered, providerMessageId, receivedAt) : null;
    }

    /// <summary>The delivery of <paramref name="attempt"/> while it is the one queued; otherwise null.</summary>
    private static Delivery? Pending(InvitationState invitation, int attempt)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return invitation.Delivery is { Status: DeliveryStatus.Queued } delivery && delivery.Send == attempt ? delivery : null;
    }

    /// <summary>The attempt's outcome (<paramref name="delivery"/>, its event <c>invitation.sent</c> or, with a reason, <c>invitation.failed</c>); null when none.</summary>
    private static SessionChange? Outcome(ParticipantWithTerms snapshot, int attempt, Delivery? delivery, string? reason, DateTimeOffset now)
    {
        var (session, p) = snapshot;
        if (delivery is null)
        {
            return null;
        }
        return new SessionChange(session)
            .Put(p with { Invitation = p.Invitation with { Delivery = delivery } })
            .Emit(reason is null ? EventTypes.InvitationSent : EventTypes.InvitationFailed, now, Data(session, p, attempt, reason))
            .Record(reason is null ? AuditActions.InvitationSent : AuditActions.InvitationFailed, AuditActions.DeliveryActor, now, p.ParticipantId,
                Audit(p, delivery, reason));
    }

    private static DeliveryAuditData Audit(Participant p, Delivery delivery, string? reason) =>
        new(p.ParticipantId, ContactData.Of(p.Invite)!, delivery.Send, null, delivery.ProviderMessageId, reason);

    private static InvitationData Data(SessionTerms session, Participant p, int attempt, string? reason) =>
        new(session.SessionId, session.Reference, p.ParticipantId, p.Role, ContactData.Of(p.Invite)!, attempt, reason);

    private static int Attempt(string item) =>
        int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) ? attempt : 0;
}
