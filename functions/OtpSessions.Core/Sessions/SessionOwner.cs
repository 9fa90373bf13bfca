namespace OtpSessions.Core.Sessions;

/// <summary>Whose sessions a listing covers: one agent's, or (a supervisor's view) a whole team's.</summary>
public sealed record SessionOwner(string? AgentId, string? Team)
{
    public static SessionOwner OfAgent(string agentId) => new(agentId, null);

    public static SessionOwner OfTeam(string team) => new(null, team);
}
