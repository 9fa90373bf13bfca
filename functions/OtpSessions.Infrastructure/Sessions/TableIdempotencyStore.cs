namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// <see cref="IIdempotencyStore"/> on the <c>idempotency</c> table (PK = agent id, RK = key, both escaped with
/// <see cref="TableKeys"/>). The insert is the claim: of two concurrent requests with one key exactly one wins.
/// </summary>
public sealed class TableIdempotencyStore(TableServiceClient tables, TimeProvider time) : IIdempotencyStore
{
    private readonly TableClient _table = tables.GetTableClient(TableNames.Idempotency);

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyRecord claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var added = await _table.AddEntityAsync(ToEntity(claim), cancellationToken);
                return new IdempotencyClaim(true, claim with { Version = added.Headers.ETag?.ToVersion() });
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < 5)
            {
            }
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(claim.AgentId), TableKeys.Escape(claim.Key),
                cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                continue; // purged in between: insert again
            }
            var row = existing.Value!;
            if (!SessionEntities.IsExpired(row, time.GetUtcNow()))
            {
                return new IdempotencyClaim(false, FromEntity(claim.AgentId, claim.Key, row));
            }
            try
            {
                // A remembered key past its 24 h: take the row over for this request.
                var replaced = await _table.UpdateEntityAsync(ToEntity(claim), row.ETag, TableUpdateMode.Replace, cancellationToken);
                return new IdempotencyClaim(true, claim with { Version = replaced.Headers.ETag?.ToVersion() });
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
            }
        }
    }

    public async Task CompleteAsync(IdempotencyRecord claimed, string responseJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var entity = ToEntity(claimed);
        entity["ResponseJson"] = responseJson;
        try
        {
            await _table.UpdateEntityAsync(entity, (claimed.Version ?? throw new InvalidOperationException("The claim has no version.")).ToETag(),
                TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // The claim row is gone or was taken over: the response is not recorded here, and a retry with the key answers
            // with the session by its id (SessionService.ClaimAsync). The session itself is committed; never fail it now.
        }
    }

    public async Task ReleaseAsync(IdempotencyRecord claimed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        try
        {
            await _table.DeleteEntityAsync(TableKeys.Escape(claimed.AgentId), TableKeys.Escape(claimed.Key),
                claimed.Version is null ? ETag.All : claimed.Version.ToETag(), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
        }
    }

    public async Task<IdempotencyClaim> TakeOverAsync(IdempotencyRecord stale, IdempotencyRecord claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stale);
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            var replaced = await _table.UpdateEntityAsync(ToEntity(claim), (stale.Version ?? throw new InvalidOperationException("The row has no version.")).ToETag(),
                TableUpdateMode.Replace, cancellationToken);
            return new IdempotencyClaim(true, claim with { Version = replaced.Headers.ETag?.ToVersion() });
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return new IdempotencyClaim(false, stale);
        }
    }

    private static TableEntity ToEntity(IdempotencyRecord r) => new(TableKeys.Escape(r.AgentId), TableKeys.Escape(r.Key))
    {
        ["SessionId"] = r.SessionId,
        ["ResponseJson"] = r.ResponseJson,
        ["BodyHash"] = r.BodyHash,
        ["ClaimedAt"] = r.ClaimedAt,
        [SessionEntities.ExpiresAt] = r.ExpiresAt,
    };

    private static IdempotencyRecord FromEntity(string agentId, string key, TableEntity e) =>
        new(agentId, key, e.GetString("SessionId"), e.GetDateTimeOffset(SessionEntities.ExpiresAt) ?? DateTimeOffset.MinValue)
        {
            ResponseJson = e.GetString("ResponseJson"),
            BodyHash = e.GetString("BodyHash"),
            ClaimedAt = e.GetDateTimeOffset("ClaimedAt"),
            Version = e.ETag.ToVersion(),
        };
}
