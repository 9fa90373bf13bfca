using System.Runtime.CompilerServices;
using OtpSessions.Core.Insights;
using OtpSessions.Infrastructure.Events;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Insights;

/// <summary>
/// <see cref="IInsightsHistory"/> on the <c>sessions</c> table: one scan of every partition's outbox rows and session
/// row (the owner: <c>AgentId</c>, <c>Team</c>), partition by partition. A team's partition (<c>team|…</c>) has no
/// session row: its events name their team in their data. For the rebuild command only — never on a request's path.
/// </summary>
public sealed class TableInsightsHistory(TableServiceClient tables) : IInsightsHistory
{
    private readonly TableClient _table = tables.GetTableClient(TableNames.Sessions);

    public async IAsyncEnumerable<InsightsEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {SessionRowKeys.Session} or (RowKey ge {SessionRowKeys.OutboxPrefix} and RowKey lt {SessionRowKeys.RangeEnd(SessionRowKeys.OutboxPrefix)})");
        string? partition = null;
        var events = new List<TableEntity>();
        TableEntity? session = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (row.PartitionKey != partition)
            {
                foreach (var e in Owned(events, session))
                {
                    yield return e;
                }
                (partition, session) = (row.PartitionKey, null);
                events.Clear();
            }
            if (row.RowKey == SessionRowKeys.Session)
            {
                session = row;
            }
            else
            {
                events.Add(row);
            }
        }
        foreach (var e in Owned(events, session))
        {
            yield return e;
        }
    }

    private static IEnumerable<InsightsEvent> Owned(List<TableEntity> events, TableEntity? session) =>
        events.Select(row => new InsightsEvent(OutboxEntity.FromEntity(row), session?.GetString("Team"), session?.GetString("AgentId")));
}
