using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;

namespace OtpSessions.Infrastructure.Storage;

/// <summary>
/// Local development only (<c>Storage__CreateIfMissing=true</c>): creates the tables and queues in Azurite.
/// In Azure they are provisioned by infra/ and this does nothing.
/// </summary>
public sealed partial class StorageInitializer(
    TableServiceClient tables, QueueServiceClient queues, IOptions<StorageInitializerOptions> options,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateIfMissing)
        {
            return;
        }
        foreach (var table in TableNames.All)
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }
        foreach (var queue in QueueNames.All)
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queues.GetQueueClient(QueueNames.Poison(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        LogCreated(TableNames.All.Count, QueueNames.All.Count * 2);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Storage ready: {Tables} tables and {Queues} queues exist")]
    private partial void LogCreated(int tables, int queues);
}
