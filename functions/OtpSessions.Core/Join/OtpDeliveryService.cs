using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>
/// The <c>otp-deliveries</c> queue's work: send the participant's current code over their OTP channel (the channel the
/// invite did not use) with the code template in the participant's language, and record <c>otpDelivery</c>
/// <c>sent</c>/<c>failed</c> with the provider's message id (sent through <see cref="DeliverySender"/>, as invitations are:
/// the SMS tag or the email's <c>deliveries</c> row names this very send, so its delivery report applies to it alone), events <c>otp.sent</c> / <c>otp.delivery_failed</c>. A message whose work is
/// moot — a code that is no longer the active one (replaced, used, voided by a lockout, expired), a reassigned or
/// removed participant, a closed session, a send already accepted — completes without sending. The sender's idempotency
/// id is the send id (<see cref="OtpCodeRef.SendId"/>): a retried message never sends a second message, while a resend
/// (the next send number) is a new one. A failed send never goes to the participant's other address (the invite link
/// is there): the code stays viewable to the agent, who reads it out.
/// </summary>
public sealed class OtpDeliveryService(
    ISessionStore sessions,
    DeliverySender sender,
    MessageTemplates templates,
    ICodeProtector protector,
    TimeProvider time)
{
    public async Task<DeliveryWorkResult> SendAsync(OtpDeliveryMessage? message, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(message))
        {
            return DeliveryWorkResult.Skipped("malformed message");
        }
        var snapshot = await sessions.LoadParticipantAsync(message!.SessionId, message.ParticipantId, cancellationToken);
        var now = time.GetUtcNow();
        if (WhyNot(snapshot, message, now) is { } why)
        {
            return DeliveryWorkResult.Skipped(why);
        }
        var (session, participant) = snapshot!;
        var code = participant.CurrentCode!;
        var send = code.Sends;
        var to = participant.Otp!;
        if (!protector.TryUnprotect(code.ProtectedCode!, new CodeBinding(session.SessionId, participant.ParticipantId, code.CodeId), out var plain))
        {
            // Another key or a damaged row: no retry can help. The agent's view fails the same way; a resend issues no new
            // code while this one is active, so the customer waits for it to expire.
            await RecordAsync(message, snapshot, accepted: null, "unreadable", cancellationToken);
            return DeliveryWorkResult.Failed("the stored code cannot be decrypted with the current key");
        }
        var validFor = code.ExpiresAt - now;
        var result = await sender.SendAsync(new OutgoingDelivery(session.SessionId, participant.ParticipantId, DeliveryKind.Otp,
            code.SendId(send), to, participant.Name, FirstRequestedAt(participant, code), session.ExpiresAt,
            () => templates.CodeSms(plain, validFor, participant.Locale),
            () => templates.CodeEmail(plain, validFor, participant.Locale)), cancellationToken);
        if (result is SendResult.Accepted sent)
        {
            await RecordAsync(message, snapshot, (send, sent.ProviderMessageId), null, cancellationToken);
            return DeliveryWorkResult.Sent($"send {send} accepted as {sent.ProviderMessageId}");
        }
        await RecordAsync(message, snapshot, accepted: null, "rejected", cancellationToken);
        return DeliveryWorkResult.Failed($"send {send} rejected by the provider");
    }

    /// <summary>The message ran out of retries (it landed in <c>otp-deliveries-poison</c>): the code's delivery is <c>failed</c>.</summary>
    public async Task<DeliveryWorkResult> MarkUndeliverableAsync(OtpDeliveryMessage? message, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(message))
        {
            return DeliveryWorkResult.Skipped("malformed message");
        }
        return await RecordAsync(message!, null, accepted: null, "retries_exhausted", cancellationToken)
            ? DeliveryWorkResult.Failed("retries exhausted")
            : DeliveryWorkResult.Skipped("nothing pending for this code");
    }

    /// <summary>
    /// Records that the provider <paramref name="accepted"/> a send of the message's code, or else (null) that its latest
    /// send failed, in the participant's delivery record (<see cref="OtpDeliveryRecord.Accepted"/> /
    /// <see cref="OtpDeliveryRecord.Failed"/>; version-checked, first with the snapshot already read), never on the
    /// participant row the customer's requests write; false when there was nothing to record.
    /// </summary>
    private Task<bool> RecordAsync(
        OtpDeliveryMessage message, ParticipantSnapshot? first, (int Send, string ProviderMessageId)? accepted, string? reason,
        CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync(ConcurrencyRetry.FirstThenFresh(first,
            () => sessions.LoadParticipantAsync(message.SessionId, message.ParticipantId, cancellationToken), async snapshot =>
        {
            if (snapshot is null)
            {
                return false;
            }
            var (session, p) = snapshot;
            var now = time.GetUtcNow();
            var record = accepted is (var send, var providerMessageId)
                ? OtpDeliveryRecord.Accepted(p, message.CodeId, send, providerMessageId, now)
                : OtpDeliveryRecord.Failed(p, message.CodeId);
            if (record is null)
            {
                return false;
            }
            var change = new SessionChange(session).Put(record);
            if (accepted is not null)
            {
                change.Emit(EventTypes.OtpSent, now, new OtpSentData(session.SessionId, session.Reference, p.ParticipantId, p.Role,
                    ContactData.Of(p.Otp)!, message.CodeId, record.State.Send));
            }
            else
            {
                change.Emit(EventTypes.OtpDeliveryFailed, now, new OtpDeliveryFailedData(session.SessionId, session.Reference, p.ParticipantId,
                    p.Role, ContactData.Of(p.Otp), message.CodeId, reason ?? "failed"));
            }
            await sessions.CommitAsync(change, cancellationToken);
            return true;
        }));

    private static string? WhyNot(ParticipantSnapshot? snapshot, OtpDeliveryMessage message, DateTimeOffset now) => snapshot switch
    {
        null => "session or participant no longer exists",
        { Session: var s } when !s.IsActiveAt(now) => "session is closed",
        { Participant: var p } when !p.IsCurrent => $"participant is {p.Status.ToWire()}",
        { Participant.Otp: null } => "participant has manual OTP",
        { Participant.CurrentCode: null } => "no code is active",
        { Participant.CurrentCode: var c } when c.CodeId != message.CodeId => "superseded by a newer code",
        { Participant.CurrentCode: var c } when c.ProtectedCode is null => "no code is active",
        { Participant.CurrentCode: var c } when c.ExpiresAt <= now => "code expired",
        { Participant.CurrentCode: var c } when c.SendsAccepted >= c.Sends => "already sent",
        _ => null,
    };

    /// <summary>When the send now due was requested (the latest send time): the same value on every retry of it.</summary>
    private static DateTimeOffset FirstRequestedAt(Participant p, OtpCodeRef code) =>
        p.OtpSendTimes.Count > 0 ? p.OtpSendTimes.Max() : code.IssuedAt ?? code.ExpiresAt;

    private static bool IsWellFormed(OtpDeliveryMessage? message) =>
        message is not null
        && SessionIds.IsSessionId(message.SessionId)
        && SessionIds.IsParticipantId(message.ParticipantId)
        && message.CodeId is { Length: > 2 and <= 64 }
        && message.CodeId.StartsWith(OtpCodeIssuer.CodeIdPrefix, StringComparison.Ordinal);
}
