namespace OtpSessions.Core.Events;

/// <summary>An outbox entry as the dispatcher sees it: the event, its publishing state and its version.</summary>
public sealed record PendingEvent(
    OutboxEvent Event,
    int Attempts,
    bool Stuck,
    bool Rejected,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    StoredVersion Version)
{
    /// <summary>Whether the dispatcher may try this row at <paramref name="now"/> (not parked, back-off elapsed).</summary>
    public bool IsDue(DateTimeOffset now) => !Rejected && (NextAttemptAt is null || NextAttemptAt <= now);
}
