using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace OtpSessions.LocalHost.Tests;

/// <summary>
/// A test's clock for the timer scheduler: the <see cref="FakeTimeProvider"/> it wraps, which also records every timer set
/// on it. A test moves the clock only once the scheduler waits on its timer: moved while the scheduler is between reading
/// the time and setting the timer, the wait would start after the move and never end on a fake clock.
/// </summary>
internal sealed class TimerWatchingClock(FakeTimeProvider fake) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();

    /// <summary>How many timers were set to fire after <paramref name="dueTime"/>.</summary>
    public int TimersSetFor(TimeSpan dueTime) => _dueTimes.Count(due => due == dueTime);

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = fake.CreateTimer(callback, state, dueTime, period);
        _dueTimes.Enqueue(dueTime);  // after the fake holds the timer: a move from now on fires it
        return timer;
    }
}
