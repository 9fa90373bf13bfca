
namespace OtpSessions.Core.Auth;

/// <summary>
/// Who may act on a session: its owning agent, or a supervisor of the same team. Anyone else is told the session
/// does not exist (404 <c>session_not_found</c>), so existence is never revealed.
/// </summary>
public static class SessionAccess
{
    public static bool CanAct(AgentPrincipal agent, string ownerId, string? ownerTeam)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return string.Equals(agent.Subject, ownerId, StringComparison.Ordinal)
            || (agent.IsSupervisor && agent.Team is not null && string.Equals(agent.Team, ownerTeam, StringComparison.Ordinal));
    }

    /// <summary>
    /// Who may read a session's record (its signed evidence): whoever may act on it, and an admin of its team.
    /// </summary>
    public static bool CanRead(AgentPrincipal agent, string ownerId, string? ownerTeam)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return CanAct(agent, ownerId, ownerTeam) || (ownerTeam is not null && agent.IsAdminOf(ownerTeam));
    }
}
