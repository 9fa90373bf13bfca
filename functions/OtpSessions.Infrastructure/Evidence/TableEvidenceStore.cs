using OtpSessions.Core.Evidence;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Evidence;

/// <summary>
/// <see cref="IEvidenceStore"/> on Table Storage. The trail is one query of the session's partition of the
/// <c>sessions</c> table (session, participant, delivery-record and audit rows; not the outbox or pending work), whether
/// expired or not. Kept records are one row each in the <c>evidence</c> table (PK = session id, RK <c>record</c>), the
/// payload in binary columns of at most 64 KiB each (<c>Payload0</c>, <c>Payload1</c>, …), with <c>ExpiresAt</c> so the
/// purger removes them after the retention.
/// </summary>
public sealed class TableEvidenceStore(TableServiceClient tables, TimeProvider time) : IEvidenceStore
{
    public const string RecordRowKey = "record";

    /// <summary>The most bytes one binary column holds.</summary>
    private const int ChunkSize = 64 * 1024;

    private readonly TableClient _sessions = tables.GetTableClient(TableNames.Sessions);
    private readonly TableClient _evidence = tables.GetTableClient(TableNames.Evidence);

    public async Task<EvidenceTrail?> LoadTrailAsync(string sessionId, CancellationToken cancellationToken)
    {
        var outbox = SessionRowKeys.OutboxPrefix;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey lt {SessionRowKeys.WorkPrefix} and (RowKey lt {outbox} or RowKey ge {SessionRowKeys.RangeEnd(outbox)})");
        var rows = new List<TableEntity>();
        await foreach (var row in _sessions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        if (rows.Find(r => r.RowKey == SessionRowKeys.Session) is not { } sessionRow)
        {
            return null;
        }
        var deliveries = rows.Where(r => SessionEntities.IsOtpDeliveryRow(r.RowKey)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        return new EvidenceTrail(
            SessionEntities.ToSession(sessionRow),
            [.. rows.Where(r => SessionEntities.IsParticipantRow(r.RowKey))
                .Select(r => SessionEntities.ToParticipant(r, deliveries.GetValueOrDefault(SessionRowKeys.OtpDelivery(r.GetString("ParticipantId")))))],
            [.. rows.Where(r => r.RowKey.StartsWith(SessionRowKeys.AuditPrefix, StringComparison.Ordinal)).Select(SessionEntities.ToAudit)]);
    }

    public async Task<KeptEvidence?> FindKeptAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            var found = await _evidence.GetEntityIfExistsAsync<TableEntity>(sessionId, RecordRowKey, cancellationToken: cancellationToken);
            if (!found.HasValue || SessionEntities.IsExpired(found.Value!, time.GetUtcNow()))
            {
                return null;
            }
            var row = found.Value!;
            var payload = new List<byte>();
            for (var i = 0; row.GetBinary($"Payload{i}") is { } chunk; i++)
            {
                payload.AddRange(chunk);
            }
            return new KeptEvidence(sessionId, row.GetString("AgentId"), row.GetString("Team"), [.. payload],
                row.GetDateTimeOffset("KeptAt")!.Value, row.GetDateTimeOffset(SessionEntities.ExpiresAt)!.Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // the table does not exist (yet)
        }
    }

    public async Task<bool> KeepAsync(KeptEvidence evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var row = new TableEntity(evidence.SessionId, RecordRowKey)
        {
            ["AgentId"] = evidence.AgentId,
            ["Team"] = evidence.Team,
            ["KeptAt"] = evidence.KeptAt,
            [SessionEntities.ExpiresAt] = evidence.ExpiresAt,
        };
        var chunks = evidence.Payload.Chunk(ChunkSize).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            row[$"Payload{i}"] = chunks[i];
        }
        try
        {
            await _evidence.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false; // kept already: the first record stays
        }
    }
}
