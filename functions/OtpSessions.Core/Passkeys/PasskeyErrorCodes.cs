namespace OtpSessions.Core.Passkeys;

/// <summary>Stable error codes of the passkey endpoints (docs/api.md, "Passkeys").</summary>
public static class PasskeyErrorCodes
{
    /// <summary>
    /// 409: no passkey may be used or saved here — the policy's <c>allowPasskeys</c> is off, the person has none (entry), or
    /// the access token comes from an entry without a code (saving).
    /// </summary>
    public const string PasskeyNotAvailable = "passkey_not_available";

    /// <summary>400: a registration or assertion that does not verify (bad, replayed, expired challenge, counter not grown); at entry it counts as a wrong attempt.</summary>
    public const string PasskeyInvalid = "passkey_invalid";

    /// <summary>409: the person already has <see cref="PasskeyRules.MaxPerPerson"/> passkeys.</summary>
    public const string PasskeyLimitReached = "passkey_limit_reached";
}
