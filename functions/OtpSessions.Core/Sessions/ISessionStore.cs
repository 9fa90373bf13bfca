namespace OtpSessions.Core.Sessions;

/// <summary>
/// Port: the <c>sessions</c> table. One partition per session (PK = sessionId): the <c>session</c> row, one
/// <c>participant|{id}</c> row each with its <c>otp-delivery|{id}</c> row (<see cref="OtpDeliveryRecord"/>), <c>outbox|{eventId}</c>, <c>work|{id}</c> (<see cref="PendingWork"/>) and <c>audit|{time}|{id}</c> rows.
/// Rows past their <c>ExpiresAt</c> are treated as absent.
/// </summary>
public interface ISessionStore
{
    /// <summary>The session and all its participants (one query); null when absent or expired.</summary>
    Task<SessionSnapshot?> LoadAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The session row and one participant row (one query); null when either is absent or expired.</summary>
    Task<ParticipantSnapshot?> LoadParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the change in ONE entity-group transaction: inserts for rows without an ETag, replace-if-ETag-matches for
    /// the others, plus outbox and audit inserts. All or nothing; throws <see cref="ConcurrencyConflictException"/>
    /// when any ETag no longer matches (reload and decide again: <see cref="ConcurrencyRetry"/>).
    /// </summary>
    Task CommitAsync(SessionChange change, CancellationToken cancellationToken);
}

public sealed record SessionSnapshot(Session Session, IReadOnlyList<Participant> Participants)
{
    public Participant? Find(string participantId) => Participants.FirstOrDefault(p => p.ParticipantId == participantId);
}

public sealed record ParticipantSnapshot(Session Session, Participant Participant);
