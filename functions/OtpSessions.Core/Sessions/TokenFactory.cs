using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// The only place customer credentials are made. An invite token is base64url(HMAC-SHA256(inviteKey, invitationId))
/// (43 characters, 256 bits), where inviteKey = HKDF-SHA256(<c>Otp:EncryptionKey</c>, info <c>invite-token</c>)
/// (<see cref="OtpMasterKey.DeriveKey"/> with <see cref="KeyPurposes.InviteToken"/>).
/// So the HTTP request can store the token's hash while the queue function re-derives the same token for the link,
/// and a retried send carries the same link; neither the token nor the key is ever queued or stored.
/// Access tokens are 256 random bits. Only <see cref="Hash"/> of a token is stored.
/// </summary>
public sealed class TokenFactory
{
    public const int KeyBytes = 32;
    private readonly byte[] _inviteKey;

    /// <param name="inviteKey">The invite-token subkey (32 bytes), never the master key itself.</param>
    public TokenFactory(ReadOnlySpan<byte> inviteKey)
    {
        if (inviteKey.Length != KeyBytes)
        {
            throw new ArgumentException($"The invite-token key must be {KeyBytes} bytes.", nameof(inviteKey));
        }
        _inviteKey = inviteKey.ToArray();
    }

    public static TokenFactory FromMasterKey(OtpMasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        return new(masterKey.DeriveKey(KeyPurposes.InviteToken, KeyBytes));
    }

    /// <summary>The invite token of one invitation: the same id always gives the same token.</summary>
    public string InviteToken(string invitationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(invitationId);
        return Base64Url.EncodeToString(HMACSHA256.HashData(_inviteKey, Encoding.UTF8.GetBytes(invitationId)));
    }

    /// <summary>A new opaque access token (256 random bits, base64url).</summary>
    public static string NewAccessToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>What is stored for a token: base64url(SHA-256(token)) — the <c>tokens</c> table's PartitionKey.</summary>
    public static string Hash(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Shape check before any lookup: base64url characters only, 22–128 long.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: >= 22 and <= 128 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
