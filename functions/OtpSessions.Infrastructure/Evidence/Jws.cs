using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Core.Evidence;

namespace OtpSessions.Infrastructure.Evidence;

/// <summary>Compact JWS (RFC 7515) with ES256: the signing input, the token, and a P-256 public key as a JWK with its RFC 7638 thumbprint.</summary>
public static class Jws
{
    /// <summary><c>base64url(header) "." base64url(payload)</c>, the header <c>{"alg":"ES256","kid":…,"typ":"JOSE"}</c>.</summary>
    public static string SigningInput(string kid, byte[] payload)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = kid, ["typ"] = "JOSE" });
        return Base64UrlEncoder.Encode(header) + "." + Base64UrlEncoder.Encode(payload);
    }

    /// <summary>The compact JWS: the signing input and the 64-byte <c>r || s</c> signature.</summary>
    public static string Compact(string signingInput, byte[] signature) =>
        signature.Length == 64
            ? signingInput + "." + Base64UrlEncoder.Encode(signature)
            : throw new CryptographicException($"An ES256 signature is 64 bytes (r || s), not {signature.Length}.");

    public static byte[] Ascii(string signingInput) => Encoding.ASCII.GetBytes(signingInput);

    /// <summary>The public key of <paramref name="key"/> as a JWK whose <c>kid</c> is its RFC 7638 thumbprint.</summary>
    public static EvidencePublicKey PublicKey(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var p = key.ExportParameters(false);
        var (x, y) = (Base64UrlEncoder.Encode(p.Q.X), Base64UrlEncoder.Encode(p.Q.Y));
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        return new EvidencePublicKey(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), x, y);
    }
}
