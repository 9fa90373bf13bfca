namespace OtpSessions.Core.Sessions;

/// <summary>
/// What the delivery side has recorded of a participant's codes: the provider accepted the send its
/// <see cref="State"/> names (<see cref="DeliveryState{TStatus}.CodeId"/>, <see cref="DeliveryState{TStatus}.Send"/>),
/// refused it, or reported it delivered or failed. It has its own row
/// (<see cref="SessionRowKeys.OtpDelivery"/>), written only by the delivery worker and by delivery reports, while the
/// customer's requests write the participant row: a customer who enters the code the instant it arrives never collides
/// with the worker recording that it was sent (two rows, two ETags). A participant as loaded carries both, merged by
/// <see cref="Merge"/>: <see cref="Participant.OtpDelivery"/> and <see cref="OtpCodeRef.SendsAccepted"/> are what the two
/// rows say together.
/// </summary>
/// <param name="SendsAccepted">The highest send number of the state's code the provider accepted (0 = none).</param>
/// <param name="State">The recorded state, naming the code and send number it is about (1 = first send, 2 = first resend, …).</param>
public sealed record OtpDeliveryRecord(string ParticipantId, int SendsAccepted, DeliveryState<OtpDeliveryStatus> State)
{
    /// <summary>The row's ETag when loaded; null for a record not yet stored.</summary>
    public string? ETag { get; init; }

    /// <summary>
    /// The participant as its row and its delivery record say together. The record's state counts when it is about the
    /// send the participant row last asked for, or a later one of the same code (a row that names no send — written before
    /// sends were named — counts as asked for by any record); otherwise the participant row's own state stands (a newer
    /// code or resend is <c>queued</c>, a manual code has <c>none</c>). The sends accepted of the current code are the
    /// higher of the two.
    /// </summary>
    public static Participant Merge(Participant participant, OtpDeliveryRecord? record)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (record is null)
        {
            return participant;
        }
        var (asked, recorded) = (participant.OtpDelivery, record.State);
        var covers = asked.CodeId is null || (asked.CodeId == recorded.CodeId && recorded.Send >= asked.Send);
        var code = participant.CurrentCode;
        return participant with
        {
            DeliveryRecord = record,
            OtpDelivery = covers ? recorded : asked,
            CurrentCode = code is not null && code.CodeId == recorded.CodeId && record.SendsAccepted > code.SendsAccepted
                ? code with { SendsAccepted = record.SendsAccepted }
                : code,
        };
    }
}
