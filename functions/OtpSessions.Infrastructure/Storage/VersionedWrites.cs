namespace OtpSessions.Infrastructure.Storage;

/// <summary>The optimistic write of a row read with its ETag: an insert when it did not exist, else a replace at that ETag.</summary>
public static class VersionedWrites
{
    /// <summary>
    /// Writes <paramref name="entity"/> if its row is still at <paramref name="version"/> (null: if it does not exist yet);
    /// throws <see cref="ConcurrencyConflictException"/> (with <paramref name="conflict"/>) when another writer came first.
    /// </summary>
    public static async Task WriteAtVersionAsync(this TableClient table, TableEntity entity, StoredVersion? version, string conflict,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            if (version is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, version.ToETag(), TableUpdateMode.Replace, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new ConcurrencyConflictException($"{conflict} (HTTP {e.Status}).", e);
        }
    }
}
