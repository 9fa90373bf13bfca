using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Events;

/// <summary>
/// The outbox rows of the <c>sessions</c> table: RK range <c>outbox|</c> up to <see cref="SessionRowKeys.RangeEnd"/> of each session partition.
/// Every write is conditional on the row's ETag.
/// </summary>
public sealed class TableOutboxStore(TableServiceClient tables) : IOutboxStore
{
    /// <summary>Just above every <c>outbox|evt_…</c> row key ('~' sorts after every id character).</summary>
    private static readonly string RowKeyRangeEnd = SessionRowKeys.RangeEnd(SessionRowKeys.OutboxPrefix);

    /// <summary>What a listing of every session needs: everything but the event data.</summary>
    private static readonly string[] ListColumns =
    [
        "PartitionKey", "RowKey", OutboxEntity.Type, OutboxEntity.Time, OutboxEntity.Attempts, OutboxEntity.LastError, OutboxEntity.Stuck,
        OutboxEntity.Rejected, OutboxEntity.NextAttemptAt,
    ];

    private readonly TableClient _table = tables.GetTableClient(TableNames.Sessions);

    public async Task<IReadOnlyList<PendingEvent>> ListSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {SessionRowKeys.OutboxPrefix} and RowKey lt {RowKeyRangeEnd}");
        var rows = new List<PendingEvent>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(ToPending(row));
        }
        return rows;
    }

    public async Task<IReadOnlyList<PendingEvent>> ListAllAsync(int limit, bool includeParked, CancellationToken cancellationToken)
    {
        var filter = includeParked
            ? TableClient.CreateQueryFilter($"RowKey ge {SessionRowKeys.OutboxPrefix} and RowKey lt {RowKeyRangeEnd}")
            // Every row has Stuck; Rejected is written with every failure, so a parked row is exactly Stuck and Rejected.
            : TableClient.CreateQueryFilter(
                $"RowKey ge {SessionRowKeys.OutboxPrefix} and RowKey lt {RowKeyRangeEnd} and (Stuck eq {false} or Rejected eq {false})");
        var rows = new List<PendingEvent>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), select: ListColumns, cancellationToken: cancellationToken))
        {
            rows.Add(ToPending(row));
            if (rows.Count >= limit)
            {
                break;
            }
        }
        return rows;
    }

    public async Task<bool> DeleteAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(pending.Event.SessionId, SessionRowKeys.Outbox(pending.Event.EventId), pending.Version.ToETag(), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    public async Task<bool> RecordFailureAsync(PendingEvent pending, OutboxFailure failure, CancellationToken cancellationToken)
    {
        var update = new TableEntity(pending.Event.SessionId, SessionRowKeys.Outbox(pending.Event.EventId))
        {
            [OutboxEntity.Attempts] = failure.Attempts,
            [OutboxEntity.LastError] = failure.Error,
            [OutboxEntity.Stuck] = failure.Stuck,
            [OutboxEntity.Rejected] = failure.Rejected,
            [OutboxEntity.NextAttemptAt] = failure.NextAttemptAt,
        };
        try
        {
            await _table.UpdateEntityAsync(update, pending.Version.ToETag(), TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<bool> AnyStuckAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {SessionRowKeys.OutboxPrefix} and RowKey lt {RowKeyRangeEnd} and Stuck eq {true}");
        // A scan may answer with empty pages and a continuation: keep reading until a row or the end.
        await foreach (var _ in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            return true;
        }
        return false;
    }

    public async Task<int> CountParkedAsync(int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {SessionRowKeys.OutboxPrefix} and RowKey lt {RowKeyRangeEnd} and Rejected eq {true}");
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (++count >= limit)
            {
                break;
            }
        }
        return count;
    }

    /// <summary>Tolerant of a malformed row (missing columns): the dispatcher refuses such an event instead of failing the sweep.</summary>
    private static PendingEvent ToPending(TableEntity row) =>
        new(new OutboxEvent(
                row.RowKey[SessionRowKeys.OutboxPrefix.Length..],
                row.PartitionKey,
                row.GetString(OutboxEntity.Type) ?? "",
                row.GetDateTimeOffset(OutboxEntity.Time) ?? row.Timestamp ?? DateTimeOffset.MinValue,
                row.GetString(OutboxEntity.Data) ?? ""),
            row.GetInt32(OutboxEntity.Attempts) ?? 0,
            row.GetBoolean(OutboxEntity.Stuck) ?? false,
            row.GetBoolean(OutboxEntity.Rejected) ?? false,
            row.GetDateTimeOffset(OutboxEntity.NextAttemptAt),
            row.GetString(OutboxEntity.LastError),
            row.ETag.ToVersion());
}
