using OtpSessions.Core.Events;

namespace OtpSessions.Core.Auth;

/// <summary>
/// The calling agent, from a validated bearer token: <c>sub</c> (agent id), <c>team</c> (optional: selects the team
/// policy), <c>roles</c> (optional; <c>supervisor</c> may act on any session of its team).
/// </summary>
public sealed record AgentPrincipal(string Subject, string? Team, IReadOnlyCollection<string> Roles)
{
    public const string SupervisorRole = "supervisor";

    public const string AdminRole = "admin";

    public bool IsSupervisor => Roles.Contains(SupervisorRole, StringComparer.Ordinal);

    public bool IsAdmin => Roles.Contains(AdminRole, StringComparer.Ordinal);

    /// <summary>
    /// The agent id as event data and audit rows carry it: <see cref="Subject"/> with anything address-shaped masked, so an
    /// email-shaped id never puts contact data into an event (nor makes the event guard refuse it).
    /// </summary>
    public string EventId => EventDataGuard.MaskAddresses(Subject);

    public override string ToString() => $"AgentPrincipal {{ Subject = {Subject}, Team = {Team}, Roles = [{string.Join(", ", Roles)}] }}";
}

/// <summary>Port: turns an <c>Authorization</c> header into an agent, or null for a missing or invalid token.</summary>
public interface IAgentAuthenticator
{
    Task<AgentPrincipal?> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken);
}

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
}
