using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Passkeys;

/// <summary>The passkey rules as pure decisions (no I/O, the time passed in).</summary>
public static class PasskeyRules
{
    /// <summary>How many passkeys one person (one verified address) may keep.</summary>
    public const int MaxPerPerson = 5;

    /// <summary>How long a challenge may be answered.</summary>
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The person's verified address in this deployment: the address codes go to, or — for a manual participant, whose code
    /// the agent reads out — the invite address.
    /// </summary>
    public static Contact AddressOf(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return participant.Otp ?? participant.Invite;
    }

    /// <summary>
    /// Whether an entry authenticated by <paramref name="method"/> may save a passkey: only one that proved the person
    /// (a code or a passkey); an entry without a code proved nothing.
    /// </summary>
    public static bool MayRegister(EntryMethod? method) => method is EntryMethod.Otp or EntryMethod.Passkey;

    /// <summary>Whether passkeys may be used at all in a session with <paramref name="policy"/> (they replace a code, so only where one is required).</summary>
    public static bool Allowed(OtpPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.AllowPasskeys && policy.RequireOtp;
    }

    /// <summary>
    /// The signature counter check (WebAuthn §7.2 step 21): an authenticator that keeps a counter must show a larger one each
    /// time — one that did not grow means a cloned authenticator or a replay. Both zero: the authenticator keeps none.
    /// </summary>
    public static bool CounterAccepted(uint stored, uint presented) => presented > stored || (stored == 0 && presented == 0);

    /// <summary>Whether a challenge is still good at <paramref name="now"/>.</summary>
    public static bool Fresh(PasskeyChallenge challenge, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return challenge.ExpiresAt > now && challenge.ExpiresAt <= now + ChallengeLifetime;
    }
}
