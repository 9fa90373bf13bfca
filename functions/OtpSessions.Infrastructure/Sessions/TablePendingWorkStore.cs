namespace OtpSessions.Infrastructure.Sessions;

/// <summary>The <c>work|</c> rows of the <c>sessions</c> table (<see cref="PendingWork"/>): written by <see cref="TableSessionStore"/>, read and deleted here.</summary>
public sealed class TablePendingWorkStore(TableServiceClient tables, TableSessionStore sessions) : IPendingWorkStore
{
    public const string Queue = "Queue";
    public const string Message = "Message";
    public const string Time = "Time";

    /// <summary>Just above every <c>work|…</c> row key ('~' sorts after every id character).</summary>
    private static readonly string RowKeyRangeEnd = SessionRowKeys.RangeEnd(SessionRowKeys.WorkPrefix);

    private static readonly string[] Columns = ["PartitionKey", "RowKey", Queue, Message, Time];

    private readonly TableClient _table = tables.GetTableClient(TableNames.Sessions);

    /// <summary>The row of <paramref name="work"/>, for the session's transaction.</summary>
    public static TableEntity ToEntity(PendingWork work, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(work);
        return new(work.SessionId, SessionRowKeys.Work(work.WorkId))
        {
            [Queue] = work.Queue,
            [Message] = work.MessageJson,
            [Time] = work.Time,
            [SessionEntities.ExpiresAt] = expiresAt,
        };
    }

    public async Task<IReadOnlyList<PendingWork>> ListAllAsync(int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {SessionRowKeys.WorkPrefix} and RowKey lt {RowKeyRangeEnd}");
        var rows = new List<PendingWork>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), select: Columns, cancellationToken: cancellationToken))
        {
            rows.Add(new PendingWork(row.RowKey[SessionRowKeys.WorkPrefix.Length..], row.PartitionKey, row.GetString(Queue) ?? "",
                row.GetString(Message) ?? "", row.GetDateTimeOffset(Time) ?? row.Timestamp ?? DateTimeOffset.MinValue));
            if (rows.Count >= limit)
            {
                break;
            }
        }
        return rows;
    }

    public Task DeleteAsync(string sessionId, IReadOnlyList<PendingWork> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return sessions.DeleteAsync(sessionId, [.. work.Select(w => SessionRowKeys.Work(w.WorkId))], cancellationToken);
    }
}
