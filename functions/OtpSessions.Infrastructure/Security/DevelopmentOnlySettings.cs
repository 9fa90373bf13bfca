using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using OtpSessions.Core.Otp;
using OtpSessions.Infrastructure.Acs;
using OtpSessions.Infrastructure.Auth;
using OtpSessions.Infrastructure.Evidence;

namespace OtpSessions.Infrastructure.Security;

/// <summary>
/// Start-up refuses settings that are only safe on a developer's machine, naming the setting: outside the Development
/// environment no agent signing key (agent tokens come from Entra ID only) and none of the public sample keys of
/// <c>local.settings.sample.json</c> (code encryption key, ACS access key: compared as decoded bytes), no ACS webhook
/// guarded by its function key alone (Event Grid's Entra ID authentication is required) and an https <c>Web__BaseUrl</c>
/// only; in any environment, never a signing key together with an authority (the development key would silently sit
/// beside Entra ID). The environment is the host's:
/// <c>AZURE_FUNCTIONS_ENVIRONMENT</c> (Core Tools and the local host set <c>Development</c>; Azure runs <c>Production</c>).
/// </summary>
public static class DevelopmentOnlySettings
{
    /// <summary>
    /// SHA-256 (hex) of the secret values published in <c>local.settings.sample.json</c>: <c>Auth__Agents__SigningKey</c>,
    /// <c>Otp__EncryptionKey</c>, the access key in <c>Acs__ConnectionString</c> and <c>Evidence__SigningKey</c>. (A test holds this list and the file together.)
    /// </summary>
    public static readonly IReadOnlySet<string> SampleSecretHashes = new HashSet<string>(StringComparer.Ordinal)
    {
        "c991343089563a58ebadfb6e44d37fab58e6576a0790b8e1eb28431ab06e7f24",
        "73a8c32ee47e98c0d8adcfd0fd8754fa0adb02f51dcb29b2c74846edfeaf851d",
        "4c1061a7bdf73c483b96ba3ab2797b130c675cccab8d02fd4f301cf65247ada3",
        "7155fb50594a05e6215553f6e691f7f24c6d689322ded3caa9b37d72eb2a7df1",
    };

    /// <summary>Whether a setting's value is one of the sample file's published secrets (compared by hash, whitespace-trimmed).</summary>
    public static bool IsSampleSecret(string? value) =>
        !string.IsNullOrWhiteSpace(value) && SampleSecretHashes.Contains(Hash(value.Trim()));

    /// <summary>
    /// Whether a key is one of the sample file's published keys, compared as decoded bytes: whitespace inside the base64, or
    /// any other spelling of the same bytes, is still the sample key.
    /// </summary>
    public static bool IsSampleKey(ReadOnlySpan<byte> key) => SampleSecretHashes.Contains(Hash(Convert.ToBase64String(key)));

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Adds the refusals to the validation of the agent-auth, code-key and ACS options (each already validated on start).</summary>
    public static IServiceCollection AddDevelopmentOnlySettingsRefusal(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<AgentAuthOptions>, AgentAuthRefusal>();
        services.AddSingleton<IValidateOptions<OtpKeyOptions>, OtpKeyRefusal>();
        services.AddSingleton<IValidateOptions<AcsOptions>, AcsKeyRefusal>();
        services.AddSingleton<IValidateOptions<EvidenceSigningOptions>, EvidenceKeyRefusal>();
        services.AddSingleton<IValidateOptions<AcsWebhookOptions>, AcsWebhookKeyOnlyRefusal>();
        services.AddSingleton<IValidateOptions<InvitationLinkOptions>, PlainHttpLinkRefusal>();
        return services;
    }

