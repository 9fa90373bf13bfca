namespace OtpSessions.Core.Insights;

/// <summary>How the insights projection runs (settings <c>Insights__*</c>; every one has a default).</summary>
public sealed class InsightsOptions
{
    public const string SectionName = "Insights";

    /// <summary>How often each instance applies the events its commits collected (the answer is at most about this far behind).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "Insights__FlushInterval must be between 50 ms and 10 minutes.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>At most this many events wait in one instance; beyond it the oldest are dropped (logged; a rebuild restores them).</summary>
    [Range(1000, 10_000_000, ErrorMessage = "Insights__FeedCapacity must be between 1000 and 10000000.")]
    public int FeedCapacity { get; set; } = 200_000;

    /// <summary>How long a day's counts are kept.</summary>
    [Range(93, 3650, ErrorMessage = "Insights__RetentionDays must be between 93 and 3650.")]
    public int RetentionDays { get; set; } = 400;

    /// <summary>How long what is remembered of a session is kept after its latest event (longer than a session lives).</summary>
    [Range(1, 3650, ErrorMessage = "Insights__JourneyRetentionDays must be between 1 and 3650.")]
    public int JourneyRetentionDays { get; set; } = 40;
}
