using System.Buffers.Text;

namespace OtpSessions.Core.Passkeys;

/// <summary>
/// What a browser's answer (<c>RegistrationResponseJSON</c> / <c>AuthenticationResponseJSON</c>) says before it is
/// verified: which credential and which challenge. Only used to find the challenge and the passkey; the signature check
/// (<see cref="IWebAuthn"/>) decides.
/// </summary>
public sealed record WebAuthnAnswer(string CredentialId, string Challenge)
{
    /// <summary>The credential id and the <c>clientDataJSON</c> challenge of <paramref name="response"/>; null when it has no such shape.</summary>
    public static WebAuthnAnswer? Read(JsonElement response)
    {
        try
        {
            if (response.ValueKind != JsonValueKind.Object
                || !response.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !response.TryGetProperty("response", out var inner) || inner.ValueKind != JsonValueKind.Object
                || !inner.TryGetProperty("clientDataJSON", out var clientData) || clientData.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            using var client = JsonDocument.Parse(Base64Url.DecodeFromChars(clientData.GetString()));
            return client.RootElement.ValueKind == JsonValueKind.Object
                && client.RootElement.TryGetProperty("challenge", out var challenge) && challenge.ValueKind == JsonValueKind.String
                && id.GetString() is { Length: > 0 and <= 1024 } credentialId
                ? new WebAuthnAnswer(credentialId, challenge.GetString()!)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
