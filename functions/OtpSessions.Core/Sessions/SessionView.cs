namespace OtpSessions.Core.Sessions;

/// <summary>The agent's view of a session (docs/api.md "Session view"). Addresses are masked.</summary>
public sealed record SessionView(
    string SessionId,
    SessionStatus Status,
    string? Reference,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string AgentId,
    string? Team,
    bool OtpRequired,
    IReadOnlyList<ParticipantView> Participants)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ClosedAt { get; init; }

    public static SessionView Of(Session session, IEnumerable<Participant> participants, DateTimeOffset now) =>
        new(session.SessionId, session.Status, session.Reference, session.CreatedAt, session.ExpiresAt, session.AgentId, session.Team,
            session.Policy.RequireOtp,
            [.. participants.OrderBy(p => p.Index).Select(p => ParticipantView.Of(session, p, now))])
        {
            ClosedAt = session.ClosedAt,
        };
}
