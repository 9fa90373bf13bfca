namespace OtpSessions.Core.Events;

/// <summary>One pending event, without its data.</summary>
public sealed record PendingEventView(
    string Type,
    string Id,
    DateTimeOffset Time,
    string SessionId,
    int Attempts,
    bool Stuck,
    bool Rejected,
    string? LastError,
    DateTimeOffset? NextAttemptAt);
