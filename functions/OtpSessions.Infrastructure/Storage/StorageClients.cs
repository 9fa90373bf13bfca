using Azure.Core;
using Azure.Data.Tables;
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
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new QueueServiceClient(options.ConnectionString, clientOptions);
        }
        return new QueueServiceClient(options.QueueServiceUri ?? throw MissingSetting("queueServiceUri"), Required(credential), clientOptions);
    }

    private static TokenCredential Required(TokenCredential? credential) =>
        credential ?? throw new InvalidOperationException("An identity-based storage connection needs a credential.");

    private static InvalidOperationException MissingSetting(string name) =>
        new($"Storage is not configured: set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__{name} (identity-based).");
}
