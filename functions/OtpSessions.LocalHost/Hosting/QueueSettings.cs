namespace OtpSessions.LocalHost.Hosting;

/// <summary>Queue trigger settings; defaults are the Functions host's.</summary>
public sealed record QueueSettings
{
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan MinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    /// <summary>
    /// How long a received message stays invisible to other readers; renewed every third of it while its function runs.
    /// The Functions host leases for 10 minutes (renewed too); the local host leases for less, so that a message whose
    /// receive answer was lost (storage restarted mid-answer) comes back within this, not after 10 minutes.
    /// </summary>
    public TimeSpan ProcessingLease { get; init; } = TimeSpan.FromSeconds(30);
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// A new batch is fetched once no more than this many messages are still being processed (so one slow message never
    /// holds back the next batch); the host's default is half the batch size.
    /// </summary>
    public int? NewBatchThreshold { get; init; }

    public int EffectiveNewBatchThreshold => NewBatchThreshold ?? BatchSize / 2;
    public int MaxDequeueCount { get; init; } = 5;
    public string MessageEncoding { get; init; } = "base64";
}
