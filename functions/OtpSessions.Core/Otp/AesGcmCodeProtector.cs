using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace OtpSessions.Core.Otp;

/// <summary>
/// AES-256-GCM with the <see cref="KeyPurposes.CodeEncryption"/> subkey of a master key, a random 96-bit nonce per code,
/// a 128-bit tag, and the code's <see cref="CodeBinding"/> (session, participant, code id) as associated data.
/// Format: <c>v2.{keyId}.</c> + base64url(nonce | ciphertext | tag). New codes use the current key; a code made with a
/// previous key of the keyring still decrypts, so a key rotation never breaks a code in flight; a code whose key has left
/// the keyring is <see cref="CodeCheck.Unreadable"/> (expired for the customer, never a wrong guess). Thread-safe; register as
/// a singleton.
/// </summary>
public sealed class AesGcmCodeProtector(OtpMasterKey masterKey) : ICodeProtector
{
    public const string Version = "v2";

    private const string Prefix = Version + ".";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string Protect(CodeBinding binding, string code)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentException.ThrowIfNullOrEmpty(code);
        var keyId = masterKey.CurrentKeyId;
        var key = masterKey.DeriveKey(keyId, KeyPurposes.CodeEncryption)!;
        var plaintext = Encoding.UTF8.GetBytes(code);
        var sealedBox = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBox.AsSpan(NonceSize, plaintext.Length), sealedBox.AsSpan(NonceSize + plaintext.Length),
                binding.AssociatedData());
        }
        CryptographicOperations.ZeroMemory(plaintext);
        CryptographicOperations.ZeroMemory(key);
        return Prefix + keyId + "." + Base64Url.EncodeToString(sealedBox);
    }

    public bool TryUnprotect(string protectedCode, CodeBinding binding, [NotNullWhen(true)] out string? code)
    {
        code = null;
        var plaintext = Decrypt(protectedCode, binding);
        if (plaintext is null)
        {
            return false;
        }
        code = Encoding.UTF8.GetString(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        return true;
    }

    public CodeCheck Check(string protectedCode, CodeBinding binding, string? candidate)
    {
        var plaintext = Decrypt(protectedCode, binding);
        if (plaintext is null)
        {
            return CodeCheck.Unreadable;
        }
        // FixedTimeEquals returns early only on a length difference, and the length of a code is public policy.
        var equal = candidate is not null && CryptographicOperations.FixedTimeEquals(plaintext, Encoding.UTF8.GetBytes(candidate));
        CryptographicOperations.ZeroMemory(plaintext);
        return equal ? CodeCheck.Right : CodeCheck.Wrong;
    }

    private byte[]? Decrypt(string? protectedCode, CodeBinding? binding)
    {
        if (binding is null || protectedCode is null || !protectedCode.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = protectedCode.AsSpan(Prefix.Length);
        var dot = rest.IndexOf('.');
        if (dot <= 0 || masterKey.DeriveKey(rest[..dot].ToString(), KeyPurposes.CodeEncryption) is not { } key)
        {
            return null;
        }
        var encoded = rest[(dot + 1)..];
        // TryDecodeFromChars throws on invalid characters: check first (a malformed value is a "no", not a failure).
        if (!Base64Url.IsValid(encoded, out var length) || length < NonceSize + TagSize)
        {
            return null;
        }
        var sealedBox = new byte[length];
        if (!Base64Url.TryDecodeFromChars(encoded, sealedBox, out var written) || written != length)
        {
            return null;
        }
        ReadOnlySpan<byte> box = sealedBox;
        var plaintext = new byte[length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(box[..NonceSize], box[NonceSize..^TagSize], box[^TagSize..], plaintext, binding.AssociatedData());
            return plaintext;
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
