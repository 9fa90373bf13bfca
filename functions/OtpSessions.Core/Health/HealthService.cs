namespace OtpSessions.Core.Health;

/// <summary>A dependency that the health endpoint asks: storage, the event outbox, …</summary>
public interface IHealthProbe
{
    /// <summary>The name the report shows, e.g. <c>storage</c>.</summary>
    string Name { get; }

    Task<ProbeResult> CheckAsync(CancellationToken cancellationToken);
}

public enum ProbeResult
{
    /// <summary>Works.</summary>
    Ok,
    /// <summary>Works, but something needs attention (the app still serves).</summary>
    Degraded,
    /// <summary>An optional capability is not set up yet (e.g. SMS without a sender number): the app serves without it; counts as degraded.</summary>
    NotConfigured,
    /// <summary>Does not answer: the app cannot serve.</summary>
    Unavailable,
}

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Checks)
{
    public bool IsHealthy => Status != "unhealthy";

    /// <summary>The response body: <c>{ "status": "healthy", "storage": "ok", … }</c>.</summary>
    public IReadOnlyDictionary<string, string> ToBody()
    {
        var body = new Dictionary<string, string> { ["status"] = Status };
        foreach (var (name, result) in Checks)
        {
            body[name] = result;
        }
        return body;
    }
}

public sealed class HealthService(IEnumerable<IHealthProbe> probes)
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
        return new HealthReport(status, checks);
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
