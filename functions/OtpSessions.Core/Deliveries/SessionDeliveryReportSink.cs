using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// The one report path of every delivery kind: applies an ACS delivery report to the participant its message was for
/// (named by the SMS's tag, which ACS echoes (<see cref="DeliveryTags"/>), or found through the <c>deliveries</c> row an
/// email's send wrote), through the kind its send id names (<see cref="IDeliveryKind.Reported"/>): <c>delivered</c> or
/// <c>failed</c>, with the kind's failure event in the outbox. A report counts only for the latest send — a late
/// "failed" for an earlier send, or a report for a code already used or replaced, changes nothing. Nothing is ever
/// re-sent to the participant's other address. Idempotent: a report for a delivery already final changes nothing
/// (Event Grid delivers at least once).
/// </summary>
public sealed class SessionDeliveryReportSink(DeliveryKinds kinds, ISentMessageStore deliveries, ISessionStore sessions, TimeProvider time)
    : IDeliveryReportSink
{
    public async Task ApplyAsync(DeliveryReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var record = DeliveryTags.Read(report) is { } tagged && kinds.OfSend(tagged.SendId) is not null
            ? tagged
            : await deliveries.FindAsync(report.ProviderMessageId, ct);
        if (record is null || kinds.OfSend(record.SendId) is not { } kind)
        {
            return;
        }
        var delivered = report.Status == DeliveryReportStatus.Delivered;
        await ConcurrencyRetry.RunAsync(async () =>
        {
            var snapshot = (await sessions.LoadParticipantAsync(record.SessionId, record.ParticipantId, ct))?.WithTerms();
            if (snapshot is null
                || kind.Reported(snapshot, record.SendId, delivered, record.ProviderMessageId, report.ReceivedAt, time.GetUtcNow()) is not { } change)
            {
                return false;
            }
            await sessions.CommitAsync(change, ct);
            return true;
        });
    }
}
