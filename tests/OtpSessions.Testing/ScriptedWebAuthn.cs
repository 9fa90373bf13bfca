using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using OtpSessions.Core.Passkeys;

namespace OtpSessions.Testing;

/// <summary>
/// The WebAuthn port, scripted for tests of what the application decides (challenges, counters, limits, attempts): an
/// answer built by <see cref="Registration"/> or <see cref="Assertion"/> says whether it verifies and with which counter.
/// The real ceremonies (Fido2) are exercised in Chromium with a virtual authenticator by the browser tests.
/// </summary>
public sealed class ScriptedWebAuthn : IWebAuthn
{
    /// <summary>A registration answering the challenge of <paramref name="options"/>.</summary>
    public static JsonElement Registration(JsonElement options, string credentialId) =>
        Answer(options.GetProperty("challenge").GetString()!, credentialId, 0, verifies: true);

    /// <summary>An assertion answering <paramref name="challenge"/> with the authenticator's counter at <paramref name="signCount"/>.</summary>
    public static JsonElement Assertion(string challenge, string credentialId, uint signCount, bool verifies = true) =>
        Answer(challenge, credentialId, signCount, verifies);

    public JsonElement RegistrationOptions(WebAuthnUser user, PasskeyChallenge challenge, IReadOnlyList<string> excludePasskeyIds) =>
        JsonSerializer.SerializeToElement(new { challenge = challenge.Value, excludeCredentials = excludePasskeyIds });

    public JsonElement AuthenticationOptions(PasskeyChallenge challenge, IReadOnlyList<string> allowPasskeyIds) =>
        JsonSerializer.SerializeToElement(new { challenge = challenge.Value, allowCredentials = allowPasskeyIds });

    public Task<NewCredential?> VerifyRegistrationAsync(JsonElement response, WebAuthnUser user, PasskeyChallenge challenge, CancellationToken cancellationToken) =>
        Task.FromResult(response.GetProperty("verifies").GetBoolean()
            ? new NewCredential(response.GetProperty("id").GetString()!, [1, 2, 3], response.GetProperty("signCount").GetUInt32())
            : null);

    public Task<uint?> VerifyAuthenticationAsync(JsonElement response, PasskeyChallenge challenge, Passkey passkey, CancellationToken cancellationToken) =>
        Task.FromResult(response.GetProperty("verifies").GetBoolean() ? response.GetProperty("signCount").GetUInt32() : (uint?)null);

    private static JsonElement Answer(string challenge, string credentialId, uint signCount, bool verifies)
    {
        var clientData = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "webauthn", challenge })));
        return JsonSerializer.SerializeToElement(new { id = credentialId, response = new { clientDataJSON = clientData }, verifies, signCount });
    }
}
