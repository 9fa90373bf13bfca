namespace OtpSessions.Core.Passkeys;

/// <summary>
/// The WebAuthn ceremonies (a maintained library behind it): the options a browser gets, in WebAuthn Level 3's JSON
/// forms, and the verification of what it answers — for the relying party of this deployment, with user verification
/// required and attestation <c>none</c>. Answers that do not verify are null, never an exception.
/// </summary>
public interface IWebAuthn
{
    /// <summary><c>PublicKeyCredentialCreationOptionsJSON</c> for <paramref name="user"/>, excluding the person's passkeys.</summary>
    JsonElement RegistrationOptions(WebAuthnUser user, PasskeyChallenge challenge, IReadOnlyList<string> excludePasskeyIds);

    /// <summary><c>PublicKeyCredentialRequestOptionsJSON</c> allowing the person's passkeys.</summary>
    JsonElement AuthenticationOptions(PasskeyChallenge challenge, IReadOnlyList<string> allowPasskeyIds);

    /// <summary>Verifies a <c>RegistrationResponseJSON</c> against the challenge it must answer; the credential, or null.</summary>
    Task<NewCredential?> VerifyRegistrationAsync(JsonElement response, WebAuthnUser user, PasskeyChallenge challenge, CancellationToken cancellationToken);

    /// <summary>
    /// Verifies an <c>AuthenticationResponseJSON</c> made with <paramref name="passkey"/> against the challenge: the
    /// authenticator's new signature counter, or null. The counter rule itself is <see cref="PasskeyRules.CounterAccepted"/>.
    /// </summary>
    Task<uint?> VerifyAuthenticationAsync(JsonElement response, PasskeyChallenge challenge, Passkey passkey, CancellationToken cancellationToken);
}
