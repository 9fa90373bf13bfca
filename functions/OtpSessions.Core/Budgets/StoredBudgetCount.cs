namespace OtpSessions.Core.Budgets;

/// <summary>A counter as read, with its version (null when it does not exist yet).</summary>
public sealed record StoredBudgetCount(BudgetCount Count, StoredVersion? Version);
