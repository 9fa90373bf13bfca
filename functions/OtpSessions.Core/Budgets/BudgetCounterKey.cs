namespace OtpSessions.Core.Budgets;

/// <summary>Which counter: a budget's scope, whose it is (an agent id, a team, a keyed hash of an address, <c>app</c>) and its window.</summary>
public sealed record BudgetCounterKey(SendBudgetScope Scope, string Subject, BudgetWindow Window);
