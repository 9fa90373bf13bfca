using OtpSessions.Core.Health;

namespace OtpSessions.Core.Events;

/// <summary>
/// <c>events</c> in <c>/api/health</c>: <c>degraded</c> while any outbox row is flagged stuck — failing to publish, or
/// parked by the event data guard — (or the outbox cannot be read; the <c>storage</c> check reports storage itself), and
/// the figure <c>parkedEvents</c>: how many events the guard refused (never published; see the dev outbox for which).
/// Answers are reused for <see cref="EventsOptions.HealthCacheDuration"/> because they scan every session's outbox rows.
/// </summary>
public sealed class EventsHealthProbe(IOutboxStore store, TimeProvider time, IOptions<EventsOptions> options) : IHealthProbe, IHealthCounter
{
    public const string ProbeName = "events";

    public const string ParkedCounterName = "parkedEvents";

    /// <summary>Parked rows are counted up to this many.</summary>
    public const int ParkedCountLimit = 1000;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private Answer<ProbeResult>? _stuck;
    private Answer<int>? _parked;

    public string Name => ProbeName;

    string IHealthCounter.Name => ParkedCounterName;

    public async Task<ProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CachedAsync(() => _stuck, a => _stuck = a,
                async token => await store.AnyStuckAsync(token) ? ProbeResult.Degraded : ProbeResult.Ok, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _stuck = new Answer<ProbeResult>(time.GetUtcNow(), ProbeResult.Degraded);
            return ProbeResult.Degraded;
        }
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        CachedAsync(() => _parked, a => _parked = a, token => store.CountParkedAsync(ParkedCountLimit, token), cancellationToken);

    private async Task<T> CachedAsync<T>(Func<Answer<T>?> read, Action<Answer<T>> write, Func<CancellationToken, Task<T>> ask,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (read() is { } last && now - last.At < options.Value.HealthCacheDuration)
        {
            return last.Value;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var value = await ask(timeout.Token);
        write(new Answer<T>(now, value));
        return value;
    }

    private sealed record Answer<T>(DateTimeOffset At, T Value);
}
