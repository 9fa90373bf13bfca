namespace OtpSessions.Core.Passkeys;

/// <summary>One passkey as its owner sees it (<c>GET /api/me/passkeys</c>), and the answer of saving one (<c>lastUsedAt</c> null).</summary>
public sealed record PasskeyView(string PasskeyId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    public static PasskeyView Of(Passkey passkey)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        return new(passkey.PasskeyId, passkey.CreatedAt, passkey.LastUsedAt);
    }
}
