using System.Globalization;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// Invitations (<c>invitations</c> queue): a participant's invite link (<c>{Web:BaseUrl}/join#{token}</c>, the token
/// re-derived from the invitation id) by SMS or email; <c>invitation.status</c> <c>sent</c>/<c>failed</c>, then
/// <c>delivered</c>/<c>failed</c> from reports (<see cref="InvitationState"/>), events <c>invitation.sent</c> /
/// <c>invitation.failed</c>. The item is the attempt number: a newer attempt supersedes it. A link whose key a rotation
/// dropped can never be sent (<see cref="KeyRetired"/>). A failed link never goes to the other address (codes go there).
/// </summary>
public sealed class InvitationDelivery(MessageTemplates templates, TokenFactory tokenFactory, IOptions<InvitationLinkOptions> links)
    : IDeliveryKind
{
    public const string KindName = "invitation";

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
        { Invitation: var i } when i.Attempt != Attempt(item) => $"superseded by attempt {i.Attempt}",
        { Invitation: var i } when i.Status != InvitationStatus.Pending => $"already {i.Status.ToWire()}",
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
        return new(new OutgoingDelivery(session.SessionId, participant.ParticipantId, invitation.IdempotencyId, invitation.Attempt,
            participant.Invite, participant.Name, invitation.RequestedAt, session.ExpiresAt,
            () => templates.InvitationSms(link, participant.Locale),
            () => templates.InvitationEmail(link, participant.Name, participant.Locale)));
    }

    public SessionChange? Accepted(ParticipantWithTerms snapshot, string item, int send, string providerMessageId, DateTimeOffset now) =>
        Outcome(snapshot, Attempt(item), providerMessageId, null, now);

    public SessionChange? Failed(ParticipantWithTerms snapshot, string item, string reason, DateTimeOffset now) =>
        Outcome(snapshot, Attempt(item), null, reason, now);

    public SessionChange? Reported(ParticipantWithTerms snapshot, string sendId, bool delivered, string providerMessageId,
        DateTimeOffset receivedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (session, p) = snapshot;
        if (p.Invitation.Reported(sendId, delivered, providerMessageId, receivedAt) is not { } invitation)
        {
            return null;
        }
        var change = new SessionChange(session).Put(p with { Invitation = invitation })
            .Record(delivered ? AuditActions.InvitationDelivered : AuditActions.InvitationFailed, AuditActions.DeliveryActor, now, p.ParticipantId,
                Audit(p, invitation, delivered ? null : "undelivered"));
        return delivered ? change : change.Emit(EventTypes.InvitationFailed, now, Data(session, p, p.Invitation.Attempt, "undelivered"));
    }

    /// <summary>
    /// The attempt's outcome — accepted as <paramref name="acceptedAs"/>, or failed when null (<see cref="InvitationState.Outcome"/>);
    /// null when that attempt is no longer the one pending.
    /// </summary>
    private static SessionChange? Outcome(ParticipantWithTerms snapshot, int attempt, string? acceptedAs, string? reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (session, p) = snapshot;
        if (p.Invitation.Outcome(attempt, acceptedAs, now) is not { } invitation)
        {
            return null;
        }
        return new SessionChange(session)
            .Put(p with { Invitation = invitation })
            .Emit(acceptedAs is null ? EventTypes.InvitationFailed : EventTypes.InvitationSent, now, Data(session, p, attempt, reason))
            .Record(acceptedAs is null ? AuditActions.InvitationFailed : AuditActions.InvitationSent, AuditActions.DeliveryActor, now, p.ParticipantId,
                Audit(p, invitation, reason));
    }

    private static DeliveryAuditData Audit(Participant p, InvitationState invitation, string? reason) =>
        new(p.ParticipantId, ContactData.Of(p.Invite)!, invitation.Attempt, null, invitation.ProviderMessageId, reason);

    private static InvitationData Data(SessionTerms session, Participant p, int attempt, string? reason) =>
        new(session.SessionId, session.Reference, p.ParticipantId, p.Role, ContactData.Of(p.Invite)!, attempt, reason);

    private static int Attempt(string item) =>
        int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) ? attempt : 0;
}
