using OtpSessions.Infrastructure.Events;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// TTL for Table Storage: finds rows whose <c>ExpiresAt</c> has passed in every table and deletes them, one
/// entity-group transaction per ≤ 100 rows of one partition. A row without <c>ExpiresAt</c> (team policies) never
/// expires. Deletes are ETag-checked: a row changed since it was read is left for the next run.
/// <para>Outbox rows are never purged — an event leaves the outbox only once Service Bus has it — except parked ones
/// (refused by the event data guard, never to be published), which expire with their session. An expired
/// <c>session</c> row is deleted in one transaction with the insert of its <c>session.expired</c> event, so the
/// event exists exactly when the session was purged.</para>
/// <para>Before any row of an expired session's partition is deleted, <paramref name="keeper"/> is told (the session's
/// final evidence record is kept from the whole trail); when that fails, the run stops and the next one tries again.</para>
/// </summary>
public sealed class TableExpiredRowPurger(TableServiceClient tables, TimeProvider time, IExpiringSessionKeeper? keeper = null) : IExpiredRowPurger
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

    private async Task<int> PurgeTableAsync(TableClient table, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = table.Name == TableNames.Sessions
            ? TableClient.CreateQueryFilter(
                $"ExpiresAt le {now} and (RowKey lt {SessionRowKeys.OutboxPrefix} or RowKey ge {SessionRowKeys.RangeEnd(SessionRowKeys.OutboxPrefix)} or Rejected eq {true})")
            : TableClient.CreateQueryFilter($"ExpiresAt le {now}");
        var removed = 0;
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey", "Reference"],
                cancellationToken: cancellationToken).AsPages())
            {
                foreach (var partition in page.Values.GroupBy(r => r.PartitionKey))
                {
                    if (table.Name == TableNames.Sessions && keeper is not null && !partition.Key.StartsWith(EventSubjects.TeamPartitionPrefix, StringComparison.Ordinal))
                    {
                        await keeper.KeepAsync(partition.Key, cancellationToken);
                    }
                    var rows = partition.ToList();
                    var session = table.Name == TableNames.Sessions ? rows.Find(r => r.RowKey == SessionRowKeys.Session) : null;
                    if (session is not null)
                    {
                        removed += await ExpireSessionAsync(table, session, now, cancellationToken);
                        rows.Remove(session);
                    }
                    foreach (var batch in rows.Chunk(BatchSize))
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

    /// <summary>Deletes the session row and adds its <c>session.expired</c> event, atomically.</summary>
    private static async Task<int> ExpireSessionAsync(TableClient table, TableEntity session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var data = new SessionExpiredData(session.PartitionKey, session.GetString("Reference"), now);
        var expired = new OutboxEvent(OutboxEvent.NewId(now, 0), session.PartitionKey, EventTypes.SessionExpired, now,
            JsonSerializer.Serialize(data, SessionJson.Options));
        try
        {
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Delete, session, session.ETag),
                new TableTransactionAction(TableTransactionActionType.Add, OutboxEntity.ToEntity(expired, now + ExpiredEventRetention)),
            ], cancellationToken);
            return 1;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return 0; // changed or gone meanwhile: the next run decides again
        }
    }

    /// <summary>The <c>ExpiresAt</c> of a <c>session.expired</c> row (informational: outbox rows leave when published).</summary>
    private static readonly TimeSpan ExpiredEventRetention = TimeSpan.FromDays(7);

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
