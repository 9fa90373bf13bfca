using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// Codes (<c>otp-deliveries</c> queue): the participant's current code over their OTP channel (the one the invite did not
/// use), in their language, with the participant's "not me" link of that channel (re-derived; never queued or stored); <c>otpDelivery</c> <c>sent</c>/<c>failed</c>, then <c>delivered</c>/<c>failed</c> from reports,
/// events <c>otp.sent</c> / <c>otp.delivery_failed</c>. The item is the code id; the send is the code's latest
/// (<see cref="OtpState.SendId"/>: a resend is a new send id). Its outcomes go to the participant's delivery record
/// (<see cref="Participant.DeliveryRecord"/>, a <see cref="Delivery"/> kept apart with its own version, read together with
/// the participant through <see cref="Merge"/>), never to the participant row the customer's requests write. A code that is no
/// longer the active one (replaced, used, voided, expired) or already sent is moot; one the current key cannot read
/// can never be sent (<c>unreadable</c>): the agent reads it out.
/// </summary>
public sealed class CodeDelivery(MessageTemplates templates, ICodeProtector protector, TokenFactory tokenFactory,
    IOptions<InvitationLinkOptions> links) : IDeliveryKind
{
    public const string KindName = DeliveryKindNames.Code;

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
        { IsReported: true } => DeliveryKinds.Reported,
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
        var notMe = links.Value.NotMeLinkFor(tokenFactory.ReportToken(participant, participant.Otp!.Channel));
        return new(new OutgoingDelivery(session.SessionId, participant.ParticipantId, code.LatestSendId, code.CodeSends,
            participant.Otp!, participant.Name, FirstRequestedAt(code), session.ExpiresAt,
            () => templates.CodeSms(plain, validFor, participant.Locale, notMe),
            () => templates.CodeEmail(plain, validFor, participant.Locale, notMe)));
    }

    public SessionChange? Accepted(ParticipantWithTerms snapshot, string item, int send, string providerMessageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (session, p) = snapshot;
        return OnAccepted(p, item, send, providerMessageId, now) is { } record
            ? new SessionChange(session).Put(p.ParticipantId, record).Emit(EventTypes.OtpSent, now,
                new OtpSentData(session.SessionId, session.Reference, p.ParticipantId, p.Role, ContactData.Of(p.Otp)!, item, record.Send))
                .Record(AuditActions.OtpSent, AuditActions.DeliveryActor, now, p.ParticipantId, Audit(p, record, providerMessageId))
            : null;
    }

    public SessionChange? Failed(ParticipantWithTerms snapshot, string item, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return OnFailed(snapshot.Participant, item) is { } record ? FailedChange(snapshot, record, reason, now) : null;
    }

    public SessionChange? Reported(ParticipantWithTerms snapshot, string sendId, bool delivered, string providerMessageId,
        DateTimeOffset receivedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (OnReport(snapshot.Participant, sendId, delivered, providerMessageId, receivedAt) is not { } record)
        {
            return null;
        }
        return delivered
            ? new SessionChange(snapshot.Terms).Put(snapshot.Participant.ParticipantId, record).Record(AuditActions.OtpDelivered, AuditActions.DeliveryActor, now,
                snapshot.Participant.ParticipantId, Audit(snapshot.Participant, record, providerMessageId))
            : FailedChange(snapshot, record, "undelivered", now);
    }

    /// <summary>
    /// The participant as its row and its delivery record say together (both stores load it so). The record counts when it
    /// is about the send the participant row last asked for, or a later one of the same code, or any send of that code
    /// once the code was entered (a row that names no send — written before sends were named — counts as asked for by any
    /// record); otherwise the participant row's own delivery stands (a newer code or resend is <c>queued</c>, a manual code
    /// has <c>none</c>, a send a budget refused stays <c>refused</c>). The sends accepted of the current code are the
    /// higher of the two.
    /// </summary>
    public static Participant Merge(Participant participant, Delivery? record)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (record is null)
        {
            return participant;
        }
        var asked = participant.OtpDelivery;
        var code = participant.OtpState;
        // Once its code is entered, no later send of it goes out (the worker skips a used code): what the record says of
        // that code stands, so a resend still queued then never shows as queued for ever.
        var entered = code.CodeId != asked.Item;
        // A send a budget refused issued no code: nothing the record says of earlier codes covers it.
        var covers = asked.Status != DeliveryStatus.Refused
            && (asked.Item is null || (asked.Item == record.Item && (record.Send >= asked.Send || entered)));
        return participant with
        {
            DeliveryRecord = record,
            // What the participant row keeps of it: its state, not the record's own version and count.
            OtpDelivery = covers ? record with { Version = null, SendsAccepted = 0 } : asked,
            OtpState = code.CodeId is not null && code.CodeId == record.Item && record.SendsAccepted > code.CodeSendsAccepted
                ? code with { CodeSendsAccepted = record.SendsAccepted }
                : code,
        };
    }

    /// <summary>
    /// The provider accepted send <paramref name="send"/> of code <paramref name="codeId"/>: the record to write, or null
    /// when there is nothing to record (that send or a later one is already recorded accepted, or the code was replaced).
    /// A delivery report that came before the worker's record keeps its status. A code the participant already entered
    /// (none newer active) is still recorded sent, so its delivery never stays <c>queued</c>.
    /// </summary>
    public static Delivery? OnAccepted(Participant participant, string codeId, int send, string providerMessageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var code = participant.OtpState;
        var asked = participant.OtpDelivery;
        if (code.CodeId is null || code.CodeId != codeId)
        {
            return code.CodeId is null && asked.Status == DeliveryStatus.Queued
                ? Record(participant, asked.Accepted(providerMessageId, now), codeId, send, send)
                : null;
        }
        return code.CodeSendsAccepted >= send ? null : Record(participant, asked.Accepted(providerMessageId, now), codeId, send, send);
    }

    /// <summary>
    /// The provider refused code <paramref name="codeId"/>'s latest send, it could not be read, or its message ran out of
    /// retries: the record that marks the delivery failed, or null when a send of the code was accepted since, the delivery
    /// is already failed, or the code is no longer the active one.
    /// </summary>
    public static Delivery? OnFailed(Participant participant, string codeId)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var code = participant.OtpState;
        return code.CodeId is null || code.CodeId != codeId
            || code.CodeSendsAccepted >= code.CodeSends || participant.OtpDelivery.Status == DeliveryStatus.Failed
            ? null
            : Record(participant, participant.OtpDelivery.Failed(), code.CodeId, code.CodeSends, code.CodeSendsAccepted);
    }

    /// <summary>
    /// A delivery report for send <paramref name="sendId"/>: the record that marks it delivered or failed, or null when the
    /// report is not for the active code's latest send or the delivery is already final (reports arrive at least once; a
    /// late one for an earlier send never marks a later one, and one for a code already used changes nothing).
    /// </summary>
    public static Delivery? OnReport(Participant participant, string sendId, bool delivered, string providerMessageId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var code = participant.OtpState;
        return code.CodeId is null || code.LatestSendId != sendId
            || participant.OtpDelivery.Reported(delivered, providerMessageId, receivedAt) is not { } reported
            ? null
            : Record(participant, reported, code.CodeId, code.CodeSends, code.CodeSendsAccepted);
    }

    /// <summary>The record to write: <paramref name="delivery"/> about send <paramref name="send"/> of the code, replacing the one loaded.</summary>
    private static Delivery Record(Participant participant, Delivery delivery, string codeId, int send, int sendsAccepted) =>
        delivery with { Item = codeId, Send = send, SendsAccepted = sendsAccepted, Version = participant.DeliveryRecord?.Version };

    private static DeliveryAuditData Audit(Participant p, Delivery record, string? providerMessageId, string? reason = null) =>
        new(p.ParticipantId, ContactData.Of(p.Otp)!, record.Send, record.Item, providerMessageId, reason);

    private static SessionChange FailedChange(ParticipantWithTerms snapshot, Delivery record, string reason, DateTimeOffset now)
    {
        var (session, p) = snapshot;
        return new SessionChange(session).Put(p.ParticipantId, record).Emit(EventTypes.OtpDeliveryFailed, now,
            new OtpDeliveryFailedData(session.SessionId, session.Reference, p.ParticipantId, p.Role, ContactData.Of(p.Otp), record.Item!, reason))
            .Record(AuditActions.OtpDeliveryFailed, AuditActions.DeliveryActor, now, p.ParticipantId, Audit(p, record, record.ProviderMessageId, reason));
    }

    /// <summary>When the send now due was requested (the latest send time): the same value on every retry of it.</summary>
    private static DateTimeOffset FirstRequestedAt(OtpState code) => code.LastSentAt ?? code.IssuedAt ?? code.ExpiresAt!.Value;
}
