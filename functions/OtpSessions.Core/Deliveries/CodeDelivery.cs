using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// Codes (<c>otp-deliveries</c> queue): the participant's current code over their OTP channel (the one the invite did not
/// use), in their language; <c>otpDelivery</c> <c>sent</c>/<c>failed</c>, then <c>delivered</c>/<c>failed</c> from reports,
/// events <c>otp.sent</c> / <c>otp.delivery_failed</c>. The item is the code id; the send is the code's latest
/// (<see cref="OtpState.SendId"/>: a resend is a new send id). Its outcomes go to the participant's delivery record
/// (<see cref="OtpDeliveryRecord"/>), never to the participant row the customer's requests write. A code that is no
/// longer the active one (replaced, used, voided, expired) or already sent is moot; one the current key cannot read
/// can never be sent (<c>unreadable</c>): the agent reads it out.
/// </summary>
public sealed class CodeDelivery(MessageTemplates templates, ICodeProtector protector) : IDeliveryKind
{
    public const string KindName = "code";

    public string Name => KindName;

    /// <summary>The message that sends the latest send of <paramref name="codeId"/> to <paramref name="participant"/>.</summary>
    public static DeliveryMessage MessageFor(Participant participant, string codeId)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return new(KindName, participant.SessionId, participant.ParticipantId, codeId);
    }

    public bool IsWellFormed(string item) =>
        item is { Length: > 2 and <= 64 } && item.StartsWith(OtpCodeIssuer.CodeIdPrefix, StringComparison.Ordinal);

    public async Task<ParticipantWithTerms?> LoadAsync(ISessionStore sessions, DeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(message);
        // With its delivery record: a code's outcome is recorded there, never on the participant row the customer writes.
        return (await sessions.LoadParticipantAsync(message.SessionId, message.ParticipantId, cancellationToken))?.WithTerms();
    }

    public string? WhyNot(Participant participant, string item, DateTimeOffset now) => participant switch
    {
        { Otp: null } => "participant has manual OTP",
        { OtpState.CodeId: null } => "no code is active",
        { OtpState: var c } when c.CodeId != item => "superseded by a newer code",
        { OtpState: var c } when c.ProtectedCode is null || c.ExpiresAt is null => "no code is active",
        { OtpState: var c } when c.ExpiresAt <= now => "code expired",
        { OtpState: var c } when c.CodeSendsAccepted >= c.CodeSends => "already sent",
        _ => null,
    };

    public DeliveryContent Render(ParticipantWithTerms snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (session, participant) = snapshot;
        var code = participant.OtpState;
        if (!protector.TryUnprotect(code.ProtectedCode!, new CodeBinding(session.SessionId, participant.ParticipantId, code.CodeId!), out var plain))
        {
            // Another key or a damaged row: no retry can help. The agent's view fails the same way; a resend issues no new
            // code while this one is active, so the customer waits for it to expire.
            return DeliveryContent.Unsendable("unreadable", "the stored code cannot be decrypted with the current key");
        }
        var validFor = code.ExpiresAt!.Value - now;
        return new(new OutgoingDelivery(session.SessionId, participant.ParticipantId, code.LatestSendId, code.CodeSends,
            participant.Otp!, participant.Name, FirstRequestedAt(code), session.ExpiresAt,
            () => templates.CodeSms(plain, validFor, participant.Locale),
            () => templates.CodeEmail(plain, validFor, participant.Locale)));
    }

    public SessionChange? Accepted(ParticipantWithTerms snapshot, string item, int send, string providerMessageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (session, p) = snapshot;
        return OtpDeliveryRecord.Accepted(p, item, send, providerMessageId, now) is { } record
            ? new SessionChange(session).Put(record).Emit(EventTypes.OtpSent, now,
                new OtpSentData(session.SessionId, session.Reference, p.ParticipantId, p.Role, ContactData.Of(p.Otp)!, item, record.State.Send))
                .Record(AuditActions.OtpSent, AuditActions.DeliveryActor, now, p.ParticipantId, Audit(p, record, providerMessageId))
            : null;
    }

    public SessionChange? Failed(ParticipantWithTerms snapshot, string item, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return OtpDeliveryRecord.Failed(snapshot.Participant, item) is { } record ? FailedChange(snapshot, record, reason, now) : null;
    }

    public SessionChange? Reported(ParticipantWithTerms snapshot, string sendId, bool delivered, string providerMessageId,
        DateTimeOffset receivedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (OtpDeliveryRecord.Reported(snapshot.Participant, sendId, delivered, providerMessageId, receivedAt) is not { } record)
        {
            return null;
        }
        return delivered
            ? new SessionChange(snapshot.Terms).Put(record).Record(AuditActions.OtpDelivered, AuditActions.DeliveryActor, now,
                snapshot.Participant.ParticipantId, Audit(snapshot.Participant, record, providerMessageId))
            : FailedChange(snapshot, record, "undelivered", now);
    }

    private static DeliveryAuditData Audit(Participant p, OtpDeliveryRecord record, string? providerMessageId, string? reason = null) =>
        new(p.ParticipantId, ContactData.Of(p.Otp)!, record.State.Send, record.State.CodeId, providerMessageId, reason);

    private static SessionChange FailedChange(ParticipantWithTerms snapshot, OtpDeliveryRecord record, string reason, DateTimeOffset now)
    {
        var (session, p) = snapshot;
        return new SessionChange(session).Put(record).Emit(EventTypes.OtpDeliveryFailed, now,
            new OtpDeliveryFailedData(session.SessionId, session.Reference, p.ParticipantId, p.Role, ContactData.Of(p.Otp), record.State.CodeId!, reason))
            .Record(AuditActions.OtpDeliveryFailed, AuditActions.DeliveryActor, now, p.ParticipantId, Audit(p, record, record.State.ProviderMessageId, reason));
    }

    /// <summary>When the send now due was requested (the latest send time): the same value on every retry of it.</summary>
    private static DateTimeOffset FirstRequestedAt(OtpState code) => code.LastSentAt ?? code.IssuedAt ?? code.ExpiresAt!.Value;
}
