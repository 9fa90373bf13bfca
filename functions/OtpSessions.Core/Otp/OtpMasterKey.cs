using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OtpSessions.Core.Otp;

/// <summary>
/// The master key of <see cref="OtpKeyOptions"/>. It is never used directly: each use derives its own subkey with
/// HKDF-SHA256 (RFC 5869; no salt, info = the purpose), so a key for one purpose says nothing about another.
/// Register as a singleton.
/// </summary>
public sealed class OtpMasterKey(IOptions<OtpKeyOptions> options)
{
    private readonly byte[] key = OtpKeyOptions.TryDecode(options.Value.EncryptionKey, OtpKeyOptions.KeySizeInBytes)
        ?? throw new InvalidOperationException("Otp__EncryptionKey must be base64 of exactly 32 bytes (AES-256 master key).");

    /// <summary>A subkey for <paramref name="purpose"/> (see <see cref="KeyPurposes"/>): the same purpose always gives the same key.</summary>
    public byte[] DeriveKey(string purpose, int lengthInBytes = OtpKeyOptions.KeySizeInBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        ArgumentOutOfRangeException.ThrowIfLessThan(lengthInBytes, 16);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, key, lengthInBytes, salt: [], info: Encoding.UTF8.GetBytes(purpose));
    }
}

/// <summary>The HKDF <c>info</c> strings of <see cref="OtpMasterKey.DeriveKey"/>: one per use of the master key.</summary>
public static class KeyPurposes
{
    /// <summary>AES-256-GCM encryption of stored codes (<see cref="AesGcmCodeProtector"/>).</summary>
    public const string CodeEncryption = "otp-code";

    /// <summary>Invite tokens.</summary>
    public const string InviteToken = "invite-token";
}
