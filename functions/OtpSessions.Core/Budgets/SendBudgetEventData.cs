namespace OtpSessions.Core.Budgets;

/// <summary>
/// <c>sends.budget_warning</c> / <c>sends.budget_exceeded</c>: which budget (<c>address</c>, <c>agent</c>, <c>team</c>,
/// <c>app</c>), whose (the team; the agent for an agent budget — never an address), its limit and window.
/// </summary>
public sealed record SendBudgetEventData(
    SendBudgetScope Budget, string? Team, string? AgentId, int Limit, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);
