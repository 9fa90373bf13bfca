using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// The only place customer credentials are made and read. A token is base64url of 45 bytes (60 characters): a format
/// byte, the raw 16 bytes of its session id, the raw 12 bytes of its participant id and a 16-byte secret. So a request
/// reads the participant's row directly (one point query), and the row decides whether the secret is the current one:
/// <list type="bullet">
/// <item>An invite token's secret is HMAC-SHA256(inviteKey, "sessionId|participantId|invitationId") cut to 128 bits,
/// where inviteKey = HKDF-SHA256(master key, info <c>invite-token</c>) (<see cref="OtpMasterKey.DeriveKey(string, string, int)"/>
/// with <see cref="KeyPurposes.InviteToken"/>). The HTTP request stores the token's hash on the participant
/// (<see cref="InvitationState.TokenHash"/>) while the queue function re-derives the same token for the link, and a retried
/// send carries the same link; neither the token nor the key is ever queued or stored. New links use the current master
/// key; an invitation remembers the id of the key that made its link (<see cref="InvitationState.KeyId"/>).</item>
/// <item>A "not me" report token is shorter — it sits in every message, SMS included — and names nothing: base64url of
/// HMAC-SHA256(reportKey, "sessionId|participantId|channel") cut to 128 bits (<see cref="ReportTokenLength"/> characters),
/// reportKey = HKDF-SHA256(master key, info <c>report-token</c>). One per participant and message channel, so a report says
/// which message it came from; the worker re-derives it when it renders a message (<see cref="ReportToken(Participant, Channel)"/>),
/// and only its hash is stored, in the index that finds its participant (<see cref="IReportLinkIndex"/>).</item>
/// <item>An access token's secret is 128 random bits; the participant row keeps its hash while it is valid
/// (<see cref="Participant.AccessTokens"/>).</item>
/// </list>
/// A token whose ids were altered names another row, where its hash is not: it is as unknown as a random one. Only
/// <see cref="Hash"/> of a token is stored.
/// </summary>
public sealed class TokenFactory
{
    public const int KeyBytes = 32;

    /// <summary>The first byte of every token (a later format takes another value).</summary>
    public const byte Format = 1;

    private const int SessionBytes = 16;
    private const int ParticipantBytes = 12;
    private const int SecretBytes = 16;
    private const int TokenBytes = 1 + SessionBytes + ParticipantBytes + SecretBytes;

    /// <summary>The length of every token this factory makes (base64url, no padding).</summary>
    public const int TokenLength = (TokenBytes * 4 + 2) / 3;

    /// <summary>The length of a report token (base64url of 16 bytes, no padding).</summary>
    public const int ReportTokenLength = (SecretBytes * 4 + 2) / 3;

    private readonly Dictionary<string, byte[]> _inviteKeys;
    private readonly Dictionary<string, byte[]> _reportKeys;

    public TokenFactory(OtpMasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        CurrentKeyId = masterKey.CurrentKeyId;
        _inviteKeys = masterKey.KeyIds.ToDictionary(id => id, id => masterKey.DeriveKey(id, KeyPurposes.InviteToken, KeyBytes)!, StringComparer.Ordinal);
        _reportKeys = masterKey.KeyIds.ToDictionary(id => id, id => masterKey.DeriveKey(id, KeyPurposes.ReportToken, KeyBytes)!, StringComparer.Ordinal);
    }

    public static TokenFactory FromMasterKey(OtpMasterKey masterKey) => new(masterKey);

    /// <summary>The id of the key new links are made with (store it on the invitation).</summary>
    public string CurrentKeyId { get; }

    /// <summary>A new invitation (link) of one participant, made with the current key: a new id, its token's hash, attempt 1.</summary>
    public InvitationState NewInvitation(string sessionId, string participantId, DateTimeOffset requestedAt, DateTimeOffset linkExpiresAt)
    {
        var invitationId = SessionIds.NewInvitationId();
        return new InvitationState(invitationId, requestedAt, linkExpiresAt,
            Hash(InviteToken(sessionId, participantId, invitationId, CurrentKeyId)))
        {
            KeyId = CurrentKeyId,
        };
    }

    /// <summary>
    /// Whether the key that made <paramref name="invitation"/>'s link is still in the keyring, so its token can be derived
    /// again (a link outlives its key only when a rotation dropped the key too early; its stored hash still admits it).
    /// </summary>
    public bool CanDerive(InvitationState invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return _inviteKeys.ContainsKey(invitation.KeyId ?? CurrentKeyId);
    }

    /// <summary>The invite token of the participant's current invitation: the same invitation always gives the same token.</summary>
    public string InviteToken(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return InviteToken(participant.SessionId, participant.ParticipantId, participant.Invitation.InvitationId, participant.Invitation.KeyId);
    }

