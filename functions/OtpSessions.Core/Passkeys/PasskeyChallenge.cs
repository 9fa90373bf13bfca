using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace OtpSessions.Core.Passkeys;

/// <summary>
/// A WebAuthn challenge as issued to one participant for one ceremony. Its bytes are 16 random bytes followed by its
/// expiry (Unix milliseconds, big-endian), so the answer's own challenge says until when it was good: consuming it is
/// then a single delete (<see cref="IPasskeyChallengeStore.ConsumeAsync"/>) — no read — and only a challenge that was
/// stored can be consumed, so a made-up expiry gains nothing.
/// </summary>
/// <param name="Holder">Whose it is: the session and participant it was issued to (<see cref="HolderOf"/>).</param>
/// <param name="Value">The challenge, base64url, as it travels in the options and comes back in <c>clientDataJSON</c>.</param>
public sealed record PasskeyChallenge(string Holder, PasskeyCeremony Ceremony, string Value, DateTimeOffset ExpiresAt)
{
    private const int RandomBytes = 16;

    /// <summary>A new challenge for <paramref name="holder"/>, good until <paramref name="expiresAt"/>.</summary>
    public static PasskeyChallenge New(string holder, PasskeyCeremony ceremony, DateTimeOffset expiresAt)
    {
        var bytes = new byte[RandomBytes + sizeof(long)];
        RandomNumberGenerator.Fill(bytes.AsSpan(0, RandomBytes));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(RandomBytes), expiresAt.ToUnixTimeMilliseconds());
        return new PasskeyChallenge(holder, ceremony, Base64Url.EncodeToString(bytes), DateTimeOffset.FromUnixTimeMilliseconds(expiresAt.ToUnixTimeMilliseconds()));
    }

    /// <summary>The challenge an answer carries, read back; null when it is not one of ours in shape.</summary>
    public static PasskeyChallenge? Read(string holder, PasskeyCeremony ceremony, string? value)
    {
        if (value is null || value.Length > 64)
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(value);
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length != RandomBytes + sizeof(long))
        {
            return null;
        }
        var millis = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(RandomBytes));
        return millis is < 0 or > 253402300799999 ? null
            : new PasskeyChallenge(holder, ceremony, Base64Url.EncodeToString(bytes), DateTimeOffset.FromUnixTimeMilliseconds(millis));
    }

    /// <summary>The holder of a participant's challenges.</summary>
    public static string HolderOf(string sessionId, string participantId) => $"{sessionId}|{participantId}";

    /// <summary>The challenge's bytes (what the ceremony signs over).</summary>
    public byte[] Bytes => Base64Url.DecodeFromChars(Value);
}
