using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

public enum OtpSendStatus
{
    Sent,
    Failed,
    Skipped,
}

/// <param name="Why">For the log: ids and reasons only.</param>
public sealed record OtpSendResult(OtpSendStatus Status, string Why);

/// <summary>
/// The <c>otp-deliveries</c> queue's work: send the participant's current code over their OTP channel (the channel the
/// invite did not use) with the code template, and record <c>otpDelivery</c> <c>sent</c>/<c>failed</c> with the
/// provider's message id (+ a <c>deliveries</c> row so the delivery report finds the code), events <c>otp.sent</c> /
/// <c>otp.delivery_failed</c>. A message whose work is moot — a code that is no longer the active one (replaced,
/// used, voided by a lockout, expired), a reassigned or removed participant, a closed session, a send already accepted —
/// completes without sending. The sender's idempotency id is <c>code:{codeId}:{send number}</c>: a retried message
/// never sends a second message, while a resend (the next send number) is a new one. A failed SMS falls back once per
/// send to the participant's email invite address when the policy allows email OTP (<see cref="DeliveryFallback"/>,
/// <see cref="OtpCodeRef.FallbackDue"/>): the same code by email, idempotency id <c>code:{codeId}:{send}:fallback-email</c>.
/// </summary>
public sealed class OtpDeliveryService(
    ISessionStore sessions,
    IDeliveryRecordStore deliveries,
    ISmsSender sms,
    IEmailSender email,
    MessageTemplates templates,
    ICodeProtector protector,
    TimeProvider time)
{
    public async Task<OtpSendResult> SendAsync(OtpDeliveryMessage? message, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(message))
        {
            return new(OtpSendStatus.Skipped, "malformed message");
        }
        var snapshot = await sessions.LoadParticipantAsync(message!.SessionId, message.ParticipantId, cancellationToken);
        var now = time.GetUtcNow();
        if (WhyNot(snapshot, message, now) is { } why)
        {
            return new(OtpSendStatus.Skipped, why);
        }
        var (session, participant) = snapshot!;
        var code = participant.CurrentCode!;
        var fallback = code.FallbackDue;
        var to = participant.CodeContact!;
        if (!protector.TryUnprotect(code.ProtectedCode!, code.CodeId, out var plain))
        {
            // Another key or a damaged row: no retry can help. The agent's view fails the same way; a resend issues no new
            // code while this one is active, so the customer waits for it to expire.
            await RecordAsync(message, snapshot, code.Sends, fallback, OtpDeliveryStatus.Failed, null, "unreadable", cancellationToken);
            return new(OtpSendStatus.Failed, "the stored code cannot be decrypted with the current key");
        }
        var send = code.Sends;
        var idempotencyId = fallback ? DeliveryFallback.IdempotencyId($"code:{code.CodeId}:{send}") : $"code:{code.CodeId}:{send}";
        var validFor = code.ExpiresAt - now;
        var result = to.Channel == Channel.Sms
            ? await sms.SendAsync(new SmsMessage(to.Address, templates.CodeSms(plain, validFor), idempotencyId, FirstRequestedAt(participant, code)),
                cancellationToken)
            : await email.SendAsync(new EmailMessage(to.Address, templates.CodeEmail(plain, validFor), idempotencyId, participant.Name),
                cancellationToken);

        switch (result)
        {
            case SendResult.Accepted accepted:
                await deliveries.RecordAsync(new DeliveryRecord(accepted.ProviderMessageId, session.SessionId, participant.ParticipantId,
                    DeliveryKind.Otp, code.CodeId, session.ExpiresAt), cancellationToken);
                await RecordAsync(message, snapshot, send, fallback, OtpDeliveryStatus.Sent, accepted.ProviderMessageId, null, cancellationToken);
                return new(OtpSendStatus.Sent, $"send {send} accepted as {accepted.ProviderMessageId}{(fallback ? " (email fallback)" : "")}");
            case SendResult.Failed { Retryable: true }:
                throw new TransientSendException(
                    $"The provider did not take send {send} of code {code.CodeId} of participant {participant.ParticipantId} now; the message is retried.");
            default:
                // A refused SMS falls back to the email invite address at once (this very message sends it).
                return await RecordAsync(message, snapshot, send, fallback, OtpDeliveryStatus.Failed, null, "rejected", cancellationToken,
                        mayFallBack: true) == Recorded.FallingBack
                    ? await SendAsync(message, cancellationToken)
                    : new(OtpSendStatus.Failed, $"send {send} rejected by the provider");
        }
    }

    /// <summary>The message ran out of retries (it landed in <c>otp-deliveries-poison</c>): the code's delivery is <c>failed</c>.</summary>
    public async Task<OtpSendResult> MarkUndeliverableAsync(OtpDeliveryMessage? message, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(message))
        {
            return new(OtpSendStatus.Skipped, "malformed message");
        }
        return await RecordAsync(message!, null, 0, null, OtpDeliveryStatus.Failed, null, "retries_exhausted", cancellationToken) != Recorded.Nothing
            ? new(OtpSendStatus.Failed, "retries exhausted")
            : new(OtpSendStatus.Skipped, "nothing pending for this code");
    }

    private enum Recorded
    {
        Nothing,
        Status,
        FallingBack,
    }

    /// <summary>
    /// Records the outcome of send <paramref name="send"/> (over the OTP channel, or its email fallback:
    /// <paramref name="fallback"/>; null = whichever is due) on the participant row (ETag-checked; first with the snapshot
    /// already read). A failure is recorded only while nothing later was accepted and the delivery is not already failed;
    /// with <paramref name="mayFallBack"/>, a failed SMS with an email fallback (<see cref="DeliveryFallback.ForCode"/>)
    /// makes that fallback due instead (<c>otpDelivery</c> <c>queued</c>).
    /// </summary>
    private Task<Recorded> RecordAsync(
        OtpDeliveryMessage message, ParticipantSnapshot? first, int send, bool? fallback, OtpDeliveryStatus status, string? providerMessageId,
        string? reason, CancellationToken cancellationToken, bool mayFallBack = false) =>
        ConcurrencyRetry.RunAsync(async () =>
        {
            var snapshot = first ?? await sessions.LoadParticipantAsync(message.SessionId, message.ParticipantId, cancellationToken);
            first = null;
            if (snapshot is not { Participant.CurrentCode: { } code } || code.CodeId != message.CodeId
                || (fallback is { } sent && code.FallbackDue != sent))
            {
                return Recorded.Nothing;
            }
            var (session, p) = snapshot;
            var now = time.GetUtcNow();
            var change = new SessionChange(session.SessionId, session.ExpiresAt);
            var wasFallback = code.FallbackDue;
            var to = ContactData.Of(p.CodeContact);
            if (status == OtpDeliveryStatus.Sent)
            {
                if (code.SendsAccepted >= send)
                {
                    return Recorded.Nothing;
                }
                change.Put(p with
                {
                    CurrentCode = code with { SendsAccepted = send },
                    OtpDelivery = new DeliveryState<OtpDeliveryStatus>(OtpDeliveryStatus.Sent, now, providerMessageId),
                }).Emit(EventTypes.OtpSent, now, new OtpSentData(session.SessionId, session.Reference, p.ParticipantId, p.Role,
                    to!, code.CodeId, send, wasFallback));
                await sessions.CommitAsync(change, cancellationToken);
                return Recorded.Status;
            }
            if (code.SendsAccepted >= code.Sends || p.OtpDelivery.Status == OtpDeliveryStatus.Failed)
            {
                return Recorded.Nothing;
            }
            var fallingBack = mayFallBack && !wasFallback && DeliveryFallback.ForCode(session, p, code.CodeId, send, now) is not null;
            change.Put(fallingBack
                    ? p with { CurrentCode = code with { FallbackSend = send }, OtpDelivery = p.OtpDelivery with { Status = OtpDeliveryStatus.Queued } }
                    : p with { OtpDelivery = p.OtpDelivery with { Status = OtpDeliveryStatus.Failed } })
                .Emit(EventTypes.OtpDeliveryFailed, now, new OtpDeliveryFailedData(session.SessionId, session.Reference, p.ParticipantId,
                    p.Role, to, code.CodeId, reason ?? "failed"));
            await sessions.CommitAsync(change, cancellationToken);
            return fallingBack ? Recorded.FallingBack : Recorded.Status;
        });

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
