using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// The only place customer credentials are made. An invite token is base64url(HMAC-SHA256(inviteKey, invitationId))
/// (43 characters, 256 bits), where inviteKey = HKDF-SHA256(master key, info <c>invite-token</c>)
/// (<see cref="OtpMasterKey.DeriveKey(string, string, int)"/> with <see cref="KeyPurposes.InviteToken"/>).
/// So the HTTP request can store the token's hash while the queue function re-derives the same token for the link,
/// and a retried send carries the same link; neither the token nor the key is ever queued or stored. New links use the
/// current master key; an invitation remembers the id of the key that made its link
/// (<see cref="InvitationState.KeyId"/>), so resending a link made before a key rotation re-derives the same link.
/// Access tokens are 256 random bits. Only <see cref="Hash"/> of a token is stored.
/// </summary>
public sealed class TokenFactory
{
    public const int KeyBytes = 32;
    private readonly Dictionary<string, byte[]> _inviteKeys;

    public TokenFactory(OtpMasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        CurrentKeyId = masterKey.CurrentKeyId;
        _inviteKeys = masterKey.KeyIds.ToDictionary(id => id, id => masterKey.DeriveKey(id, KeyPurposes.InviteToken, KeyBytes)!, StringComparer.Ordinal);
    }

    public static TokenFactory FromMasterKey(OtpMasterKey masterKey) => new(masterKey);

    /// <summary>The id of the key new links are made with (store it on the invitation).</summary>
    public string CurrentKeyId { get; }

    /// <summary>The invite token of one invitation with the current key: the same id always gives the same token.</summary>
    public string InviteToken(string invitationId) => InviteToken(invitationId, CurrentKeyId);

    /// <summary>
    /// The invite token of one invitation made with the key <paramref name="keyId"/> (null: an invitation stored before
    /// key ids were kept, made with the current key). Throws when that key is no longer in the keyring.
    /// </summary>
    public string InviteToken(string invitationId, string? keyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(invitationId);
        var key = _inviteKeys.GetValueOrDefault(keyId ?? CurrentKeyId)
            ?? throw new InvalidOperationException($"The key {keyId} that made this invite link is no longer configured (Otp__PreviousEncryptionKeys).");
        return Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(invitationId)));
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
