using System.Diagnostics;

namespace OtpSessions.FaultHarness;

/// <summary>
/// Time compression: a clock that runs <see cref="Factor"/> times faster than the wall clock, for the app and the fake
/// ACS alike. The app's timers (outbox and pending-work sweeps, back-offs, cooldowns, OTP lifetimes, the ACS client's
/// timeouts) all take their time from the injected <see cref="TimeProvider"/>, so "30 s of Service Bus outage" passes in
/// 30 s / <see cref="Factor"/> of wall time while the product sees 30 s. What the product does not time itself — Azurite's
/// queue visibility timeouts, the Azure SDK's own retries — keeps wall time.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    /// <summary>From wall timestamp <c>Start</c> on, app time runs <c>Factor</c> times faster from <c>Origin</c>/<c>OriginTimestamp</c>.</summary>
    private sealed record Segment(DateTimeOffset Origin, long OriginTimestamp, long Start, double Factor);

    private Segment _segment;

    public ScaledTimeProvider(double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1.0);
        var now = Stopwatch.GetTimestamp();
        _segment = new Segment(System.GetUtcNow(), now, now, factor);
    }

    public double Factor => Volatile.Read(ref _segment).Factor;

    /// <summary>
    /// From now on, runs <paramref name="factor"/> times faster than the wall clock (1 = wall speed), without a jump. Timers
    /// already set keep the wall duration they were given.
    /// </summary>
    public void SetFactor(double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1.0);
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _segment, new Segment(UtcAt(now), TimestampAt(now), now, factor));
    }

    public override DateTimeOffset GetUtcNow() => UtcAt(Stopwatch.GetTimestamp());

    public override long GetTimestamp() => TimestampAt(Stopwatch.GetTimestamp());

    private DateTimeOffset UtcAt(long wall)
    {
        var s = Volatile.Read(ref _segment);
        return s.Origin + Stopwatch.GetElapsedTime(s.Start, wall) * s.Factor;
    }

    private long TimestampAt(long wall)
    {
        var s = Volatile.Read(ref _segment);
        return s.OriginTimestamp + (long)((wall - s.Start) * s.Factor);
    }

    /// <summary>How long <paramref name="appTime"/> of the app's time takes on the wall clock.</summary>
    public TimeSpan ToWall(TimeSpan appTime) =>
        appTime == Timeout.InfiniteTimeSpan || appTime <= TimeSpan.Zero ? appTime : appTime / Factor;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(this, System.CreateTimer(callback, state, ToWall(dueTime), ToWall(period)));

    /// <summary>Waits until the app's clock reaches <paramref name="when"/>.</summary>
    public Task WaitUntilAsync(DateTimeOffset when, CancellationToken cancellationToken = default)
    {
        var wait = when - GetUtcNow();
        return wait > TimeSpan.Zero ? Task.Delay(ToWall(wait), cancellationToken) : Task.CompletedTask;
    }

    private sealed class ScaledTimer(ScaledTimeProvider clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToWall(dueTime), clock.ToWall(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
