namespace OtpSessions.Core.Common;

/// <summary>
/// Runs a load-decide-commit step again when its commit lost an optimistic-concurrency race, after a short jittered
/// backoff (so that many parallel requests on one participant spread out instead of colliding again in lockstep).
/// </summary>
public static class ConcurrencyRetry
{
    public const int MaxAttempts = 10;

    /// <summary>How long a caller told <c>busy</c> should wait before trying again.</summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="step"/>; when every attempt lost its race, the last conflict is thrown (a queue message is then retried).</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                await Task.Delay(Backoff(attempt));
            }
        }
    }

    /// <summary>
    /// Like <see cref="RunAsync{T}"/> for a request that answers an outcome: when every attempt lost its race, the answer
    /// is 503 <c>busy</c> with a Retry-After — the request changed nothing (no guess was counted), so trying again is safe.
    /// </summary>
    public static async Task<Outcome<T>> DecideAsync<T>(Func<Task<Outcome<T>>> step)
    {
        try
        {
            return await RunAsync(step);
        }
        catch (ConcurrencyConflictException)
        {
            return Failure.Busy();
        }
    }

    /// <summary>
    /// A load-decide-commit step on one participant, for <see cref="RunAsync{T}"/> or <see cref="DecideAsync{T}"/>: the first
    /// attempt decides on <paramref name="first"/>, the snapshot the caller has already read (one read saved), every attempt
    /// after a lost race on a fresh one from <paramref name="reload"/>.
    /// </summary>
    public static Func<Task<T>> FirstThenFresh<TSnapshot, T>(
        TSnapshot? first, Func<Task<TSnapshot?>> reload, Func<TSnapshot?, Task<T>> decide)
        where TSnapshot : class
    {
        ArgumentNullException.ThrowIfNull(reload);
        ArgumentNullException.ThrowIfNull(decide);
        var unused = first;
        return async () =>
        {
            var snapshot = unused ?? await reload();
            unused = null;
            return await decide(snapshot);
        };
    }

    /// <summary>Full jitter: a random wait up to an exponentially growing cap.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
    }
}
