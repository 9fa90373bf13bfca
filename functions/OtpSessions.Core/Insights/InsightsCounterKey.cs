namespace OtpSessions.Core.Insights;

/// <summary>One counter record of a ledger: a day of the whole ledger (<see cref="AgentId"/> null) or of one of its agents.</summary>
public sealed record InsightsCounterKey(string Ledger, string? AgentId, DateOnly Day);
