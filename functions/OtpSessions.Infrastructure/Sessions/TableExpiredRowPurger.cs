using Azure;
using Azure.Data.Tables;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// TTL for Table Storage: finds rows whose <c>ExpiresAt</c> has passed in every table and deletes them, one
/// entity-group transaction per ≤ 100 rows of one partition. A row without <c>ExpiresAt</c> (team policies) never
/// expires. Deletes are ETag-checked: a row changed since it was read is left for the next run.
/// </summary>
public sealed class TableExpiredRowPurger(TableServiceClient tables, TimeProvider time) : IExpiredRowPurger
{
    public const int BatchSize = 100;

    public async Task<IReadOnlyList<PurgeCount>> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var counts = new List<PurgeCount>();
        foreach (var name in TableNames.All)
        {
            counts.Add(new PurgeCount(name, await PurgeTableAsync(tables.GetTableClient(name), now, cancellationToken)));
        }
        return counts;
    }

    private static async Task<int> PurgeTableAsync(TableClient table, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"ExpiresAt le {now}");
        var removed = 0;
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"],
                cancellationToken: cancellationToken).AsPages())
            {
                foreach (var partition in page.Values.GroupBy(r => r.PartitionKey))
                {
                    foreach (var batch in partition.Chunk(BatchSize))
                    {
                        removed += await DeleteAsync(table, batch, cancellationToken);
                    }
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The table does not exist (yet): nothing to purge.
        }
        return removed;
    }

    private static async Task<int> DeleteAsync(TableClient table, TableEntity[] batch, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(
                batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), cancellationToken);
            return batch.Length;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // One row of the batch changed or went meanwhile, so the whole batch was refused: delete the rest one by one.
            var removed = 0;
            foreach (var row in batch)
            {
                try
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                    removed++;
                }
                catch (RequestFailedException single) when (single.Status is 404 or 412)
                {
                }
            }
            return removed;
        }
    }
}
