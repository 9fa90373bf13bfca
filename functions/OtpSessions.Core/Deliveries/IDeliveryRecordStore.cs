using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// A row of the <c>deliveries</c> table (PK = provider message id; emails only, see <see cref="DeliveryTags"/>): what a
/// sent message was for, so a delivery report finds its participant and its send (<see cref="OutgoingDelivery.SendId"/>,
/// whose prefix names its <see cref="IDeliveryKind"/>).
/// </summary>
public sealed record DeliveryRecord(
    string ProviderMessageId, string SessionId, string ParticipantId, string SendId, DateTimeOffset ExpiresAt);

/// <summary>
/// Where an SMS delivery report belongs, carried by the SMS itself: its tag (ids only — session, participant, send id),
/// which ACS echoes in the report. So an SMS send writes no <c>deliveries</c> row; an email report names only its
/// operation id and is found through the row its send wrote.
/// </summary>
public static class DeliveryTags
{
    public static string Of(string sessionId, string participantId, string sendId) => $"{sessionId}/{participantId}/{sendId}";

    /// <summary>What the report's tag names, or null (no tag, or not one of ours; the send's kind is checked by the report's sink).</summary>
    public static DeliveryRecord? Read(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Tag?.Split('/') is [var sessionId, var participantId, var sendId]
            && SessionIds.IsSessionId(sessionId) && SessionIds.IsParticipantId(participantId)
            ? new DeliveryRecord(report.ProviderMessageId, sessionId, participantId, sendId, DateTimeOffset.MaxValue)
            : null;
    }
}

/// <summary>Port: the <c>deliveries</c> table.</summary>
public interface IDeliveryRecordStore
{
    /// <summary>Upsert (a retried send records the same row again).</summary>
    Task RecordAsync(DeliveryRecord record, CancellationToken cancellationToken);

    Task<DeliveryRecord?> FindAsync(string providerMessageId, CancellationToken cancellationToken);
}
