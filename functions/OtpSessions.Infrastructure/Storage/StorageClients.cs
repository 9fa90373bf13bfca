using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;

namespace OtpSessions.Infrastructure.Storage;

/// <summary>
/// Creates the Table and Queue service clients from <see cref="StorageOptions"/>, either way of connecting: a connection
/// string, or service URIs with a credential (in the app the one <see cref="Identity.AzureCredentials"/> chooses, as the
/// factories of <c>AddAzureClients</c>).
/// </summary>
public static class StorageClients
{
    public static TableServiceClient CreateTableService(
        StorageOptions options, TableClientOptions? clientOptions = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        clientOptions ??= new TableClientOptions();
        LimitConnections(clientOptions, options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new TableServiceClient(options.ConnectionString, clientOptions);
        }
        return new TableServiceClient(options.TableServiceUri ?? throw MissingSetting("tableServiceUri"), Required(credential), clientOptions);
    }

    public static QueueServiceClient CreateQueueService(
        StorageOptions options, QueueClientOptions? clientOptions = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        clientOptions ??= new QueueClientOptions();
        // One encoding everywhere: the Functions queue trigger expects base64 (host.json says so too).
        clientOptions.MessageEncoding = QueueMessageEncoding.Base64;
        LimitConnections(clientOptions, options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new QueueServiceClient(options.ConnectionString, clientOptions);
        }
        return new QueueServiceClient(options.QueueServiceUri ?? throw MissingSetting("queueServiceUri"), Required(credential), clientOptions);
    }

    /// <summary>
    /// The storage clients' own retries: a blip (a restart, a failover, a "server busy") of up to about 15 s is ridden
    /// out inside the request — waits of 0.5, 1, 2, 4, 4, 4 s (with the SDK's jitter) — and a longer outage ends as 503
    /// <c>busy</c> (<see cref="StorageFaults"/>). A storage call that hangs is given up after 20 s.
    /// </summary>
    public static void RideOutBlips(RetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Mode = RetryMode.Exponential;
        retry.Delay = TimeSpan.FromSeconds(0.5);
        retry.MaxDelay = TimeSpan.FromSeconds(4);
        retry.MaxRetries = 6;
        retry.NetworkTimeout = TimeSpan.FromSeconds(20);
    }

    /// <summary>Caps the client's connections to its endpoint when <see cref="StorageOptions.MaxConnectionsPerServer"/> is set.</summary>
    private static void LimitConnections(ClientOptions clientOptions, StorageOptions options)
    {
        if (options.MaxConnectionsPerServer is { } max)
        {
            clientOptions.Transport = new HttpClientTransport(new SocketsHttpHandler { MaxConnectionsPerServer = max });
        }
    }

    private static TokenCredential Required(TokenCredential? credential) =>
        credential ?? throw new InvalidOperationException("An identity-based storage connection needs a credential.");

    private static InvalidOperationException MissingSetting(string name) =>
        new($"Storage is not configured: set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__{name} (identity-based).");
}
