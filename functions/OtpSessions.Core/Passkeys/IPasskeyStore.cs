namespace OtpSessions.Core.Passkeys;

/// <summary>
/// The passkeys of each person (by <see cref="Passkey.OwnerKey"/>): a handful per person, read together or one by one,
/// never scanned across people.
/// </summary>
public interface IPasskeyStore
{
    /// <summary>The person's passkeys, oldest first.</summary>
    Task<IReadOnlyList<Passkey>> ListAsync(string ownerKey, CancellationToken cancellationToken);

    /// <summary>One passkey of the person, with its version; null when the person has none by that id.</summary>
    Task<Passkey?> FindAsync(string ownerKey, string passkeyId, CancellationToken cancellationToken);

    /// <summary>Stores a new passkey; false (nothing written) when the person already has one with that id.</summary>
    Task<bool> AddAsync(Passkey passkey, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a used passkey back (its counter and last use) if it is still at <see cref="Passkey.Version"/>; throws
    /// <see cref="Common.ConcurrencyConflictException"/> when it changed or went meanwhile.
    /// </summary>
    Task UpdateAsync(Passkey passkey, CancellationToken cancellationToken);

    /// <summary>Deletes one passkey of the person; false when there was none by that id.</summary>
    Task<bool> DeleteAsync(string ownerKey, string passkeyId, CancellationToken cancellationToken);

    /// <summary>Deletes every passkey of the person (a "not me" report of that address); how many went.</summary>
    Task<int> DeleteForAddressAsync(string ownerKey, CancellationToken cancellationToken);
}
