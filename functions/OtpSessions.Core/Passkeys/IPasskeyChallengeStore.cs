namespace OtpSessions.Core.Passkeys;

/// <summary>
/// Issued WebAuthn challenges, shared by every instance (never in one instance's memory): single use and short-lived.
/// </summary>
public interface IPasskeyChallengeStore
{
    Task SaveAsync(PasskeyChallenge challenge, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the challenge away in one request: true for exactly one caller of a stored challenge (of that holder and
    /// ceremony), false for any other — unknown, already consumed (a replay) or issued to someone else. The caller checks
    /// <see cref="PasskeyChallenge.ExpiresAt"/>.
    /// </summary>
    Task<bool> ConsumeAsync(PasskeyChallenge challenge, CancellationToken cancellationToken);
}
