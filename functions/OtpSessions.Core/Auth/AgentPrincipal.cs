using OtpSessions.Core.Events;

namespace OtpSessions.Core.Auth;

/// <summary>
/// The calling agent, from a validated bearer token: <c>sub</c> (agent id; <c>oid</c> in Entra ID), <c>team</c> (optional:
/// selects the team policy), <c>roles</c> (app roles: a token is an agent's only with one of <see cref="AgentRoles"/>;
/// <c>supervisor</c> may act on any session of its team, <c>admin</c> governs its own team's policy).
/// </summary>
public sealed record AgentPrincipal(string Subject, string? Team, IReadOnlyCollection<string> Roles)
{
    public const string AgentRole = "agent";

    public const string SupervisorRole = "supervisor";

    public const string AdminRole = "admin";

    public bool IsSupervisor => Roles.Contains(SupervisorRole, StringComparer.Ordinal);

    public bool IsAdmin => Roles.Contains(AdminRole, StringComparer.Ordinal);

    /// <summary>
    /// The app roles that make a token an agent's (any one). In Entra ID every user, guest and app of the tenant can get a
    /// token for the API: only those the organisation assigned one of these roles are agents.
    /// </summary>
    public static IReadOnlyList<string> AgentRoles { get; } = [AgentRole, SupervisorRole, AdminRole];

    public bool HasAgentRole => Roles.Any(role => AgentRoles.Contains(role, StringComparer.Ordinal));

    /// <summary>Whether this agent administers <paramref name="team"/>: role <c>admin</c> and that team in its token.</summary>
    public bool IsAdminOf(string team) => IsAdmin && Team is not null && string.Equals(Team, team, StringComparison.Ordinal);

    /// <summary>
    /// The agent id as event data and audit rows carry it: <see cref="Subject"/> with anything address-shaped masked, so an
    /// email-shaped id never puts contact data into an event (nor makes the event guard refuse it).
    /// </summary>
    public string EventId => EventDataGuard.MaskAddresses(Subject);

    public override string ToString() => $"AgentPrincipal {{ Subject = {Subject}, Team = {Team}, Roles = [{string.Join(", ", Roles)}] }}";
}
