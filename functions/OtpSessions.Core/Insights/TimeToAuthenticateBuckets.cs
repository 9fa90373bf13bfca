namespace OtpSessions.Core.Insights;

/// <summary>
/// Fixed, log-spaced histogram buckets for the time from invitation to first authentication: bucket 0 holds up to 1 s,
/// bucket <c>i</c> (1 ≤ i ≤ <see cref="Steps"/>) up to 86 400^(i/<see cref="Steps"/>) s (each about 33 % wider than the one
/// before; the last ends at 24 h), and one more bucket holds everything longer. A percentile is the upper bound of the
/// bucket it falls in, so it is accurate to a bucket.
/// </summary>
public static class TimeToAuthenticateBuckets
{
    public const int Steps = 40;

    /// <summary>Bucket count: up to 1 s, <see cref="Steps"/> log-spaced up to 24 h, and beyond.</summary>
    public const int Count = Steps + 2;

    private const double MaxSeconds = 86_400;

    public static int BucketOf(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        if (seconds <= 1)
        {
            return 0;
        }
        if (seconds > MaxSeconds)
        {
            return Count - 1;
        }
        // The smallest i with 86400^(i/Steps) ≥ seconds; the rounding guard keeps exact bounds in their own bucket.
        var i = (int)Math.Ceiling(Math.Log(seconds) / Math.Log(MaxSeconds) * Steps - 1e-9);
        return Math.Clamp(i, 1, Steps);
    }

    /// <summary>The upper bound of <paramref name="bucket"/> in seconds (the last, open bucket answers 24 h).</summary>
    public static double UpperBoundSeconds(int bucket) =>
        bucket <= 0 ? 1 : bucket >= Steps ? MaxSeconds : Math.Pow(MaxSeconds, (double)bucket / Steps);

    /// <summary>The <paramref name="quantile"/> (0–1) of <paramref name="counts"/> as a bucket's upper bound (whole seconds); null without data.</summary>
    public static double? Percentile(IReadOnlyList<int> counts, double quantile)
    {
        ArgumentNullException.ThrowIfNull(counts);
        long total = counts.Sum(c => (long)c);
        if (total <= 0)
        {
            return null;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Round(UpperBoundSeconds(i));
            }
        }
        return Math.Round(UpperBoundSeconds(counts.Count - 1));
    }
}
