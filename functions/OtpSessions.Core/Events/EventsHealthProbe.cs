using Microsoft.Extensions.Options;
using OtpSessions.Core.Health;

namespace OtpSessions.Core.Events;

/// <summary>
/// <c>events</c> in <c>/api/health</c>: <c>degraded</c> while any outbox row is flagged stuck (or the outbox cannot be read;
/// the <c>storage</c> check reports storage itself). The answer is reused for <see cref="EventsOptions.HealthCacheDuration"/>
/// because it scans every session's outbox rows.
/// </summary>
public sealed class EventsHealthProbe(IOutboxStore store, TimeProvider time, IOptions<EventsOptions> options) : IHealthProbe
{
    public const string ProbeName = "events";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private Answer? _last;

    public string Name => ProbeName;

    public async Task<ProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_last is { } last && now - last.At < options.Value.HealthCacheDuration)
        {
            return last.Result;
        }
        ProbeResult result;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            result = await store.AnyStuckAsync(timeout.Token) ? ProbeResult.Degraded : ProbeResult.Ok;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            result = ProbeResult.Degraded;
        }
        _last = new Answer(now, result);
        return result;
    }

    private sealed record Answer(DateTimeOffset At, ProbeResult Result);
}
