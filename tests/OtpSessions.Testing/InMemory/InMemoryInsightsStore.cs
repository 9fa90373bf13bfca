using System.Globalization;
using OtpSessions.Core;
using OtpSessions.Core.Insights;
using OtpSessions.Core.Common;

namespace OtpSessions.Testing.InMemory;

/// <summary><see cref="IInsightsStore"/> in memory: versioned records per ledger, a write checked and applied under one lock (all or nothing).</summary>
public sealed class InMemoryInsightsStore : IInsightsStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Ledger, string Stream), (JourneyMemory Value, StoredVersion Version)> _journeys = [];
    private readonly Dictionary<InsightsCounterKey, (InsightCounts Value, StoredVersion Version)> _counts = [];
    private long _versions;

    /// <summary>How many writes were refused as conflicts (the projector's retries).</summary>
    public int Conflicts { get; private set; }

    /// <summary>How many writes were applied.</summary>
    public int Writes { get; private set; }

    public Task<IReadOnlyDictionary<string, Versioned<JourneyMemory>>> ReadJourneysAsync(
        string ledger, IReadOnlyCollection<string> streams, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, Versioned<JourneyMemory>> found = streams.Distinct()
                .Where(s => _journeys.ContainsKey((ledger, s)))
                .ToDictionary(s => s, s => new Versioned<JourneyMemory>(_journeys[(ledger, s)].Value, _journeys[(ledger, s)].Version));
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyDictionary<InsightsCounterKey, Versioned<InsightCounts>>> ReadCountsAsync(
        string ledger, IReadOnlyCollection<InsightsCounterKey> keys, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<InsightsCounterKey, Versioned<InsightCounts>> found = keys.Distinct()
                .Where(k => k.Ledger == ledger && _counts.ContainsKey(k))
                .ToDictionary(k => k, k => new Versioned<InsightCounts>(_counts[k].Value, _counts[k].Version));
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<DayCounts>> ReadDaysAsync(string ledger, string? agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<DayCounts> days = [.. _counts
                .Where(c => c.Key.Ledger == ledger && c.Key.AgentId == agentId && c.Key.Day >= from && c.Key.Day <= to)
                .OrderBy(c => c.Key.Day)
                .Select(c => new DayCounts(c.Key.Day, c.Value.Value))];
            return Task.FromResult(days);
        }
    }

    public Task<InsightsWritten> WriteAsync(InsightsWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (write.RecordCount > IInsightsStore.MaxRecordsPerWrite || write.Counts.Any(c => c.Key.Ledger != write.Ledger))
        {
            throw new ArgumentException("A write holds at most 100 records of one ledger.", nameof(write));
        }
        lock (_gate)
        {
            var stale = write.Journeys.Any(j => VersionOf(_journeys, (write.Ledger, j.Stream)) != j.Version)
                || write.Counts.Any(c => VersionOf(_counts, c.Key) != c.Version);
            if (stale)
            {
                Conflicts++;
                throw new ConcurrencyConflictException($"A record of {write.Ledger} changed meanwhile.");
            }
            var journeys = new Dictionary<string, StoredVersion>(StringComparer.Ordinal);
            foreach (var j in write.Journeys)
            {
                var version = Next();
                _journeys[(write.Ledger, j.Stream)] = (j.Memory, version);
                journeys[j.Stream] = version;
            }
            var counts = new Dictionary<InsightsCounterKey, StoredVersion>();
            foreach (var c in write.Counts)
            {
                var version = Next();
                _counts[c.Key] = (c.Counts, version);
                counts[c.Key] = version;
            }
            Writes++;
            return Task.FromResult(new InsightsWritten(journeys, counts));
        }
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _journeys.Clear();
            _counts.Clear();
        }
        return Task.CompletedTask;
    }

    private static StoredVersion? VersionOf<TKey, TValue>(Dictionary<TKey, (TValue Value, StoredVersion Version)> records, TKey key)
        where TKey : notnull => records.TryGetValue(key, out var found) ? found.Version : null;

    private StoredVersion Next() => new((++_versions).ToString("D", CultureInfo.InvariantCulture));
}
