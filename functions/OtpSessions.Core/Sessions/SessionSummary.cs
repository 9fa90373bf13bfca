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
