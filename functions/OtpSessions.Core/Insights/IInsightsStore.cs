namespace OtpSessions.Core.Insights;

/// <summary>
/// Port: the insights projection — per ledger (<see cref="InsightsLedger"/>), what is remembered of each event stream
/// and the counter records per day (of the ledger, and of each of its agents). Reads name what they want; a write
/// changes records of one ledger all or nothing, each at the version it was read at (none: it must not exist yet), and
/// throws <see cref="Common.ConcurrencyConflictException"/> when any of them changed (read again and decide again).
/// </summary>
public interface IInsightsStore
{
    /// <summary>At most this many records (journeys and counters together) in one <see cref="WriteAsync"/>.</summary>
    public const int MaxRecordsPerWrite = 100;

    /// <summary>The remembered streams among <paramref name="streams"/>; one absent is not in the answer.</summary>
    Task<IReadOnlyDictionary<string, Versioned<JourneyMemory>>> ReadJourneysAsync(
        string ledger, IReadOnlyCollection<string> streams, CancellationToken cancellationToken);

    /// <summary>The counter records among <paramref name="keys"/> (all of <paramref name="ledger"/>); one absent is not in the answer.</summary>
    Task<IReadOnlyDictionary<InsightsCounterKey, Versioned<InsightCounts>>> ReadCountsAsync(
        string ledger, IReadOnlyCollection<InsightsCounterKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// The counter records of the ledger's days from <paramref name="from"/> to <paramref name="to"/> (inclusive), of the
    /// whole ledger (<paramref name="agentId"/> null) or of one agent: one storage request whatever the range.
    /// </summary>
    Task<IReadOnlyList<DayCounts>> ReadDaysAsync(string ledger, string? agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Writes every record of <paramref name="write"/> (one ledger) at once; answers their new versions.</summary>
    Task<InsightsWritten> WriteAsync(InsightsWrite write, CancellationToken cancellationToken);

    /// <summary>Deletes the whole projection (before a rebuild).</summary>
    Task ClearAsync(CancellationToken cancellationToken);
}