    /// <summary>
    /// The invite token of one invitation made with the key <paramref name="keyId"/> (null: an invitation stored before
    /// key ids were kept, made with the current key). Throws when that key is no longer in the keyring (ask <see cref="CanDerive"/>).
    /// </summary>
    public string InviteToken(string sessionId, string participantId, string invitationId, string? keyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(invitationId);
        var key = _inviteKeys.GetValueOrDefault(keyId ?? CurrentKeyId)
            ?? throw new InvalidOperationException($"The key {keyId} that made this invite link is no longer configured (Otp__PreviousEncryptionKeys).");
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{sessionId}|{participantId}|{invitationId}"));
        return Encode(sessionId, participantId, mac.AsSpan(0, SecretBytes));
    }

    /// <summary>
    /// The report links of a new participant, made with the current key: one per channel its messages use (invite, and
    /// the code's when it has Auto OTP), hashes only, valid until <paramref name="expiresAt"/> (its session's end).
    /// </summary>
    public IReadOnlyList<ReportLink> NewReportLinks(Participant participant, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(participant);
        Channel[] channels = participant.Otp is { } otp ? [participant.Invite.Channel, otp.Channel] : [participant.Invite.Channel];
        return [.. channels.Select(channel => new ReportLink(
            Hash(ReportToken(participant.SessionId, participant.ParticipantId, channel, CurrentKeyId)),
            participant.SessionId, participant.ParticipantId, channel, expiresAt))];
    }

    /// <summary>
    /// The report token in <paramref name="participant"/>'s messages on <paramref name="channel"/>; null for a participant
    /// without report links (stored before they existed) or whose key a rotation dropped (its messages go without one).
    /// </summary>
    public string? ReportToken(Participant participant, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return participant.ReportKeyId is { } keyId && _reportKeys.ContainsKey(keyId)
            ? ReportToken(participant.SessionId, participant.ParticipantId, channel, keyId)
            : null;
    }

    /// <summary>The report token of one participant's messages on one channel, made with the key <paramref name="keyId"/> (null: the current key).</summary>
    public string ReportToken(string sessionId, string participantId, Channel channel, string? keyId)
    {
        var key = _reportKeys.GetValueOrDefault(keyId ?? CurrentKeyId)
            ?? throw new InvalidOperationException($"The key {keyId} that made this report link is no longer configured (Otp__PreviousEncryptionKeys).");
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{sessionId}|{participantId}|{channel.ToWire()}"));
        return Base64Url.EncodeToString(mac.AsSpan(0, SecretBytes));
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a report token (no lookup needed to refuse anything else).</summary>
    public static bool IsReportToken(string? token) => token is { Length: ReportTokenLength } && Base64Url.IsValid(token);

    /// <summary>A new access token of one participant (128 random bits of secret).</summary>
    public static string NewAccessToken(string sessionId, string participantId) =>
        Encode(sessionId, participantId, RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>What is stored for a token: base64url(SHA-256(token)).</summary>
    public static string Hash(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>
    /// The session and participant a token names, or false for anything that is not a token of this format (no
    /// lookup needed to say so; callers still read a row so that every "no" costs the same).
    /// </summary>
    public static bool TryReadHolder(string? token, out string sessionId, out string participantId)
    {
        sessionId = participantId = "";
        Span<byte> bytes = stackalloc byte[TokenBytes];
        if (token is not { Length: TokenLength }
            || !Base64Url.IsValid(token)
            || Base64Url.DecodeFromChars(token, bytes) != TokenBytes
            || bytes[0] != Format)
        {
            return false;
        }
        sessionId = SessionIds.SessionPrefix + Convert.ToHexStringLower(bytes.Slice(1, SessionBytes));
        participantId = SessionIds.ParticipantPrefix + Convert.ToHexStringLower(bytes.Slice(1 + SessionBytes, ParticipantBytes));
        return true;
    }

    private static string Encode(string sessionId, string participantId, ReadOnlySpan<byte> secret)
    {
        if (!SessionIds.IsSessionId(sessionId) || !SessionIds.IsParticipantId(participantId))
        {
            throw new ArgumentException("A token names a valid session id and participant id.");
        }
        Span<byte> bytes = stackalloc byte[TokenBytes];
        bytes[0] = Format;
        Convert.FromHexString(sessionId.AsSpan(SessionIds.SessionPrefix.Length), bytes.Slice(1, SessionBytes), out _, out _);
        Convert.FromHexString(participantId.AsSpan(SessionIds.ParticipantPrefix.Length), bytes.Slice(1 + SessionBytes, ParticipantBytes), out _, out _);
        secret.CopyTo(bytes[(1 + SessionBytes + ParticipantBytes)..]);
        return Base64Url.EncodeToString(bytes);
    }
}
