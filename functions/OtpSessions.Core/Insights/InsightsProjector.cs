using Microsoft.Extensions.Logging;
using OtpSessions.Core.Events;

namespace OtpSessions.Core.Insights;

/// <summary>
/// Keeps the insights projection from the session events, in batches: per ledger, it reads what is remembered of the
/// batch's streams (one request per 15 streams; none for a session that starts in the batch), applies the events
/// (<see cref="InsightsRules"/>), adds the difference of the streams' contributions to the counter records (kept in
/// memory with their versions after the first read), and writes memories and counters in one all-or-nothing write of
/// at most <see cref="IInsightsStore.MaxRecordsPerWrite"/> records. So a batch of many journeys costs a few requests, not
/// a few per event. Another instance that wrote first makes the write a conflict: the step reads again and decides again
/// (<see cref="ConcurrencyRetry"/>, jittered). One batch at a time per instance. Applying an event twice changes nothing.
/// </summary>
public sealed partial class InsightsProjector(
    IInsightsStore store, InsightsFeed feed, IOptions<InsightsOptions> options, ILogger<InsightsProjector> logger)
{
    /// <summary>How many streams one step takes at most (each stream adds its memory and usually two counter records).</summary>
    public const int StreamsPerWrite = 30;

    private const int BatchSize = 5000;
    private const int MaxCachedCounters = 10_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<InsightsCounterKey, Versioned<InsightCounts>> _counters = [];

    /// <summary>Applies what the feed collected (in batches); what fails goes back to the feed for the next run. Answers how many events were applied.</summary>
    public async Task<int> ProjectPendingAsync(CancellationToken cancellationToken)
    {
        var applied = 0;
        while (feed.Take(BatchSize) is { Count: > 0 } batch)
        {
            try
            {
                await ApplyAsync(batch, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Applying again what did apply changes nothing: the whole batch waits for the next run.
                feed.Add(batch);
                LogProjectionFailed(e, batch.Count);
                break;
            }
            applied += batch.Count;
        }
        return applied;
    }

    /// <summary>Applies <paramref name="events"/> (in any order across streams; each stream's in event id order).</summary>
    public async Task ApplyAsync(IReadOnlyList<InsightsEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var byLedger = events
                .Where(e => InsightsRules.Projects(e.Event.Type))
                .Select(e => (Ledger: InsightsRules.LedgerOf(e), Event: e))
                .Where(e => e.Ledger is not null)
                .GroupBy(e => e.Ledger!, StringComparer.Ordinal);
            foreach (var ledger in byLedger)
            {
                var streams = ledger.Select(e => e.Event)
                    .GroupBy(e => e.Event.SessionId, StringComparer.Ordinal)
                    .Select(s => new Stream(s.Key, [.. s.OrderBy(e => e.Event.EventId, StringComparer.Ordinal)]))
                    .ToList();
                foreach (var chunk in streams.Chunk(StreamsPerWrite))
                {
                    await ApplyChunkAsync(ledger.Key, chunk, cancellationToken);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the counters it holds (after the projection was deleted).</summary>
    public void Forget()
    {
        _gate.Wait();
        try
        {
            _counters.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ApplyChunkAsync(string ledger, IReadOnlyList<Stream> streams, CancellationToken cancellationToken)
    {
        var first = true;
        await ConcurrencyRetry.RunAsync(async () =>
        {
            var assumeNew = first;
            first = false;
            try
            {
                await StepAsync(ledger, streams, assumeNew, cancellationToken);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                ForgetCounters(ledger);
                LogConflict(ledger, streams.Count);
                throw;
            }
        });
    }

    private async Task StepAsync(string ledger, IReadOnlyList<Stream> streams, bool assumeNew, CancellationToken cancellationToken)
    {
        // A session whose first event here starts it is new: nothing to read (a repeated start makes the write a conflict,
        // and the next attempt reads).
        var toRead = streams.Where(s => !(assumeNew && s.Events[0].Event.Type == EventTypes.SessionStarted)).Select(s => s.Id).ToList();
        var stored = toRead.Count == 0
            ? new Dictionary<string, Versioned<JourneyMemory>>()
            : await store.ReadJourneysAsync(ledger, toRead, cancellationToken);

        var journeys = new List<JourneyWrite>();
        var delta = new Dictionary<InsightsCounterKey, InsightCounts>();
        var retention = TimeSpan.FromDays(options.Value.JourneyRetentionDays);
        foreach (var stream in streams)
        {
            var before = stored.GetValueOrDefault(stream.Id);
            var memory = before?.Value ?? JourneyMemory.Empty;
            var after = stream.Events.Aggregate(memory, InsightsRules.Apply);
            journeys.Add(new JourneyWrite(stream.Id, after, before?.Version, after.LastEventAt + retention));
            Accumulate(delta, InsightsRules.Contribution(ledger, after), 1);
            Accumulate(delta, InsightsRules.Contribution(ledger, memory), -1);
        }

        var changed = delta.Where(d => !d.Value.IsZero).Select(d => d.Key).ToList();
        if (journeys.Count + changed.Count > IInsightsStore.MaxRecordsPerWrite && streams.Count > 1)
        {
            var half = streams.Count / 2;
            await StepAsync(ledger, [.. streams.Take(half)], assumeNew, cancellationToken);
            await StepAsync(ledger, [.. streams.Skip(half)], assumeNew, cancellationToken);
            return;
        }
        var missing = changed.Where(k => !_counters.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            var read = await store.ReadCountsAsync(ledger, missing, cancellationToken);
            foreach (var (key, value) in read)
            {
                _counters[key] = value;
            }
        }
        var keep = TimeSpan.FromDays(options.Value.RetentionDays);
        var counts = changed
            .Select(k => (Key: k, Stored: _counters.GetValueOrDefault(k)))
            .Select(c => new CountsWrite(c.Key, (c.Stored?.Value ?? InsightCounts.Zero).Plus(delta[c.Key]), c.Stored?.Version,
                new DateTimeOffset(c.Key.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + keep))
            .ToList();

        var written = await store.WriteAsync(new InsightsWrite(ledger, journeys, counts), cancellationToken);
        if (_counters.Count > MaxCachedCounters)
        {
            _counters.Clear();
        }
        foreach (var c in counts)
        {
            _counters[c.Key] = new Versioned<InsightCounts>(c.Counts, written.Counts[c.Key]);
        }
    }

    private static void Accumulate(Dictionary<InsightsCounterKey, InsightCounts> delta, IReadOnlyDictionary<InsightsCounterKey, InsightCounts> add, int sign)
    {
        foreach (var (key, counts) in add)
        {
            var current = delta.GetValueOrDefault(key, InsightCounts.Zero);
            delta[key] = sign > 0 ? current.Plus(counts) : current.Minus(counts);
        }
    }

    private void ForgetCounters(string ledger)
    {
        foreach (var key in _counters.Keys.Where(k => k.Ledger == ledger).ToList())
        {
            _counters.Remove(key);
        }
    }

    private sealed record Stream(string Id, IReadOnlyList<InsightsEvent> Events);

    [LoggerMessage(LogLevel.Warning, "Applying {Events} events to the insights projection failed; they wait for the next run")]
    private partial void LogProjectionFailed(Exception exception, int events);

    [LoggerMessage(LogLevel.Debug, "Insights projection: another instance changed ledger {Ledger} first; {Streams} streams are applied again")]
    private partial void LogConflict(string ledger, int streams);
}
