using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OtpSessions.Core.Otp;

/// <summary>
/// The keyring of <see cref="OtpKeyOptions"/>: the current master key (<c>Otp__EncryptionKey</c>) and the previous ones
/// (<c>Otp__PreviousEncryptionKeys__n</c>). Each key carries a <see cref="CurrentKeyId"/>-style id — 8 base64url characters
/// derived from the key itself (HKDF info <c>key-id</c>), so a stored value can name the key that made it without
/// revealing it. A master key is never used directly: each use derives its own subkey with HKDF-SHA256 (RFC 5869; no
/// salt, info = the purpose), so a key for one purpose says nothing about another. The current key makes everything
/// new; previous keys only read what was made with them. Register as a singleton.
/// </summary>
public sealed class OtpMasterKey
{
    private readonly IReadOnlyList<(string Id, byte[] Key)> _keys;

    public OtpMasterKey(IOptions<OtpKeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Value.AllKeys().Select(k => OtpKeyOptions.TryDecode(k.Value, OtpKeyOptions.KeySizeInBytes)
                ?? throw new InvalidOperationException($"{k.Setting} must be base64 of exactly 32 bytes (AES-256 master key)."))
            .Select(key => (IdOf(key), key))
            .DistinctBy(k => k.Item1)];
    }

    /// <summary>The id of the key that makes new codes and links.</summary>
    public string CurrentKeyId => _keys[0].Id;

    /// <summary>Every configured key id, the current one first.</summary>
    public IEnumerable<string> KeyIds => _keys.Select(k => k.Id);

    /// <summary>A subkey of the current key for <paramref name="purpose"/> (see <see cref="KeyPurposes"/>).</summary>
    public byte[] DeriveKey(string purpose, int lengthInBytes = OtpKeyOptions.KeySizeInBytes) =>
        DeriveKey(CurrentKeyId, purpose, lengthInBytes) ?? throw new InvalidOperationException("No current key.");

    /// <summary>A subkey of the key <paramref name="keyId"/> for <paramref name="purpose"/>; null when no configured key has that id.</summary>
    public byte[]? DeriveKey(string keyId, string purpose, int lengthInBytes = OtpKeyOptions.KeySizeInBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        ArgumentOutOfRangeException.ThrowIfLessThan(lengthInBytes, 16);
        return _keys.FirstOrDefault(k => k.Id == keyId).Key is { } key
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, key, lengthInBytes, salt: [], info: Encoding.UTF8.GetBytes(purpose))
            : null;
    }

    private static string IdOf(byte[] key) =>
        Base64Url.EncodeToString(HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 6, salt: [], info: Encoding.UTF8.GetBytes(KeyPurposes.KeyId)));
}
