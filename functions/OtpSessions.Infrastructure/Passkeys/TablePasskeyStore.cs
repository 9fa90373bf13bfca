using OtpSessions.Core.Passkeys;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Passkeys;

/// <summary>
/// <see cref="IPasskeyStore"/> on the <c>passkeys</c> table: PK = the owner key (a keyed hash of the person's address,
/// never the address), RK = the credential id; columns <c>PublicKey</c> (binary), <c>SignCount</c>, <c>CreatedAt</c>,
/// <c>LastUsedAt</c>. A person's passkeys are one partition: listing them is one query, using one a point read.
/// </summary>
public sealed class TablePasskeyStore(TableServiceClient tables) : IPasskeyStore
{
    private readonly TableClient _table = tables.GetTableClient(TableNames.Passkeys);

    public async Task<IReadOnlyList<Passkey>> ListAsync(string ownerKey, CancellationToken cancellationToken)
    {
        var list = new List<Passkey>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(ownerKey)}"), cancellationToken: cancellationToken))
        {
            list.Add(ToPasskey(ownerKey, entity));
        }
        return [.. list.OrderBy(p => p.CreatedAt)];
    }

    public async Task<Passkey?> FindAsync(string ownerKey, string passkeyId, CancellationToken cancellationToken)
    {
        if (!ValidId(passkeyId))
        {
            return null;
        }
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(ownerKey), TableKeys.Escape(passkeyId),
            cancellationToken: cancellationToken);
        return response.HasValue ? ToPasskey(ownerKey, response.Value!) : null;
    }

    public async Task<bool> AddAsync(Passkey passkey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        try
        {
            await _table.AddEntityAsync(ToEntity(passkey), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task UpdateAsync(Passkey passkey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        await _table.WriteAtVersionAsync(ToEntity(passkey), passkey.Version ?? throw new ArgumentException("A passkey read with its version is required.", nameof(passkey)),
            "The passkey changed meanwhile", cancellationToken);
    }

    public async Task<bool> DeleteAsync(string ownerKey, string passkeyId, CancellationToken cancellationToken)
    {
        if (!ValidId(passkeyId))
        {
            return false;
        }
        try
        {
            var response = await _table.DeleteEntityAsync(TableKeys.Escape(ownerKey), TableKeys.Escape(passkeyId), ETag.All, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public async Task<int> DeleteForAddressAsync(string ownerKey, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var passkey in await ListAsync(ownerKey, cancellationToken))
        {
            deleted += await DeleteAsync(ownerKey, passkey.PasskeyId, cancellationToken) ? 1 : 0;
        }
        return deleted;
    }

    /// <summary>A credential id as a row key: WebAuthn allows up to 1023 bytes (base64url ≈ 1364 characters); Table keys take 1 KiB.</summary>
    private static bool ValidId(string passkeyId) => passkeyId is { Length: > 0 and <= TableKeys.MaxKeyLength / 2 };

    private static TableEntity ToEntity(Passkey p) => new(TableKeys.Escape(p.OwnerKey), TableKeys.Escape(p.PasskeyId))
    {
        ["PasskeyId"] = p.PasskeyId,
        ["PublicKey"] = p.PublicKey,
        ["SignCount"] = (long)p.SignCount,
        ["CreatedAt"] = p.CreatedAt,
        ["LastUsedAt"] = p.LastUsedAt,
    };

    private static Passkey ToPasskey(string ownerKey, TableEntity e) =>
        new(ownerKey, e.GetString("PasskeyId"), e.GetBinary("PublicKey"), (uint)(e.GetInt64("SignCount") ?? 0),
            e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("LastUsedAt"))
        {
            Version = e.ETag.ToVersion(),
        };
}
