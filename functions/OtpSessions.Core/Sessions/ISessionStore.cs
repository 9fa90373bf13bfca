namespace OtpSessions.Core.Sessions;

/// <summary>
/// Port: where sessions live — each session with its participants, each participant's record of code deliveries, and
/// what a change of them implies (its events, audit records and queue messages), all committed together. Whatever has
/// expired (<see cref="SessionTerms.ExpiresAt"/>) is treated as absent. Every participant carries the terms of its
/// session (<see cref="ParticipantWithTerms"/>), so a request about one participant reads one participant.
/// </summary>
public interface ISessionStore
{
    /// <summary>The session and all its participants (one storage request); null when absent or expired. For agents' requests.</summary>
    Task<SessionSnapshot?> LoadSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// The session and one participant with its delivery record (one storage request); null when either is absent or
    /// expired. For workers (deliveries, delivery reports) and agents' requests about one participant.
    /// </summary>
    Task<ParticipantSnapshot?> LoadParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken);

    /// <summary>
    /// One participant with the terms of its session it carries (one storage request), without its delivery record
    /// (<see cref="Participant.OtpDelivery"/> and <see cref="Otp.OtpState.CodeSendsAccepted"/> as the participant itself says
    /// them); null when absent or expired. For customers' requests and the invitation worker. Every commit that writes a
    /// participant writes the terms with it (<see cref="SessionChange.SessionTerms"/>), and a change of the terms —
    /// closing — rewrites every participant in the same commit, so the terms are the session's as of the participant's
    /// version.
    /// </summary>
    Task<ParticipantWithTerms?> LoadParticipantWithTermsAsync(string sessionId, string participantId, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the change all or nothing: inserts what has no version, replaces what does if it is still at that version,
    /// and adds the change's events, audit records and queue messages. Throws <see cref="ConcurrencyConflictException"/>
    /// when anything is no longer at its version or an insert finds its record there (reload and decide again:
    /// <see cref="ConcurrencyRetry"/>).
    /// </summary>
    Task CommitAsync(SessionChange change, CancellationToken cancellationToken);
}
