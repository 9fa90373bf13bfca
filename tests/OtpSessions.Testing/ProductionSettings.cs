using System.Security.Cryptography;

namespace OtpSessions.Testing;

/// <summary>
/// Command-line settings that make the local host's app safe to start outside Development on top of
/// <c>local.settings.sample.json</c>: no development signing key but an (https) authority, Event Grid's Entra ID
/// authentication for the ACS webhook, fresh random keys instead of the sample's public code key, ACS access key and evidence signing key, and
/// an https web address for invite links.
/// </summary>
public static class ProductionSettings
{
    public const string Authority = "https://login.example.invalid/tenant/v2.0";

    /// <summary>Outside Development invite links must be https.</summary>
    public const string WebBaseUrl = "https://web.example.invalid";

    public static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The overrides, as <c>--Section:Key=value</c> arguments (later arguments win, so a test can add one unsafe value after them).</summary>
    public static IReadOnlyList<string> Args(string acsEndpoint = "http://127.0.0.1:9/") =>
    [
        "--Auth:Agents:SigningKey=",
        $"--Auth:Agents:Authority={Authority}",
        $"--Webhooks:Acs:EntraAuthority={Authority}",
        "--Webhooks:Acs:EntraAudience=otp-sessions-api",
        $"--Otp:EncryptionKey={RandomKey()}",
        $"--Acs:ConnectionString=endpoint={acsEndpoint};accesskey={RandomKey()}",
        $"--Web:BaseUrl={WebBaseUrl}",
        $"--Evidence:SigningKey={RandomEvidenceKey()}",
    ];

    /// <summary>A fresh EC P-256 private key (PKCS#8, base64): an evidence signing key that is not the sample's.</summary>
    public static string RandomEvidenceKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(key.ExportPkcs8PrivateKey());
    }
}
