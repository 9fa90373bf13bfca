using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

namespace OtpSessions.Infrastructure.Storage;

/// <summary>Creates the Table and Queue service clients from <see cref="StorageOptions"/>, either way of connecting.</summary>
public static class StorageClients
{
    public static TableServiceClient CreateTableService(StorageOptions options, TableClientOptions? clientOptions = null)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new TableServiceClient(options.ConnectionString, clientOptions);
        }
        return new TableServiceClient(
            options.TableServiceUri ?? throw MissingSetting("tableServiceUri"), Credential(options), clientOptions);
    }

    public static QueueServiceClient CreateQueueService(StorageOptions options, QueueClientOptions? clientOptions = null)
    {
        clientOptions ??= new QueueClientOptions();
        // One encoding everywhere: the Functions queue trigger expects base64 (host.json says so too).
        clientOptions.MessageEncoding = QueueMessageEncoding.Base64;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new QueueServiceClient(options.ConnectionString, clientOptions);
        }
        return new QueueServiceClient(
            options.QueueServiceUri ?? throw MissingSetting("queueServiceUri"), Credential(options), clientOptions);
    }

    private static TokenCredential Credential(StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));

    private static InvalidOperationException MissingSetting(string name) =>
        new($"Storage is not configured: set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__{name} (identity-based).");
}
