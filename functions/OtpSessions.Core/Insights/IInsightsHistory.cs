namespace OtpSessions.Core.Insights;

/// <summary>
/// Port: the session events still stored, each with its session's owner, for a rebuild of the projection. The outbox
/// keeps an event until the broker has it: with publishing off (local development) every event of every live session;
/// with publishing on, only those not yet published (docs/insights.md, "Rebuilding").
/// </summary>
public interface IInsightsHistory
{
    IAsyncEnumerable<InsightsEvent> ReadAllAsync(CancellationToken cancellationToken);
}
