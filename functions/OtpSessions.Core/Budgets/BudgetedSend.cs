namespace OtpSessions.Core.Budgets;

/// <summary>
/// The messages one request is about to send, and whose budgets they count against: the session's agent and team
/// (also for the customer's own requests), each destination address, and the app.
/// </summary>
public sealed record BudgetedSend(string AgentId, string? Team, IReadOnlyList<Contact> To);