    private sealed class AgentAuthRefusal(IHostEnvironment environment) : IValidateOptions<AgentAuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AgentAuthOptions options)
        {
            var failures = new List<string>();
            var hasKey = !string.IsNullOrWhiteSpace(options.SigningKey);
            if (hasKey && options.Authority is not null)
            {
                failures.Add("Auth__Agents__SigningKey must not be set together with Auth__Agents__Authority: remove the development signing key "
                    + "(with it, anyone who has the key can mint agent tokens beside Entra ID).");
            }
            else if (hasKey && !environment.IsDevelopment())
            {
                failures.Add($"Auth__Agents__SigningKey (the development signing key) is refused in the '{environment.EnvironmentName}' environment: "
                    + "set Auth__Agents__Authority (Entra ID) instead. The key is only accepted with AZURE_FUNCTIONS_ENVIRONMENT=Development.");
            }
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }

    private sealed class OtpKeyRefusal(IHostEnvironment environment) : IValidateOptions<OtpKeyOptions>
    {
        public ValidateOptionsResult Validate(string? name, OtpKeyOptions options) =>
            !environment.IsDevelopment() && options.AllKeys().FirstOrDefault(IsSample) is { Setting: { } setting }
                ? ValidateOptionsResult.Fail(
                    $"{setting} is the public sample key of local.settings.sample.json, "
                    + $"refused in the '{environment.EnvironmentName}' environment: generate a key (32 random bytes, base64) and keep it in Key Vault.")
                : ValidateOptionsResult.Success;

        private static bool IsSample((string Setting, string Value) key) =>
            OtpKeyOptions.TryDecode(key.Value, OtpKeyOptions.KeySizeInBytes) is { } bytes && IsSampleKey(bytes);
    }

    private sealed class EvidenceKeyRefusal(IHostEnvironment environment) : IValidateOptions<EvidenceSigningOptions>
    {
        public ValidateOptionsResult Validate(string? name, EvidenceSigningOptions options) =>
            !environment.IsDevelopment() && options.AllKeys().FirstOrDefault(IsSample) is { Setting: { } setting }
                ? ValidateOptionsResult.Fail(
                    $"{setting} is the public sample evidence signing key of local.settings.sample.json, refused in the '{environment.EnvironmentName}' "
                    + "environment: set Evidence__KeyVaultKeyUrl (a Key Vault EC P-256 key), or generate a key of your own.")
                : ValidateOptionsResult.Success;

        private static bool IsSample((string Setting, string Value) key) =>
            EvidenceSigningOptions.TryDecode(key.Value) is { } bytes && IsSampleKey(bytes);
    }

    /// <summary>Invite links carry the token: outside Development they must point at an https page (a plain http one leaks it).</summary>
    private sealed class PlainHttpLinkRefusal(IHostEnvironment environment) : IValidateOptions<InvitationLinkOptions>
    {
        public ValidateOptionsResult Validate(string? name, InvitationLinkOptions options) =>
            !environment.IsDevelopment() && Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) && url.Scheme != Uri.UriSchemeHttps
                ? ValidateOptionsResult.Fail(
                    $"Web__BaseUrl must be an https URL in the '{environment.EnvironmentName}' environment (invite links carry the customer's "
                    + "token); a plain http one is only accepted with AZURE_FUNCTIONS_ENVIRONMENT=Development.")
                : ValidateOptionsResult.Success;
    }

    private sealed class AcsKeyRefusal(IHostEnvironment environment) : IValidateOptions<AcsOptions>
    {
        public ValidateOptionsResult Validate(string? name, AcsOptions options) =>
            !environment.IsDevelopment() && options.ParseConnectionString() is { } parsed && IsSampleKey(parsed.AccessKey)
                ? ValidateOptionsResult.Fail(
                    $"Acs__ConnectionString holds the public sample access key of local.settings.sample.json (the local fake ACS), refused in the "
                    + $"'{environment.EnvironmentName}' environment: use the ACS resource's key, or Acs__Endpoint with a managed identity.")
                : ValidateOptionsResult.Success;
    }

    private sealed class AcsWebhookKeyOnlyRefusal(IHostEnvironment environment) : IValidateOptions<AcsWebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, AcsWebhookOptions options) =>
            !environment.IsDevelopment() && !options.EntraConfigured
                ? ValidateOptionsResult.Fail(
                    $"Webhooks__Acs__EntraAuthority and Webhooks__Acs__EntraAudience are required in the '{environment.EnvironmentName}' environment: "
                    + "the ACS webhook accepts Event Grid deliveries with Microsoft Entra authentication there, not with its function key alone.")
                : ValidateOptionsResult.Success;
    }
}
