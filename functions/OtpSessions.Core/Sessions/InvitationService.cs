using Microsoft.Extensions.Options;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// The <c>invitations</c> queue's work: send one participant's invite link
/// (<c>{Web:BaseUrl}/join#{token}</c>, the token re-derived from the invitation id) by SMS or email, and record
/// <c>invitation.status</c> <c>sent</c>/<c>failed</c> with the provider's message id (sent through
/// <see cref="DeliverySender"/>, as codes are). A message whose work is done or moot (participant reassigned/removed, session closed or expired,
/// a newer attempt queued, already sent, link expired meanwhile) completes without sending; so does one whose link's key a
/// rotation has dropped (recorded as failed, <see cref="KeyRetired"/>). The sender's idempotency id is the invitation's
/// id and attempt, so a retried message never sends a second, different message. A failed send stays failed: the link
/// never goes to the participant's other address (that is where codes go); the agent resends or reassigns.
/// </summary>
public sealed class InvitationService(
    ISessionStore sessions,
    DeliverySender sender,
    MessageTemplates templates,
    TokenFactory tokenFactory,
    IOptions<InvitationLinkOptions> links,
    TimeProvider time)
{
    /// <summary>The <c>invitation.failed</c> reason of a link whose key a rotation dropped before it was sent.</summary>
    public const string KeyRetired = "key_retired";

    public async Task<DeliveryWorkResult> SendAsync(InvitationMessage? message, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(message))
        {
            return DeliveryWorkResult.Skipped("malformed message");
        }
        var snapshot = await sessions.LoadParticipantWithTermsAsync(message!.SessionId, message.ParticipantId, cancellationToken);
        if (WhyNot(snapshot, message, time.GetUtcNow()) is { } why)
        {
            return DeliveryWorkResult.Skipped(why);
        }
        var (session, participant) = snapshot!;
        var invitation = participant.Invitation;
        if (!tokenFactory.CanDerive(invitation))
        {
            // Queued before a rotation dropped the link's key: no retry can make the link again. The attempt fails (the agent's
            // resend makes a new link with the current key); the message completes instead of going to the poison queue.
            await RecordAsync(message, snapshot, acceptedAs: null, KeyRetired, cancellationToken);
            return DeliveryWorkResult.Failed("the key that made this link is no longer configured");
        }
        var link = links.Value.LinkFor(tokenFactory.InviteToken(participant));
        var result = await sender.SendAsync(new OutgoingDelivery(session.SessionId, participant.ParticipantId, DeliveryKind.Invitation,
            invitation.IdempotencyId, participant.Invite, participant.Name, invitation.RequestedAt, session.ExpiresAt,
            () => templates.InvitationSms(link, participant.Locale),
            () => templates.InvitationEmail(link, participant.Name, participant.Locale)), cancellationToken);
        if (result is SendResult.Accepted sent)
        {
            await RecordAsync(message, snapshot, sent.ProviderMessageId, null, cancellationToken);
            return DeliveryWorkResult.Sent($"accepted as {sent.ProviderMessageId}");
        }
        await RecordAsync(message, snapshot, acceptedAs: null, "rejected", cancellationToken);
        return DeliveryWorkResult.Failed("rejected by the provider");
    }

    /// <summary>The message ran out of retries (it landed in <c>invitations-poison</c>): the invitation is <c>failed</c>.</summary>
    public async Task<DeliveryWorkResult> MarkUndeliverableAsync(InvitationMessage? message, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(message))
        {
            return DeliveryWorkResult.Skipped("malformed message");
        }
        return await RecordAsync(message!, null, acceptedAs: null, "retries_exhausted", cancellationToken)
            ? DeliveryWorkResult.Failed("retries exhausted")
            : DeliveryWorkResult.Skipped("nothing pending for this attempt");
    }

    /// <summary>
    /// Records the outcome of the pending attempt — accepted as <paramref name="acceptedAs"/>, or failed when null
    /// (<see cref="InvitationState.Outcome"/>; version-checked, first with the snapshot already read, after a conflict on a
    /// fresh one); false when that attempt is no longer the one pending.
    /// </summary>
    private Task<bool> RecordAsync(
        InvitationMessage message, ParticipantWithTerms? first, string? acceptedAs, string? reason,
        CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync(ConcurrencyRetry.FirstThenFresh(first,
            () => sessions.LoadParticipantWithTermsAsync(message.SessionId, message.ParticipantId, cancellationToken), async snapshot =>
        {
            var now = time.GetUtcNow();
            if (snapshot?.Participant.Invitation.Outcome(message.Attempt, acceptedAs, now) is not { } invitation)
            {
                return false;
            }
            var (session, participant) = snapshot;
            var updated = participant with { Invitation = invitation };
            await sessions.CommitAsync(new SessionChange(session)
                .Put(updated)
                .Emit(acceptedAs is null ? EventTypes.InvitationFailed : EventTypes.InvitationSent, now,
                    new InvitationData(session.SessionId, session.Reference, participant.ParticipantId, participant.Role,
                        ContactData.Of(participant.Invite)!, message.Attempt, reason)), cancellationToken);
            return true;
        }));

    private static string? WhyNot(ParticipantWithTerms? snapshot, InvitationMessage message, DateTimeOffset now) => snapshot switch
    {
        null => "session or participant no longer exists",
        { Terms: var s } when !s.IsActiveAt(now) => "session is closed",
        { Participant: var p } when !p.IsCurrent => $"participant is {p.Status.ToWire()}",
        { Participant: var p } when p.Invitation.Attempt != message.Attempt => $"superseded by attempt {p.Invitation.Attempt}",
        { Participant: var p } when p.Invitation.Status != InvitationStatus.Pending => $"already {p.Invitation.Status.ToWire()}",
        { Participant: var p } when p.Invitation.LinkExpiresAt <= now => "the link has expired (a resend makes a new one)",
        _ => null,
    };

    private static bool IsWellFormed(InvitationMessage? message) =>
        message is not null && SessionIds.IsSessionId(message.SessionId) && SessionIds.IsParticipantId(message.ParticipantId) && message.Attempt > 0;
}
