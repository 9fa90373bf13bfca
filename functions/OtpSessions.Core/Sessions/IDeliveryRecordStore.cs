using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

public enum DeliveryKind
{
    Invitation,
    Otp,
}

/// <summary>
/// A row of the <c>deliveries</c> table (PK = provider message id; emails only, see <see cref="DeliveryTags"/>): what a
/// sent message was for, so a delivery report finds its participant. <see cref="ItemId"/> is the invitation's <see cref="InvitationState.IdempotencyId"/> or the code id.
/// </summary>
public sealed record DeliveryRecord(
    string ProviderMessageId, string SessionId, string ParticipantId, DeliveryKind Kind, string ItemId, DateTimeOffset ExpiresAt);

/// <summary>
/// Where an SMS delivery report belongs, carried by the SMS itself: its tag (ids only — session, participant, send id),
/// which ACS echoes in the report. So an SMS send writes no <c>deliveries</c> row; an email report names only its
/// operation id and is found through the row its send wrote.
/// </summary>
public static class DeliveryTags
{
    public static string Of(string sessionId, string participantId, string itemId) => $"{sessionId}/{participantId}/{itemId}";

    /// <summary>What the report's tag names, or null (no tag, or not one of ours).</summary>
    public static DeliveryRecord? Read(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Tag?.Split('/') is not [var sessionId, var participantId, var itemId]
            || !SessionIds.IsSessionId(sessionId) || !SessionIds.IsParticipantId(participantId))
        {
            return null;
        }
        DeliveryKind? kind = itemId.StartsWith("invitation:", StringComparison.Ordinal) ? DeliveryKind.Invitation
            : itemId.StartsWith("code:", StringComparison.Ordinal) ? DeliveryKind.Otp
            : null;
        return kind is { } known ? new DeliveryRecord(report.ProviderMessageId, sessionId, participantId, known, itemId, DateTimeOffset.MaxValue) : null;
    }
}

/// <summary>Port: the <c>deliveries</c> table.</summary>
public interface IDeliveryRecordStore
{
    /// <summary>Upsert (a retried send records the same row again).</summary>
    Task RecordAsync(DeliveryRecord record, CancellationToken cancellationToken);

    Task<DeliveryRecord?> FindAsync(string providerMessageId, CancellationToken cancellationToken);
}
