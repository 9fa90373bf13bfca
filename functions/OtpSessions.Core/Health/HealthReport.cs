namespace OtpSessions.Core.Health;

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
