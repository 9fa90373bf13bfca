namespace OtpSessions.Core.Insights;

/// <summary>
/// Whose figures a projection record belongs to: a team's (<c>team:{team}</c>), or the agent's own for a session
/// started without a team (<c>agent:{agentId}</c>). Everything of one ledger is stored together and changed at once.
/// </summary>
public static class InsightsLedger
{
    public static string? Of(string? team, string? agentId) =>
        !string.IsNullOrEmpty(team) ? "team:" + team
        : !string.IsNullOrEmpty(agentId) ? "agent:" + agentId
        : null;
}
