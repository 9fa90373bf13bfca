namespace OtpSessions.Core.Health;

/// <summary>A dependency that the health endpoint asks: storage, the event outbox, …</summary>
public interface IHealthProbe
{
    /// <summary>The name the report shows, e.g. <c>storage</c>.</summary>
    string Name { get; }

    Task<ProbeResult> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>A figure the health endpoint shows beside the checks, e.g. <c>parkedEvents</c> (informational; never fails it).</summary>
public interface IHealthCounter
{
    /// <summary>The name the report shows.</summary>
    string Name { get; }

    Task<int> CountAsync(CancellationToken cancellationToken);
}

/// <summary>A word the health endpoint shows beside the checks, e.g. <c>sendBudget: near</c> (informational; never fails it).</summary>
public interface IHealthNote
{
    /// <summary>The name the report shows.</summary>
    string Name { get; }

    Task<string> ReadAsync(CancellationToken cancellationToken);
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
    /// <summary>Figures by name (<see cref="IHealthCounter"/>); a counter that could not be read is absent.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; init; } = new Dictionary<string, int>();

    /// <summary>Words by name (<see cref="IHealthNote"/>); a note that could not be read is absent.</summary>
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();

    public bool IsHealthy => Status != "unhealthy";

    /// <summary>The response body: <c>{ "status": "healthy", "storage": "ok", …, "parkedEvents": 0 }</c>.</summary>
    public IReadOnlyDictionary<string, object> ToBody()
    {
        var body = new Dictionary<string, object> { ["status"] = Status };
        foreach (var (name, result) in Checks)
        {
            body[name] = result;
        }
        foreach (var (name, count) in Counts)
        {
            body[name] = count;
        }
        foreach (var (name, word) in Notes)
        {
            body[name] = word;
        }
        return body;
    }
}

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
