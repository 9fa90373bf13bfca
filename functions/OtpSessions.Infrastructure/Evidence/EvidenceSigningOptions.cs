using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace OtpSessions.Infrastructure.Evidence;

/// <summary>
/// Settings section <c>Evidence</c>, the signing keys. Either <c>Evidence__KeyVaultKeyUrl</c> (in Azure: a Key Vault
/// EC P-256 <em>key</em>, <c>https://{vault}.vault.azure.net/keys/{name}</c>, that signs without ever leaving the vault;
/// its enabled versions are the JWKS) or <c>Evidence__SigningKey</c> (base64 of an EC P-256 private key, PKCS#8 DER; the
/// sample one is refused outside Development).
/// <para>Rotation of a settings key: move the current key to <c>Evidence__PreviousSigningKeys__0</c> (older ones to
/// <c>__1</c>, …) and put a new one in <c>Evidence__SigningKey</c>. The current key signs; every key's public half stays
/// in the JWKS, so records signed before still verify. A previous key can be dropped once no verifier needs it (never,
/// for records kept seven years: keep it). In Key Vault, rotation is a new key version; keep the old versions enabled.</para>
/// </summary>
public sealed class EvidenceSigningOptions : IValidatableObject
{
    public const string SectionName = "Evidence";

    public string? SigningKey { get; set; }

    /// <summary>Keys retired by rotation, newest first: they stay in the JWKS and never sign.</summary>
    public IList<string> PreviousSigningKeys { get; } = [];

    public Uri? KeyVaultKeyUrl { get; set; }

    /// <summary><c>managedidentity</c> in Azure; with <see cref="ClientId"/> it names the identity that signs in Key Vault (read by <c>AzureCredentials</c>).</summary>
    public string? Credential { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Every configured settings key with the name of its setting, the current one first; empty slots are skipped.</summary>
    public IEnumerable<(string Setting, string Value)> AllKeys()
    {
        if (!string.IsNullOrWhiteSpace(SigningKey))
        {
            yield return ("Evidence__SigningKey", SigningKey);
        }
        for (var i = 0; i < PreviousSigningKeys.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(PreviousSigningKeys[i]))
            {
                yield return ($"Evidence__PreviousSigningKeys__{i}", PreviousSigningKeys[i]);
            }
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KeyVaultKeyUrl is null && string.IsNullOrWhiteSpace(SigningKey))
        {
            yield return new ValidationResult(
                "Evidence__KeyVaultKeyUrl (a Key Vault EC P-256 key) or Evidence__SigningKey (base64 of an EC P-256 PKCS#8 private key) is required.",
                [nameof(SigningKey)]);
        }
        if (KeyVaultKeyUrl is { } url && (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps || !url.AbsolutePath.StartsWith("/keys/", StringComparison.Ordinal)))
        {
            yield return new ValidationResult("Evidence__KeyVaultKeyUrl must be https://{vault}.vault.azure.net/keys/{name}.", [nameof(KeyVaultKeyUrl)]);
        }
        foreach (var (setting, value) in AllKeys())
        {
            if (TryDecode(value) is null)
            {
                yield return new ValidationResult($"{setting} must be base64 of an EC P-256 private key (PKCS#8 DER).", [nameof(SigningKey)]);
            }
        }
    }

    /// <summary>The private key bytes (PKCS#8) when <paramref name="value"/> is base64 of an EC P-256 key; else null.</summary>
    public static byte[]? TryDecode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        try
        {
            var bytes = Convert.FromBase64String(value.Trim());
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(bytes, out _);
            return key.ExportParameters(false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value ? bytes : null;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
