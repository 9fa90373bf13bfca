using Microsoft.Extensions.Options;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

public enum InvitationSendStatus
{
    Sent,
    Failed,
    Skipped,
}

/// <param name="Why">For the log: ids and reasons only.</param>
public sealed record InvitationSendResult(InvitationSendStatus Status, string Why);

/// <summary>The provider could not take the message now (throttling, outage): the queue message is retried, then poisoned.</summary>
public sealed class TransientSendException : Exception
{
    public TransientSendException()
    {
    }

    public TransientSendException(string message) : base(message)
    {
    }

    public TransientSendException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// The <c>invitations</c> queue's work: send one participant's invite link
/// (<c>{Web:BaseUrl}/join#{token}</c>, the token re-derived from the invitation id) by SMS or email, and record
/// <c>invitation.status</c> <c>sent</c>/<c>failed</c> with the provider's message id (an SMS carries its send's
/// <see cref="DeliveryTags">tag</see>, an email gets a <c>deliveries</c> row, for the delivery report). A message whose work is done or moot (participant reassigned/removed, session closed or expired,
/// a newer attempt queued, already sent, link expired meanwhile) completes without sending. The sender's idempotency id is the invitation's
/// id and attempt, so a retried message never sends a second, different message. A failed send stays failed: the link
/// never goes to the participant's other address (that is where codes go); the agent resends or reassigns.
/// </summary>
public sealed class InvitationService(
    ISessionStore sessions,
    IDeliveryRecordStore deliveries,
    ISmsSender sms,
    IEmailSender email,
    MessageTemplates templates,
    TokenFactory tokenFactory,
    IOptions<InvitationLinkOptions> links,
    TimeProvider time)
{
    public async Task<InvitationSendResult> SendAsync(InvitationMessage? message, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(message))
        {
            return new(InvitationSendStatus.Skipped, "malformed message");
        }
        var snapshot = await sessions.LoadParticipantAsync(message!.SessionId, message.ParticipantId, cancellationToken);
        if (WhyNot(snapshot, message, time.GetUtcNow()) is { } why)
        {
            return new(InvitationSendStatus.Skipped, why);
        }
        var (session, participant) = snapshot!;
        var invitation = participant.Invitation;
        var to = participant.Invite;
        var link = links.Value.LinkFor(tokenFactory.InviteToken(participant));
        var result = to.Channel == Channel.Sms
            ? await sms.SendAsync(new SmsMessage(to.Address, templates.InvitationSms(link, participant.Locale), invitation.IdempotencyId,
                invitation.RequestedAt, DeliveryTags.Of(session.SessionId, participant.ParticipantId, invitation.IdempotencyId)), cancellationToken)
            : await email.SendAsync(new EmailMessage(to.Address, templates.InvitationEmail(link, participant.Name, participant.Locale),
                invitation.IdempotencyId, participant.Name), cancellationToken);

        switch (result)
        {
            case SendResult.Accepted accepted:
                if (to.Channel == Channel.Email)
                {
                    await deliveries.RecordAsync(new DeliveryRecord(accepted.ProviderMessageId, session.SessionId, participant.ParticipantId,
                        DeliveryKind.Invitation, invitation.IdempotencyId, session.ExpiresAt), cancellationToken);
                }
                await RecordAsync(message, snapshot, InvitationStatus.Sent, accepted.ProviderMessageId, null, cancellationToken);
                return new(InvitationSendStatus.Sent, $"accepted as {accepted.ProviderMessageId}");
            case SendResult.Failed { Retryable: true }:
                throw new TransientSendException(
                    $"The provider did not take invitation attempt {message.Attempt} of participant {message.ParticipantId} now; the message is retried.");
            default:
                await RecordAsync(message, snapshot, InvitationStatus.Failed, null, "rejected", cancellationToken);
                return new(InvitationSendStatus.Failed, "rejected by the provider");
        }
    }

    /// <summary>The message ran out of retries (it landed in <c>invitations-poison</c>): the invitation is <c>failed</c>.</summary>
    public async Task<InvitationSendResult> MarkUndeliverableAsync(InvitationMessage? message, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(message))
        {
            return new(InvitationSendStatus.Skipped, "malformed message");
        }
        return await RecordAsync(message!, null, InvitationStatus.Failed, null, "retries_exhausted", cancellationToken)
            ? new(InvitationSendStatus.Failed, "retries exhausted")
            : new(InvitationSendStatus.Skipped, "nothing pending for this attempt");
    }

    /// <summary>
    /// Records the outcome of the pending attempt (ETag-checked; first with the snapshot already read, after a conflict on
    /// a fresh one); false when that attempt is no longer the one pending.
    /// </summary>
    private Task<bool> RecordAsync(
        InvitationMessage message, ParticipantSnapshot? first, InvitationStatus status, string? providerMessageId, string? reason,
        CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync(async () =>
        {
            var snapshot = first ?? await sessions.LoadParticipantAsync(message.SessionId, message.ParticipantId, cancellationToken);
            first = null;
            var now = time.GetUtcNow();
            if (snapshot is null
                || snapshot.Participant.Invitation.Attempt != message.Attempt
                || snapshot.Participant.Invitation.Status != InvitationStatus.Pending)
            {
                return false;
            }
            var (session, participant) = snapshot;
            var updated = participant with
            {
                Invitation = participant.Invitation with
                {
                    Status = status,
                    SentAt = status == InvitationStatus.Sent ? now : participant.Invitation.SentAt,
                    ProviderMessageId = providerMessageId ?? participant.Invitation.ProviderMessageId,
                },
            };
            await sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt)
                .Put(updated)
                .Emit(status == InvitationStatus.Sent ? EventTypes.InvitationSent : EventTypes.InvitationFailed, now,
                    new InvitationData(session.SessionId, session.Reference, participant.ParticipantId, participant.Role,
                        ContactData.Of(participant.Invite)!, message.Attempt, reason)), cancellationToken);
            return true;
        });

    private static string? WhyNot(ParticipantSnapshot? snapshot, InvitationMessage message, DateTimeOffset now) => snapshot switch
    {
        null => "session or participant no longer exists",
        { Session: var s } when !s.IsActiveAt(now) => "session is closed",
        { Participant: var p } when !p.IsCurrent => $"participant is {p.Status.ToWire()}",
        { Participant: var p } when p.Invitation.Attempt != message.Attempt => $"superseded by attempt {p.Invitation.Attempt}",
        { Participant: var p } when p.Invitation.Status != InvitationStatus.Pending => $"already {p.Invitation.Status.ToWire()}",
        { Participant: var p } when p.Invitation.LinkExpiresAt <= now => "the link has expired (a resend makes a new one)",
        _ => null,
    };

    private static bool IsWellFormed(InvitationMessage? message) =>
        message is not null && SessionIds.IsSessionId(message.SessionId) && SessionIds.IsParticipantId(message.ParticipantId) && message.Attempt > 0;
}
