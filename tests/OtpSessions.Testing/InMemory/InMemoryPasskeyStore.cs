using OtpSessions.Core.Common;
using OtpSessions.Core.Passkeys;

namespace OtpSessions.Testing.InMemory;

/// <summary><see cref="IPasskeyStore"/> in memory, by owner and credential id, with versions as the Table store's ETags.</summary>
public sealed class InMemoryPasskeyStore : IPasskeyStore
{
    private readonly InMemoryVersionedRecords<(string Owner, string Id), Passkey> _records = new();

    public Task<IReadOnlyList<Passkey>> ListAsync(string ownerKey, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Passkey>>([.. _records.All().Where(p => p.OwnerKey == ownerKey)
            .Select(p => Versioned(p.OwnerKey, p.PasskeyId)!).OrderBy(p => p.CreatedAt)]);

    public Task<Passkey?> FindAsync(string ownerKey, string passkeyId, CancellationToken cancellationToken) =>
        Task.FromResult(Versioned(ownerKey, passkeyId));

    public Task<bool> AddAsync(Passkey passkey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        try
        {
            _records.Write((passkey.OwnerKey, passkey.PasskeyId), passkey with { Version = null }, null);
            return Task.FromResult(true);
        }
        catch (ConcurrencyConflictException)
        {
            return Task.FromResult(false);
        }
    }

    public Task UpdateAsync(Passkey passkey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        if (_records.Find((passkey.OwnerKey, passkey.PasskeyId)) is null || passkey.Version is null)
        {
            throw new ConcurrencyConflictException("The passkey went meanwhile.");
        }
        _records.Write((passkey.OwnerKey, passkey.PasskeyId), passkey with { Version = null }, passkey.Version);
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string ownerKey, string passkeyId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.Remove((ownerKey, passkeyId), null));

    public Task<int> DeleteForAddressAsync(string ownerKey, CancellationToken cancellationToken) =>
        Task.FromResult(_records.All().Where(p => p.OwnerKey == ownerKey).ToList().Count(p => _records.Remove((ownerKey, p.PasskeyId), null)));

    private Passkey? Versioned(string ownerKey, string passkeyId) =>
        _records.Find((ownerKey, passkeyId)) is { } found ? found.Value with { Version = found.Version } : null;
}
