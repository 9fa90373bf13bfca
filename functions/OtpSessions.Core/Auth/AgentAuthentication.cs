namespace OtpSessions.Core.Auth;

/// <summary>
/// What an agent's bearer token proves: an <see cref="Agent"/>; nothing (no token, or not a valid one: 401
/// <c>unauthorized</c>); or a valid token whose holder is no agent of this API (403 <c>forbidden</c>, <see cref="Refusal"/>
/// says why).
/// </summary>
public sealed record AgentAuthentication
{
    private AgentAuthentication(AgentPrincipal? agent, string? refusal)
    {
        Agent = agent;
        Refusal = refusal;
    }

    public AgentPrincipal? Agent { get; }

    /// <summary>Why a valid token is refused (for the 403's detail); null otherwise.</summary>
    public string? Refusal { get; }

    public static AgentAuthentication Unauthenticated { get; } = new(null, null);

    public static AgentAuthentication Forbidden(string refusal) => new(null, refusal);

    /// <summary>
    /// The agent a valid token names, when it is one: it needs one of <see cref="AgentPrincipal.AgentRoles"/>, and a team
    /// (when it has one) that is a valid team id (<see cref="TeamIds"/>).
    /// </summary>
    public static AgentAuthentication Of(AgentPrincipal agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!agent.HasAgentRole)
        {
            return Forbidden($"The token carries none of the app roles {string.Join(", ", AgentPrincipal.AgentRoles)}: ask your organisation to assign you one.");
        }
        return agent.Team is null || TeamIds.IsValid(agent.Team)
            ? new AgentAuthentication(agent, null)
            : Forbidden("The token's team claim is not a valid team id.");
    }
}
