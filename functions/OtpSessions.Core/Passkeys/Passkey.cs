namespace OtpSessions.Core.Passkeys;

/// <summary>
/// A passkey saved by a person: its credential (id, public key, signature counter) under the keyed hash of the person's
/// verified address (<see cref="PasskeyOwners"/>, never the address itself), so any session to that address finds it.
/// </summary>
/// <param name="OwnerKey">The keyed hash of the person's verified address.</param>
/// <param name="PasskeyId">The credential id, base64url (as WebAuthn's JSON forms carry it).</param>
/// <param name="PublicKey">The credential's public key (COSE), as the registration gave it.</param>
/// <param name="SignCount">The authenticator's signature counter as last seen (0: the authenticator keeps none).</param>
public sealed record Passkey(string OwnerKey, string PasskeyId, byte[] PublicKey, uint SignCount, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    /// <summary>The version the passkey was loaded at; null for one not yet stored.</summary>
    public StoredVersion? Version { get; init; }

    /// <summary>Without the key material: safe if a passkey ends up in a log.</summary>
    public override string ToString() => $"Passkey {{ PasskeyId = {PasskeyId}, SignCount = {SignCount}, CreatedAt = {CreatedAt:O} }}";
}
