namespace OtpSessions.Browser.Tests;

/// <summary>
/// The app's clock in browser tests: real time (the browser's timers and countdowns run on real time too), which a
/// test can move forward — e.g. past an invite link's lifetime. Pages opened afterwards get the same time
/// (<see cref="BrowserFixture.NewContextAsync"/>), so the browser and the app keep agreeing on "now".
/// </summary>
public sealed class ShiftableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
