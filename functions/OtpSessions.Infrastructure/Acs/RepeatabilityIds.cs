using System.Security.Cryptography;
using System.Text;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// Deterministic GUIDs for ACS idempotency: the same caller idempotency id always gives the same SMS
/// <c>repeatabilityRequestId</c> / email <c>Operation-Id</c>. The GUID is the first 16 bytes of
/// SHA-256(<c>"{purpose}|{idempotencyId}"</c>) with the RFC 9562 version 8 (custom) and variant bits set.
/// </summary>
public static class RepeatabilityIds
{
    public static Guid Sms(string idempotencyId) => Derive("acs-sms", idempotencyId);

    public static Guid Email(string idempotencyId) => Derive("acs-email", idempotencyId);

    private static Guid Derive(string purpose, string idempotencyId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{purpose}|{idempotencyId}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
