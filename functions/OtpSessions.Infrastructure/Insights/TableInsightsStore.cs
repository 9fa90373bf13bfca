using System.Globalization;
using OtpSessions.Core.Insights;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Insights;

/// <summary>
/// <see cref="IInsightsStore"/> on the <c>insights</c> table: one partition per ledger (PK = the ledger, escaped), so a
/// projection step writes its journeys and counters in one entity-group transaction. RowKeys: <c>d|{yyyy-MM-dd}</c> (a
/// day of the ledger), <c>a|{agent}|{yyyy-MM-dd}</c> (a day of one of its agents), <c>s|{stream}</c> (what is remembered
/// of a session or of the team's own events). Columns: <c>Data</c> (JSON) and <c>ExpiresAt</c> (the purge timer deletes
/// expired rows). A day range is one range query on RowKey; named rows are read 15 to a query (the service's limit on
/// comparisons in one filter).
/// </summary>
public sealed class TableInsightsStore(TableServiceClient tables) : IInsightsStore
{
    private const int KeysPerQuery = 15;
    private const string DayFormat = "yyyy-MM-dd";
    private const string Data = "Data";

    private readonly TableClient _table = tables.GetTableClient(TableNames.Insights);

    public async Task<IReadOnlyDictionary<string, Versioned<JourneyMemory>>> ReadJourneysAsync(
        string ledger, IReadOnlyCollection<string> streams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var byRow = streams.Distinct(StringComparer.Ordinal).ToDictionary(JourneyRow, s => s, StringComparer.Ordinal);
        var rows = await ReadRowsAsync(ledger, byRow.Keys, cancellationToken);
        return rows.ToDictionary(r => byRow[r.RowKey],
            r => new Versioned<JourneyMemory>(Deserialize<JourneyMemory>(r), r.ETag.ToVersion()), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<InsightsCounterKey, Versioned<InsightCounts>>> ReadCountsAsync(
        string ledger, IReadOnlyCollection<InsightsCounterKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var byRow = keys.Where(k => k.Ledger == ledger).Distinct().ToDictionary(CounterRow, k => k, StringComparer.Ordinal);
        var rows = await ReadRowsAsync(ledger, byRow.Keys, cancellationToken);
        return rows.ToDictionary(r => byRow[r.RowKey], r => new Versioned<InsightCounts>(Deserialize<InsightCounts>(r), r.ETag.ToVersion()));
    }

    public async Task<IReadOnlyList<DayCounts>> ReadDaysAsync(string ledger, string? agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var first = CounterRow(new InsightsCounterKey(ledger, agentId, from));
        var last = CounterRow(new InsightsCounterKey(ledger, agentId, to));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(ledger)} and RowKey ge {first} and RowKey le {last}");
        var days = new List<DayCounts>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var day = DateOnly.ParseExact(row.RowKey[^DayFormat.Length..], DayFormat, CultureInfo.InvariantCulture);
            days.Add(new DayCounts(day, Deserialize<InsightCounts>(row)));
        }
        return days;
    }

    public async Task<InsightsWritten> WriteAsync(InsightsWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (write.RecordCount > IInsightsStore.MaxRecordsPerWrite || write.Counts.Any(c => c.Key.Ledger != write.Ledger))
        {
            throw new ArgumentException("A write holds at most 100 records of one ledger.", nameof(write));
        }
        var partition = TableKeys.Escape(write.Ledger);
        var actions = new List<TableTransactionAction>(write.RecordCount);
        actions.AddRange(write.Journeys.Select(j => Action(partition, JourneyRow(j.Stream), j.Memory, j.Version, j.ExpiresAt)));
        actions.AddRange(write.Counts.Select(c => Action(partition, CounterRow(c.Key), c.Counts, c.Version, c.ExpiresAt)));
        if (actions.Count == 0)
        {
            return new InsightsWritten(new Dictionary<string, Core.StoredVersion>(), new Dictionary<InsightsCounterKey, Core.StoredVersion>());
        }
        Response<IReadOnlyList<Response>> done;
        try
        {
            done = await _table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            // 412: an ETag no longer matches; 409: an inserted row exists; 404: a replaced row is gone. Nothing was written.
            throw new ConcurrencyConflictException($"The insights of {write.Ledger} changed meanwhile (HTTP {e.Status}).", e);
        }
        var versions = done.Value.Select(r => r.Headers.ETag is { } etag ? etag.ToVersion() : throw new InvalidOperationException("A transaction answer had no ETag.")).ToList();
        return new InsightsWritten(
            write.Journeys.Select((j, i) => (j.Stream, Version: versions[i])).ToDictionary(j => j.Stream, j => j.Version, StringComparer.Ordinal),
            write.Counts.Select((c, i) => (c.Key, Version: versions[write.Journeys.Count + i])).ToDictionary(c => c.Key, c => c.Version));
    }

    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        await foreach (var page in _table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], maxPerPage: 1000, cancellationToken: cancellationToken).AsPages())
        {
            foreach (var partition in page.Values.GroupBy(r => r.PartitionKey))
            {
                foreach (var batch in partition.Chunk(IInsightsStore.MaxRecordsPerWrite))
                {
                    await _table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
                }
            }
        }
    }

    private async Task<List<TableEntity>> ReadRowsAsync(string ledger, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(ledger);
        var rows = new List<TableEntity>();
        foreach (var chunk in rowKeys.Chunk(KeysPerQuery))
        {
            var anyOf = string.Join(" or ", chunk.Select(rowKey => TableClient.CreateQueryFilter($"RowKey eq {rowKey}")));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and (" + anyOf + ")";
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }
        return rows;
    }

    private static TableTransactionAction Action<T>(string partition, string rowKey, T value, Core.StoredVersion? version, DateTimeOffset expiresAt)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            [Data] = JsonSerializer.Serialize(value, SessionJson.Options),
            [SessionEntities.ExpiresAt] = expiresAt,
        };
        return version is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, version.ToETag());
    }

    private static T Deserialize<T>(TableEntity row) =>
        JsonSerializer.Deserialize<T>(row.GetString(Data) ?? "{}", SessionJson.Options)
        ?? throw new InvalidOperationException($"Insights row {row.RowKey} holds no data.");

    private static string JourneyRow(string stream) => "s|" + TableKeys.Escape(stream);

    private static string CounterRow(InsightsCounterKey key)
    {
        var day = key.Day.ToString(DayFormat, CultureInfo.InvariantCulture);
        return key.AgentId is null ? "d|" + day : "a|" + TableKeys.Escape(key.AgentId) + "|" + day;
    }
}
