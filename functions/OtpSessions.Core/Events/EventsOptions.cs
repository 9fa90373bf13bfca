namespace OtpSessions.Core.Events;

/// <summary>
/// How the outbox is published (settings <c>Events__*</c>; every one has a default). Failed publishes are retried with
/// exponential back-off from <see cref="RetryBaseDelay"/> up to <see cref="RetryMaxDelay"/>; after
/// <see cref="MaxAttempts"/> failures a row is flagged stuck (health: <c>events: degraded</c>) and still retried at
/// <see cref="RetryMaxDelay"/>.
/// </summary>
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    [Range(1, 1000, ErrorMessage = "Events__MaxAttempts must be between 1 and 1000.")]
    public int MaxAttempts { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Events__RetryBaseDelay must be between 1 ms and 1 hour.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Events__RetryMaxDelay must be between 1 ms and 1 day.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The sweep leaves rows younger than this to the dispatch signal that was sent with them.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Events__SweepGrace must be between 0 and 1 hour.")]
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many outbox rows are read by one sweep (the next sweep continues).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Events__SweepLimit must be between 1 and 1000000.")]
    public int SweepLimit { get; set; } = 5000;

    /// <summary>How many sessions one sweep dispatches at the same time.</summary>
    [Range(1, 64, ErrorMessage = "Events__SweepConcurrency must be between 1 and 64.")]
    public int SweepConcurrency { get; set; } = 4;

    /// <summary>How long the health probe reuses its answer (it scans every session's outbox rows).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Events__HealthCacheDuration must be between 0 and 1 hour.")]
    public TimeSpan HealthCacheDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The back-off after the <paramref name="attempts"/>-th failure: base · 2^(attempts−1), capped at the maximum.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        if (attempts <= 1)
        {
            return Min(RetryBaseDelay, RetryMaxDelay);
        }
        var exponent = Math.Min(attempts - 1, 30);
        var ticks = RetryBaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= RetryMaxDelay.Ticks ? RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
