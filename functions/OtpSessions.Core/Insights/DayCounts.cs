namespace OtpSessions.Core.Insights;

/// <summary>The counts of one day of a ledger (or of one of its agents).</summary>
public sealed record DayCounts(DateOnly Day, InsightCounts Counts);
