namespace OtpSessions.Core.Sessions;

/// <summary>
/// One session in a listing (<c>GET /api/sessions</c>): no participant data beyond how many are current. Made with named
/// members, not positionally: its two times and its agent and team are each of one type, and a swap would go unnoticed.
/// </summary>
public sealed record SessionSummary
{
    public required string SessionId { get; init; }

    public required SessionStatus Status { get; init; }

    public string? Reference { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required string AgentId { get; init; }

    public string? Team { get; init; }

    /// <summary>How many participants are current (not replaced).</summary>
    public required int Participants { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ClosedAt { get; init; }

    public static SessionSummary Of(Session session, IEnumerable<Participant> participants)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new()
        {
            SessionId = session.SessionId, Status = session.Status, Reference = session.Reference, CreatedAt = session.CreatedAt,
            ExpiresAt = session.ExpiresAt, ClosedAt = session.ClosedAt, AgentId = session.AgentId, Team = session.Team,
            Participants = participants.Count(p => p.IsCurrent),
        };
    }
}
