using Azure.Storage.Queues;
using OtpSessions.Core.Health;

namespace OtpSessions.Infrastructure.Storage;

/// <summary>Storage answers when one table query and one queue property read succeed.</summary>
public sealed class StorageHealthProbe(TableServiceClient tables, QueueServiceClient queues) : IHealthProbe
{
    public string Name => "storage";

    public async Task<ProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await tables.GetTableClient(TableNames.Sessions)
            .QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: timeout.Token)
            .AsPages().GetAsyncEnumerator(timeout.Token).MoveNextAsync();
        await queues.GetQueueClient(QueueNames.Invitations).GetPropertiesAsync(timeout.Token);
        return ProbeResult.Ok;
    }
}
