using System.Text.Json.Serialization;

namespace OtpSessions.Core.Sessions;

/// <summary>One session in a listing (<c>GET /api/sessions</c>): no participant data beyond how many are current.</summary>
public sealed record SessionSummary(
    string SessionId,
    SessionStatus Status,
    string? Reference,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string AgentId,
    string? Team,
    int Participants)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ClosedAt { get; init; }

    public static SessionSummary Of(Session session, IEnumerable<Participant> participants)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(session.SessionId, session.Status, session.Reference, session.CreatedAt, session.ExpiresAt, session.AgentId, session.Team,
            participants.Count(p => p.IsCurrent))
        {
            ClosedAt = session.ClosedAt,
        };
    }
}

/// <summary>Whose sessions a listing covers: one agent's, or (a supervisor's view) a whole team's.</summary>
public sealed record SessionOwner(string? AgentId, string? Team)
{
    public static SessionOwner OfAgent(string agentId) => new(agentId, null);

    public static SessionOwner OfTeam(string team) => new(null, team);
}

/// <summary>A listing request: newest first, at most <paramref name="Limit"/>, after the position <paramref name="After"/> names.</summary>
public sealed record SessionQuery(SessionOwner Owner, SessionStatus? Status, string? Reference, int Limit, string? After);

/// <summary>
/// One page of a listing; <paramref name="ContinuationToken"/> (opaque) fetches the next, null at the end.
/// </summary>
public sealed record SessionPage(IReadOnlyList<SessionSummary> Sessions, string? ContinuationToken);

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
