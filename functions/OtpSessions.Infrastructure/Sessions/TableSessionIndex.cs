using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// <see cref="ISessionIndex"/> on the <c>sessionindex</c> table: PK <c>agent|{agentId}</c> or <c>team|{team}</c> (escaped),
/// RK = (max ticks − created ticks, 19 digits) <c>|</c> sessionId, so a partition reads newest first. Status and reference
/// filters run in the query; a page reads one row more than it returns to know whether another page follows, and its
/// continuation token is the last row key returned (base64url), which only ever continues the caller's own partition.
/// </summary>
public sealed partial class TableSessionIndex(TableServiceClient tables, TimeProvider time) : ISessionIndex
{
    private readonly TableClient _table = tables.GetTableClient(TableNames.SessionIndex);

    public async Task PutAsync(SessionSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var rowKey = RowKey(summary);
        var owners = new List<string> { AgentPartition(summary.AgentId) };
        if (summary.Team is { } team)
        {
            owners.Add(TeamPartition(team));
        }
        await Task.WhenAll(owners.Select(pk => _table.UpsertEntityAsync(ToEntity(pk, rowKey, summary), TableUpdateMode.Replace, cancellationToken)));
    }

    public async Task<SessionPage?> ListAsync(SessionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var partition = query.Owner.Team is { } team ? TeamPartition(team) : AgentPartition(query.Owner.AgentId!);
        var after = query.After is null ? "" : DecodeToken(query.After);
        if (after is null)
        {
            return null;
        }
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after} and ExpiresAt gt {time.GetUtcNow()}");
        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToWire()}");
        }
        if (query.Reference is { } reference)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Reference eq {reference}");
        }
        var rows = new List<TableEntity>(query.Limit + 1);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: query.Limit + 1, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count > query.Limit)
            {
                break;
            }
        }
        var page = rows.Take(query.Limit).ToList();
        return new SessionPage([.. page.Select(ToSummary)], rows.Count > query.Limit ? EncodeToken(page[^1].RowKey) : null);
    }

    private static string AgentPartition(string agentId) => "agent|" + TableKeys.Escape(agentId);

    private static string TeamPartition(string team) => "team|" + TableKeys.Escape(team);

    private static string RowKey(SessionSummary s) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - s.CreatedAt.UtcTicks:D19}|{s.SessionId}");

    private static string EncodeToken(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    private static string? DecodeToken(string token)
    {
        if (token.Length > 128 || !Base64Url.IsValid(token))
        {
            return null;
        }
        var rowKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        return RowKeyShape().IsMatch(rowKey) ? rowKey : null;
    }

    private static TableEntity ToEntity(string partition, string rowKey, SessionSummary s) => new(partition, rowKey)
    {
        ["SessionId"] = s.SessionId,
        ["Status"] = s.Status.ToWire(),
        ["Reference"] = s.Reference,
        ["CreatedAt"] = s.CreatedAt,
        [SessionEntities.ExpiresAt] = s.ExpiresAt,
        ["ClosedAt"] = s.ClosedAt,
        ["AgentId"] = s.AgentId,
        ["Team"] = s.Team,
        ["Participants"] = s.Participants,
    };

    private static SessionSummary ToSummary(TableEntity e) => new()
    {
        SessionId = e.GetString("SessionId"),
        Status = WireNames.Parse<SessionStatus>(e.GetString("Status")),
        Reference = e.GetString("Reference"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        ExpiresAt = e.GetDateTimeOffset(SessionEntities.ExpiresAt) ?? DateTimeOffset.MinValue,
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
        AgentId = e.GetString("AgentId"),
        Team = e.GetString("Team"),
        Participants = e.GetInt32("Participants") ?? 0,
    };

    [GeneratedRegex(@"^[0-9]{19}\|s_[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex RowKeyShape();
}
