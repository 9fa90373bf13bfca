using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Insights;

/// <summary>
/// The events this instance's commits stored, with their session's owner, waiting for the projector
/// (<see cref="InsightsProjector.ProjectPendingAsync"/>), which applies them in batches. Memory only, bounded: what a
/// stopped instance never applied, a rebuild restores (docs/insights.md).
/// </summary>
public sealed partial class InsightsFeed(IOptions<InsightsOptions> options, ILogger<InsightsFeed> logger)
{
    private readonly ConcurrentQueue<InsightsEvent> _waiting = new();

    public int Count => _waiting.Count;

    /// <summary>Collects the events of a committed change that the projection reads, and its delivery reports' audit entries.</summary>
    public void Add(SessionChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var reports = change.Audit.Where(a => InsightsRules.ProjectsAudit(a.Action)).Select(a => InsightsRules.FromAudit(change.SessionId, a));
        Add(change.Events.Where(e => InsightsRules.Projects(e.Type)).Concat(reports)
            .Select(e => new InsightsEvent(e, change.SessionTerms?.Team, change.SessionTerms?.AgentId)));
    }

    public void Add(IEnumerable<InsightsEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            _waiting.Enqueue(e);
        }
        var dropped = 0;
        while (_waiting.Count > options.Value.FeedCapacity && _waiting.TryDequeue(out _))
        {
            dropped++;
        }
        if (dropped > 0)
        {
            LogDropped(dropped);
        }
    }

    /// <summary>Takes up to <paramref name="max"/> waiting events, oldest first.</summary>
    public IReadOnlyList<InsightsEvent> Take(int max)
    {
        var taken = new List<InsightsEvent>();
        while (taken.Count < max && _waiting.TryDequeue(out var e))
        {
            taken.Add(e);
        }
        return taken;
    }

    [LoggerMessage(LogLevel.Error, "The insights feed is full: {Dropped} events were dropped (run the insights rebuild)")]
    private partial void LogDropped(int dropped);
}
