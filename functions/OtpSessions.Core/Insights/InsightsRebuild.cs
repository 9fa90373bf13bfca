using Microsoft.Extensions.Logging;

namespace OtpSessions.Core.Insights;

/// <summary>
/// The rebuild command: deletes the projection and applies, in batches, every event the history still holds. Safe while
/// the app runs: an event the flusher applies as well counts once (the projection remembers each stream).
/// </summary>
public sealed partial class InsightsRebuild(IInsightsStore store, IInsightsHistory history, InsightsProjector projector, ILogger<InsightsRebuild> logger)
{
    private const int BatchSize = 5000;

    /// <summary>Rebuilds the projection; answers how many events were applied.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await store.ClearAsync(cancellationToken);
        projector.Forget();
        var applied = 0;
        var batch = new List<InsightsEvent>(BatchSize);
        await foreach (var e in history.ReadAllAsync(cancellationToken))
        {
            if (!InsightsRules.Projects(e.Event.Type))
            {
                continue;
            }
            batch.Add(e);
            if (batch.Count == BatchSize)
            {
                await projector.ApplyAsync(batch, cancellationToken);
                applied += batch.Count;
                batch.Clear();
            }
        }
        await projector.ApplyAsync(batch, cancellationToken);
        applied += batch.Count;
        LogRebuilt(applied);
        return applied;
    }

    [LoggerMessage(LogLevel.Information, "The insights projection was rebuilt from {Events} stored events")]
    private partial void LogRebuilt(int events);
}
