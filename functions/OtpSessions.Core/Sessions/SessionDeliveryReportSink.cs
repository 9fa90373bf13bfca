using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// Applies ACS delivery reports to the participant a message was for (named by the SMS's tag, which ACS echoes
/// (<see cref="DeliveryTags"/>), or found through the <c>deliveries</c> row an email's send wrote): <c>invitation.status</c> or <c>otpDelivery.status</c> becomes <c>delivered</c>/<c>failed</c>, with
/// <c>invitation.failed</c> / <c>otp.delivery_failed</c> in the outbox. A report counts only for the latest send — the
/// current invitation attempt (<see cref="InvitationState.IdempotencyId"/>) or the current code's latest send
/// (<see cref="OtpCodeRef.LatestSendId"/>) — so a late "failed" for an earlier send never marks a later one failed.
/// Nothing is ever re-sent to the participant's other address. Idempotent: a report for a delivery already final changes
/// nothing (Event Grid delivers at least once).
/// </summary>
public sealed class SessionDeliveryReportSink(IDeliveryRecordStore deliveries, ISessionStore sessions, TimeProvider time) : IDeliveryReportSink
{
    public async Task ApplyAsync(DeliveryReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var record = DeliveryTags.Read(report) ?? await deliveries.FindAsync(report.ProviderMessageId, ct);
        if (record is null)
        {
            return;
        }
        var delivered = report.Status == DeliveryReportStatus.Delivered;
        await ConcurrencyRetry.RunAsync(async () =>
        {
            var snapshot = await sessions.LoadParticipantAsync(record.SessionId, record.ParticipantId, ct);
            if (snapshot is null)
            {
                return false;
            }
            var (session, p) = snapshot;
            var now = time.GetUtcNow();
            var change = new SessionChange(session);
            if (record.Kind == DeliveryKind.Invitation)
            {
                if (p.Invitation.Reported(record.ItemId, delivered, record.ProviderMessageId, report.ReceivedAt) is not { } invitation)
                {
                    return false;
                }
                change.Put(p with { Invitation = invitation });
                if (!delivered)
                {
                    change.Emit(EventTypes.InvitationFailed, now, new InvitationData(session.SessionId, session.Reference, p.ParticipantId,
                        p.Role, ContactData.Of(p.Invite)!, p.Invitation.Attempt, "undelivered"));
                }
            }
            else
            {
                if (OtpDeliveryRecord.Reported(p, record.ItemId, delivered, record.ProviderMessageId, report.ReceivedAt) is not { } otp)
                {
                    return false;
                }
                change.Put(otp);
                if (!delivered)
                {
                    change.Emit(EventTypes.OtpDeliveryFailed, now, new OtpDeliveryFailedData(session.SessionId, session.Reference,
                        p.ParticipantId, p.Role, ContactData.Of(p.Otp), otp.State.CodeId!, "undelivered"));
                }
            }
            await sessions.CommitAsync(change, ct);
            return true;
        });
    }
}

/// <summary><c>otp.delivery_failed</c>: which code did not arrive where (masked), and why (<c>rejected</c>, <c>undelivered</c>, <c>retries_exhausted</c>, <c>unreadable</c>).</summary>
public sealed record OtpDeliveryFailedData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, ContactData? To, string CodeId, string Reason);
