namespace OtpSessions.Core.Evidence;

// Wire format: the JWKS of GET /api/evidence/keys (RFC 7517), EC P-256 public keys only.

/// <summary>The JSON Web Key Set: current key first, then previous ones.</summary>
public sealed record EvidenceKeySet(IReadOnlyList<EvidencePublicKey> Keys);

/// <summary>One public EC P-256 key: <c>x</c>/<c>y</c> base64url, <c>kid</c> as the JWS header names it.</summary>
public sealed record EvidencePublicKey(string Kid, string X, string Y)
{
    public string Kty => "EC";

    public string Crv => "P-256";

    public string Alg => "ES256";

    public string Use => "sig";
}
