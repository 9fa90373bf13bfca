using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// Where an SMS delivery report belongs, carried by the SMS itself: its tag (ids only — session, participant, send id),
/// which ACS echoes in the report. So an SMS send writes no <c>deliveries</c> row; an email report names only its
/// operation id and is found through the row its send wrote.
/// </summary>
public static class DeliveryTags
{
    public static string Of(string sessionId, string participantId, string sendId) => $"{sessionId}/{participantId}/{sendId}";

    /// <summary>What the report's tag names, or null (no tag, or not one of ours; the send's kind is checked by the report's sink).</summary>
    public static SentMessage? Read(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Tag?.Split('/') is [var sessionId, var participantId, var sendId]
            && SessionIds.IsSessionId(sessionId) && SessionIds.IsParticipantId(participantId)
            ? new SentMessage(report.ProviderMessageId, sessionId, participantId, sendId, DateTimeOffset.MaxValue)
            : null;
    }
}
