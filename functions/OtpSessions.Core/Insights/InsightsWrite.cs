namespace OtpSessions.Core.Insights;

// One all-or-nothing write of the projection (one ledger) and what it answers.

/// <summary>The records to write, each at the version it was read at (null: not stored yet), and until when each is kept.</summary>
public sealed record InsightsWrite(string Ledger, IReadOnlyList<JourneyWrite> Journeys, IReadOnlyList<CountsWrite> Counts)
{
    public int RecordCount => Journeys.Count + Counts.Count;
}

/// <summary>A stream's memory to write.</summary>
public sealed record JourneyWrite(string Stream, JourneyMemory Memory, StoredVersion? Version, DateTimeOffset ExpiresAt);

/// <summary>A counter record to write.</summary>
public sealed record CountsWrite(InsightsCounterKey Key, InsightCounts Counts, StoredVersion? Version, DateTimeOffset ExpiresAt);

/// <summary>The new versions of what a write stored.</summary>
public sealed record InsightsWritten(IReadOnlyDictionary<string, StoredVersion> Journeys, IReadOnlyDictionary<InsightsCounterKey, StoredVersion> Counts);
