namespace OtpSessions.Infrastructure.Storage;

/// <summary>
/// Where tables and queues live. Locally a connection string (<c>AzureWebJobsStorage</c>);
/// in Azure the identity-based settings <c>AzureWebJobsStorage__tableServiceUri</c> /
/// <c>__queueServiceUri</c> (+ <c>__clientId</c> for a user-assigned identity).
/// </summary>
public sealed class StorageOptions
{
    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    /// <summary><c>managedidentity</c> in Azure (read by <see cref="Identity.AzureCredentials"/>, like the Functions host does).</summary>
    public string? Credential { get; set; }

    public string? ClientId { get; set; }

    /// <summary>
    /// At most this many connections to one storage endpoint (<c>Storage__MaxConnectionsPerServer</c>); unset, as many as
    /// the requests in flight. Set locally: Azurite answers one request at a time, so connections beyond a few dozen only
    /// queue inside it, and under a burst a growing pool opens them one after another while Azurite closes those idle
    /// for 5 s — second-long stalls. A capped pool keeps its connections and queues the excess in the app, in order.
    /// </summary>
    public int? MaxConnectionsPerServer { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ConnectionString) || (TableServiceUri is not null && QueueServiceUri is not null);
}
