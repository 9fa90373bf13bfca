namespace OtpSessions.Core.Evidence;

/// <summary>
/// Port: signs evidence payloads as compact JWS (ES256, <c>kid</c> in the header) with the current evidence key, and
/// publishes the public keys (current and previous) that verify them.
/// </summary>
public interface IEvidenceSigner
{
    /// <summary>The compact JWS of exactly <paramref name="payload"/>'s bytes.</summary>
    Task<string> SignAsync(byte[] payload, CancellationToken cancellationToken);

    /// <summary>The JWKS: the current key first, then the previous ones.</summary>
    Task<EvidenceKeySet> KeysAsync(CancellationToken cancellationToken);
}
