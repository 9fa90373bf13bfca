namespace OtpSessions.Core.Health;

/// <summary>A figure the health endpoint shows beside the checks, e.g. <c>parkedEvents</c> (informational; never fails it).</summary>
public interface IHealthCounter
{
    /// <summary>The name the report shows.</summary>
    string Name { get; }

    Task<int> CountAsync(CancellationToken cancellationToken);
}
