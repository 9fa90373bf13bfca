using System.Security.Cryptography;

namespace OtpSessions.Core.Evidence;

/// <summary>A session's evidence: the record's payload bytes, their SHA-256 (hex) and the compact JWS that signs them.</summary>
public sealed record SignedEvidence(string SessionId, byte[] Payload, string Jws)
{
    /// <summary>SHA-256 of the payload bytes, lowercase hex: what the PDF certificate prints.</summary>
    public string PayloadSha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Payload));
}
