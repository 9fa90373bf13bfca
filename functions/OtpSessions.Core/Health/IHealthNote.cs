namespace OtpSessions.Core.Health;

/// <summary>A word the health endpoint shows beside the checks, e.g. <c>sendBudget: near</c> (informational; never fails it).</summary>
public interface IHealthNote
{
    /// <summary>The name the report shows.</summary>
    string Name { get; }

    Task<string> ReadAsync(CancellationToken cancellationToken);
}
