namespace OtpSessions.Core.Sessions;

/// <summary>
/// Port: the <c>sessionindex</c> table — a summary row per session under its agent and under its team, newest first,
/// so listings read one partition. Written after each change that alters a summary; rows expire with their session.
/// </summary>
public interface ISessionIndex
{
    /// <summary>Writes the summary under its agent and (when it has one) its team (upsert: the latest write wins).</summary>
    Task PutAsync(SessionSummary summary, CancellationToken cancellationToken);

    /// <summary>A page of the owner's live sessions; null when <see cref="SessionQuery.After"/> is not a token this index gave out.</summary>
    Task<SessionPage?> ListAsync(SessionQuery query, CancellationToken cancellationToken);
}
