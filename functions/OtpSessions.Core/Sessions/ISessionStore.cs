namespace OtpSessions.Core.Sessions;

/// <summary>
/// Port: the <c>sessions</c> table. One partition per session (PK = sessionId): the <c>session</c> row, one
/// <c>participant|{id}</c> row each with its <c>otp-delivery|{id}</c> row (<see cref="OtpDeliveryRecord"/>), <c>outbox|{eventId}</c>, <c>work|{id}</c> (<see cref="PendingWork"/>) and <c>audit|{time}|{id}</c> rows.
/// Every participant row also carries a copy of the session row (<see cref="LoadParticipantRowAsync"/>), so a customer
/// request reads one row by its keys. Rows past their <c>ExpiresAt</c> are treated as absent.
/// </summary>
public interface ISessionStore
{
    /// <summary>The session and all its participants (one query); null when absent or expired.</summary>
    Task<SessionSnapshot?> LoadAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// The session row and one participant row with its delivery record (one query); null when either is absent or expired.
    /// </summary>
    Task<ParticipantSnapshot?> LoadParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken);

    /// <summary>
    /// One participant row alone (one point read), with the copy of the session it carries and without its delivery record
    /// (<see cref="Participant.OtpDelivery"/> and <see cref="OtpCodeRef.SendsAccepted"/> as the participant row says them);
    /// null when absent or expired. Every commit that writes a participant row writes the copy with it
    /// (<see cref="SessionChange.SessionCopy"/>), and a change of what the copy holds — closing — rewrites every participant
    /// row in the same transaction, so the copy is the session row as of the participant row's ETag. The copy carries
    /// neither <see cref="Session.ETag"/> (null: the session row is never written from it) nor
    /// <see cref="Session.ParticipantCount"/> (0).
    /// </summary>
    Task<ParticipantSnapshot?> LoadParticipantRowAsync(string sessionId, string participantId, CancellationToken cancellationToken);

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
