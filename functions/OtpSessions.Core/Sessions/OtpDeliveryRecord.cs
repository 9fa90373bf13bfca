using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// What the delivery side has recorded of a participant's codes: the provider accepted the send its
/// <see cref="State"/> names (<see cref="DeliveryState{TStatus}.CodeId"/>, <see cref="DeliveryState{TStatus}.Send"/>),
/// refused it, or reported it delivered or failed. It is stored apart from the participant (its own version), written
/// only by the delivery worker and by delivery reports, while the customer's requests write the participant: a customer who enters the code the instant it arrives never collides
/// with the worker recording that it was sent (two rows, two versions). A participant as loaded carries both, merged by
/// <see cref="Merge"/>: <see cref="Participant.OtpDelivery"/> and <see cref="Otp.OtpState.CodeSendsAccepted"/> are what the two
/// rows say together.
/// </summary>
/// <param name="SendsAccepted">The highest send number of the state's code the provider accepted (0 = none).</param>
/// <param name="State">The recorded state, naming the code and send number it is about (1 = first send, 2 = first resend, …).</param>
public sealed record OtpDeliveryRecord(string ParticipantId, int SendsAccepted, DeliveryState<OtpDeliveryStatus> State)
{
    /// <summary>The row's version when loaded; null for a record not yet stored.</summary>
    public StoredVersion? Version { get; init; }

    /// <summary>
    /// The participant as its row and its delivery record say together. The record's state counts when it is about the
    /// send the participant row last asked for, or a later one of the same code, or any send of that code once the code
    /// was entered (a row that names no send — written before sends were named — counts as asked for by any record);
    /// otherwise the participant row's own state stands (a newer code or resend is <c>queued</c>, a manual code has
    /// <c>none</c>). The sends accepted of the current code are the higher of the two.
    /// </summary>
    public static Participant Merge(Participant participant, OtpDeliveryRecord? record)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (record is null)
        {
            return participant;
        }
        var (asked, recorded) = (participant.OtpDelivery, record.State);
        // Once its code is entered, no later send of it goes out (the worker skips a used code): what the record says of
        // that code stands, so a resend still queued then never shows as queued for ever.
        var entered = participant.OtpState.CodeId != asked.CodeId;
        // A send a budget refused issued no code: nothing the record says of earlier codes covers it.
        var covers = asked.Status != OtpDeliveryStatus.Refused
            && (asked.CodeId is null || (asked.CodeId == recorded.CodeId && (recorded.Send >= asked.Send || entered)));
        var code = participant.OtpState;
        return participant with
        {
            DeliveryRecord = record,
            OtpDelivery = covers ? recorded : asked,
            OtpState = code.CodeId is not null && code.CodeId == recorded.CodeId && record.SendsAccepted > code.CodeSendsAccepted
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
    public static OtpDeliveryRecord? Accepted(Participant participant, string codeId, int send, string providerMessageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var sent = new DeliveryState<OtpDeliveryStatus>(OtpDeliveryStatus.Sent, now, providerMessageId);
        var code = participant.OtpState;
        if (code.CodeId is null || code.CodeId != codeId)
        {
            return code.CodeId is null && participant.OtpDelivery.Status == OtpDeliveryStatus.Queued
                ? participant.DeliveryRecordOf(codeId, send, send, sent)
                : null;
        }
        if (code.CodeSendsAccepted >= send)
        {
            return null;
        }
        var reportedFirst = participant.OtpDelivery.ProviderMessageId == providerMessageId
            && participant.OtpDelivery.Status is OtpDeliveryStatus.Delivered or OtpDeliveryStatus.Failed;
        return participant.DeliveryRecordOf(code.CodeId, send, send, reportedFirst ? participant.OtpDelivery : sent);
    }

    /// <summary>
    /// The provider refused code <paramref name="codeId"/>'s latest send, it could not be read, or its message ran out of
    /// retries: the record that marks the delivery failed, or null when a send of the code was accepted since, the delivery
    /// is already failed, or the code is no longer the active one.
    /// </summary>
    public static OtpDeliveryRecord? Failed(Participant participant, string codeId)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var code = participant.OtpState;
        return code.CodeId is null || code.CodeId != codeId
            || code.CodeSendsAccepted >= code.CodeSends || participant.OtpDelivery.Status == OtpDeliveryStatus.Failed
            ? null
            : participant.DeliveryRecordOf(code.CodeId, code.CodeSends, code.CodeSendsAccepted,
                participant.OtpDelivery with { Status = OtpDeliveryStatus.Failed });
    }

    /// <summary>
    /// A delivery report for send <paramref name="sendId"/>: the record that marks it delivered or failed, or null when the
    /// report is not for the active code's latest send or the delivery is already final (reports arrive at least once; a
    /// late one for an earlier send never marks a later one).
    /// </summary>
    public static OtpDeliveryRecord? Reported(Participant participant, string sendId, bool delivered, string providerMessageId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var code = participant.OtpState;
        return code.CodeId is null || code.LatestSendId != sendId
            || participant.OtpDelivery.Status is OtpDeliveryStatus.Delivered or OtpDeliveryStatus.Failed
            ? null
            : participant.DeliveryRecordOf(code.CodeId, code.CodeSends, code.CodeSendsAccepted, participant.OtpDelivery with
            {
                Status = delivered ? OtpDeliveryStatus.Delivered : OtpDeliveryStatus.Failed,
                SentAt = participant.OtpDelivery.SentAt ?? receivedAt,
                ProviderMessageId = providerMessageId,
            });
    }
}
