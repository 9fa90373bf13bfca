namespace OtpSessions.Core.Health;

public sealed class HealthService(IEnumerable<IHealthProbe> probes, IEnumerable<IHealthCounter> counters, IEnumerable<IHealthNote>? notes = null)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(probes.Select(async p => (p.Name, Result: await SafeCheckAsync(p, cancellationToken))));
        var checks = results.ToDictionary(r => r.Name, r => r.Result switch
        {
            ProbeResult.Ok => "ok",
            ProbeResult.Degraded => "degraded",
            ProbeResult.NotConfigured => "not_configured",
            _ => "unavailable",
        });
        var status = results.Any(r => r.Result == ProbeResult.Unavailable) ? "unhealthy"
            : results.Any(r => r.Result is ProbeResult.Degraded or ProbeResult.NotConfigured) ? "degraded"
            : "healthy";
        var counts = await Task.WhenAll(counters.Select(async c => (c.Name, Count: await SafeCountAsync(c, cancellationToken))));
        var words = await Task.WhenAll((notes ?? []).Select(async n => (n.Name, Word: await SafeReadAsync(n, cancellationToken))));
        return new HealthReport(status, checks)
        {
            Counts = counts.Where(c => c.Count is not null).ToDictionary(c => c.Name, c => c.Count!.Value),
            Notes = words.Where(w => w.Word is not null).ToDictionary(w => w.Name, w => w.Word!),
        };
    }

    private static async Task<int?> SafeCountAsync(IHealthCounter counter, CancellationToken cancellationToken)
    {
        try
        {
            return await counter.CountAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<string?> SafeReadAsync(IHealthNote note, CancellationToken cancellationToken)
    {
        try
        {
            return await note.ReadAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<ProbeResult> SafeCheckAsync(IHealthProbe probe, CancellationToken cancellationToken)
    {
        try
        {
            return await probe.CheckAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Unavailable;
        }
    }
}
