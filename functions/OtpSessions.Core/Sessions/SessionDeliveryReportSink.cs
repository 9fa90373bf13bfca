using OtpSessions.Core.Events;
using OtpSessions.Core.Join;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// Applies ACS delivery reports to the participant a message was for (found through the <c>deliveries</c> row):
/// <c>invitation.status</c> or <c>otpDelivery.status</c> becomes <c>delivered</c>/<c>failed</c>, with
/// <c>invitation.failed</c> / <c>otp.delivery_failed</c> in the outbox. An undelivered SMS with an email fallback
/// (<see cref="DeliveryFallback"/>) makes that fallback due instead (invitation <c>pending</c>, otpDelivery <c>queued</c>)
/// and puts a message on the usual queue (<c>invitations</c> / <c>otp-deliveries</c>, ids only), whose service sends it.
/// Idempotent: a report for an older invitation attempt or code, for a delivery already final, or for an SMS that
/// already fell back changes nothing (a fallback still due is queued again).
/// </summary>
public sealed class SessionDeliveryReportSink(
    IDeliveryRecordStore deliveries, ISessionStore sessions, IInvitationQueue invitations, IOtpDeliveryQueue otpDeliveries, TimeProvider time)
    : IDeliveryReportSink
{
    public async Task ApplyAsync(DeliveryReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var record = await deliveries.FindAsync(report.ProviderMessageId, ct);
        if (record is null)
        {
            return;
        }
        var delivered = report.Status == DeliveryReportStatus.Delivered;
        var sms = report.Channel == MessageChannels.Sms;
        var (fallbackDue, attempt) = await ConcurrencyRetry.RunAsync(async () =>
        {
            var snapshot = await sessions.LoadParticipantAsync(record.SessionId, record.ParticipantId, ct);
            if (snapshot is null)
            {
                return (false, 0);
            }
            var (session, p) = snapshot;
            var now = time.GetUtcNow();
            var change = new SessionChange(session.SessionId, session.ExpiresAt);
            var fallingBack = false;
            if (record.Kind == DeliveryKind.Invitation)
            {
                if (p.Invitation.IdempotencyId != record.ItemId)
                {
                    return (false, 0);
                }
                if (sms && p.Invitation.Fallback)
                {
                    return (p.Invitation.Status == InvitationStatus.Pending, p.Invitation.Attempt);
                }
                if (p.Invitation.Status is InvitationStatus.Delivered or InvitationStatus.Failed)
                {
                    return (false, 0);
                }
                fallingBack = !delivered && sms && DeliveryFallback.ForInvitation(session, p, now) is not null;
                change.Put(p with
                {
                    Invitation = fallingBack
                        ? p.Invitation with { Status = InvitationStatus.Pending, Fallback = true }
                        : p.Invitation with
                        {
                            Status = delivered ? InvitationStatus.Delivered : InvitationStatus.Failed,
                            SentAt = p.Invitation.SentAt ?? report.ReceivedAt,
                            ProviderMessageId = record.ProviderMessageId,
                        },
                });
                if (!delivered)
                {
                    change.Emit(EventTypes.InvitationFailed, now, new InvitationData(session.SessionId, session.Reference, p.ParticipantId,
                        p.Role, ContactData.Of(p.InvitationContact)!, p.Invitation.Attempt, "undelivered", p.Invitation.Fallback));
                }
            }
            else
            {
                if (p.CurrentCode is not { } code || code.CodeId != record.ItemId)
                {
                    return (false, 0);
                }
                if (sms && code.FallbackSend > 0 && code.FallbackSend == code.Sends)
                {
                    return (code.FallbackDue, 0);
                }
                if (p.OtpDelivery.Status is OtpDeliveryStatus.Delivered or OtpDeliveryStatus.Failed)
                {
                    return (false, 0);
                }
                fallingBack = !delivered && sms && DeliveryFallback.ForCode(session, p, code.CodeId, code.SendsAccepted, now) is not null;
                change.Put(p with
                {
                    CurrentCode = fallingBack ? code with { FallbackSend = code.Sends, SendsAccepted = code.Sends - 1 } : code,
                    OtpDelivery = p.OtpDelivery with
                    {
                        Status = fallingBack ? OtpDeliveryStatus.Queued : delivered ? OtpDeliveryStatus.Delivered : OtpDeliveryStatus.Failed,
                        SentAt = p.OtpDelivery.SentAt ?? report.ReceivedAt,
                        ProviderMessageId = record.ProviderMessageId,
                    },
                });
                if (!delivered)
                {
                    change.Emit(EventTypes.OtpDeliveryFailed, now, new OtpDeliveryFailedData(session.SessionId, session.Reference,
                        p.ParticipantId, p.Role, ContactData.Of(p.CodeContact), record.ItemId, "undelivered"));
                }
            }
            await sessions.CommitAsync(change, ct);
            return (fallingBack, p.Invitation.Attempt);
        });
        if (!fallbackDue)
        {
            return;
        }
        if (record.Kind == DeliveryKind.Invitation)
        {
            await invitations.EnqueueAsync(new InvitationMessage(record.SessionId, record.ParticipantId, attempt), ct);
        }
        else
        {
            await otpDeliveries.EnqueueAsync(new OtpDeliveryMessage(record.SessionId, record.ParticipantId, record.ItemId), ct);
        }
    }
}

/// <summary><c>otp.delivery_failed</c> (from a delivery report): which code did not arrive where (masked).</summary>
public sealed record OtpDeliveryFailedData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, ContactData? To, string CodeId, string Reason);
