using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace OtpSessions.Core.Otp;

/// <summary>
/// AES-256-GCM with the <see cref="KeyPurposes.CodeEncryption"/> subkey of the master key, a random 96-bit nonce per
/// code, a 128-bit tag and the code id as associated data. Format: <c>v1.</c> + base64url(nonce | ciphertext | tag).
/// The version prefix leaves room for a later key or algorithm. Thread-safe; register as a singleton.
/// </summary>
public sealed class AesGcmCodeProtector(OtpMasterKey masterKey) : ICodeProtector
{
    public const string Version = "v1";

    private const string Prefix = Version + ".";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key = masterKey.DeriveKey(KeyPurposes.CodeEncryption);

    public string Protect(string codeId, string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(codeId);
        ArgumentException.ThrowIfNullOrEmpty(code);
        var plaintext = Encoding.UTF8.GetBytes(code);
        var sealedBox = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBox.AsSpan(NonceSize, plaintext.Length), sealedBox.AsSpan(NonceSize + plaintext.Length),
                Encoding.UTF8.GetBytes(codeId));
        }
        CryptographicOperations.ZeroMemory(plaintext);
        return Prefix + Base64Url.EncodeToString(sealedBox);
    }

    public bool TryUnprotect(string protectedCode, string codeId, [NotNullWhen(true)] out string? code)
    {
        code = null;
        var plaintext = Decrypt(protectedCode, codeId);
        if (plaintext is null)
        {
            return false;
        }
        code = Encoding.UTF8.GetString(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        return true;
    }

    public bool Matches(string protectedCode, string codeId, string? candidate)
    {
        if (candidate is null)
        {
            return false;
        }
        var plaintext = Decrypt(protectedCode, codeId);
        if (plaintext is null)
        {
            return false;
        }
        var candidateBytes = Encoding.UTF8.GetBytes(candidate);
        // FixedTimeEquals returns early only on a length difference, and the length of a code is public policy.
        var equal = CryptographicOperations.FixedTimeEquals(plaintext, candidateBytes);
        CryptographicOperations.ZeroMemory(plaintext);
        return equal;
    }

    private byte[]? Decrypt(string? protectedCode, string? codeId)
    {
        if (string.IsNullOrEmpty(codeId) || protectedCode is null || !protectedCode.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var encoded = protectedCode.AsSpan(Prefix.Length);
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
            aes.Decrypt(box[..NonceSize], box[NonceSize..^TagSize], box[^TagSize..], plaintext, Encoding.UTF8.GetBytes(codeId));
            return plaintext;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
