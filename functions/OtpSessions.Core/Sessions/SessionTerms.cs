using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// What a session is and allows — its owner, team, reference, status, lifetime and the policy it started with — as each of
/// its participants carries it (<see cref="ParticipantWithTerms"/>); without what only the session itself knows (how many
/// participants it has had, its version).
/// </summary>
public record SessionTerms
{
    public required string SessionId { get; init; }

    /// <summary>The owning agent (the token's <c>sub</c>).</summary>
    public required string AgentId { get; init; }

    /// <summary>The owning agent's team (token claim <c>team</c>): selects the team policy and the supervisors who may act.</summary>
    public string? Team { get; init; }

    /// <summary>The caller's correlation id (≤ 128 characters), echoed in events.</summary>
    public string? Reference { get; init; }

    public SessionStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Everything stored of the session expires with it (TTL).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? ClosedBy { get; init; }

    /// <summary>The effective policy (system + team overrides) snapshotted at start: later policy changes never alter it.</summary>
    public required OtpPolicy Policy { get; init; }

    public bool IsActiveAt(DateTimeOffset now) => Status == SessionStatus.Active && now < ExpiresAt;

    /// <summary>These terms alone (of a <see cref="Session"/>: without its participant count and version).</summary>
    public SessionTerms AsTerms() => new(this);
}
