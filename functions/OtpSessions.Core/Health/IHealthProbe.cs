namespace OtpSessions.Core.Health;

/// <summary>A dependency that the health endpoint asks: storage, the event outbox, …</summary>
public interface IHealthProbe
{
    /// <summary>The name the report shows, e.g. <c>storage</c>.</summary>
    string Name { get; }

    Task<ProbeResult> CheckAsync(CancellationToken cancellationToken);
}
