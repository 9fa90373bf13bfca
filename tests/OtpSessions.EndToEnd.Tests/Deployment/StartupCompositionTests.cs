using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Health;
using Azure.Identity;
using OtpSessions.Core.Otp;
using OtpSessions.Functions;
using OtpSessions.Infrastructure.Identity;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests.Deployment;

/// <summary>
/// The app's real composition (<see cref="OtpSessionsApplication.CreateBuilder"/>, what Program.cs runs) built with the
/// settings a deployment gives it, and start-up validation run on it — the check the Functions worker makes before it
/// serves anything. (1) Exactly the app settings infra/ deploys, computed from the compiled ARM template with its default
/// parameters; what only Azure knows is a stand-in. (2) The local sample settings, in the Development environment that
/// Core Tools and the run script use.
/// </summary>
public sealed partial class StartupCompositionTests
{
    /// <summary>The required parameters of main.bicep, as `azd up` asks for them.</summary>
    private static readonly Dictionary<string, object?> RequiredParameters = new()
    {
        ["environmentName"] = "otp-dev",
        ["location"] = "swedencentral",
        ["organisationName"] = "Contoso Bank",
        ["agentsAudience"] = "api://otp-sessions",
    };

    /// <summary>Values only Azure knows: module outputs and resource properties, as `azd provision` produces them.</summary>
    private static readonly Dictionary<string, string> AzureValues = new()
    {
        ["identity:outputs.clientId.value"] = "6f1c1c8e-4a39-4a4e-9c1e-0b8f7e1d2c3a",
        ["identity:outputs.resourceId.value"] = "/subscriptions/00000000-0000-0000-0000-00000000aaaa/resourceGroups/rg-otp-dev/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-api-standin",
        ["identity:outputs.principalId.value"] = "0d3c2b1a-0000-4000-8000-000000000001",
        ["storage:outputs.blobEndpoint.value"] = "https://ststandin.blob.core.windows.net/",
        ["storage:outputs.queueEndpoint.value"] = "https://ststandin.queue.core.windows.net/",
        ["storage:outputs.tableEndpoint.value"] = "https://ststandin.table.core.windows.net/",
        ["storage:outputs.name.value"] = "ststandin",
        ["monitoring:outputs.connectionString.value"] = "InstrumentationKey=00000000-0000-0000-0000-00000000cccc;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/",
        ["monitoring:outputs.applicationInsightsName.value"] = "appi-standin",
        ["communication:outputs.endpoint.value"] = "https://acs-standin.unitedstates.communication.azure.com",
        ["communication:outputs.emailFrom.value"] = "DoNotReply@00000000-0000-0000-0000-00000000dddd.azurecomm.net",
        ["communication:outputs.name.value"] = "acs-standin",
        ["servicebus:outputs.fullyQualifiedNamespace.value"] = "sb-standin.servicebus.windows.net",
        ["servicebus:outputs.name.value"] = "sb-standin",
        ["keyvault:outputs.uri.value"] = "https://kv-standin.vault.azure.net/",
        ["keyvault:outputs.name.value"] = "kv-standin",
        ["keyvault:outputs.evidenceKeyName.value"] = "evidence-signing",
        ["keyvault:outputs.evidenceKeyUrl.value"] = "https://kv-standin.vault.azure.net/keys/evidence-signing",
        ["Microsoft.Web/sites:defaultHostName"] = "func-api-standin.azurewebsites.net",
        ["web:outputs.uri.value"] = "https://stapp-standin.azurestaticapps.net",
    };

    [Fact]
    public async Task The_app_passes_start_up_validation_with_exactly_the_app_settings_infra_deploys()
    {
        var deployed = ArmTemplate.AppSettings(await ArmTemplate.MainAsync(), "api", RequiredParameters, AzureValues);

        // Key Vault references are resolved by the platform with the app's identity; the postprovision hook creates the
        // secret (32 random bytes, base64) when it is absent, so the app sees a key of that shape.
        var settings = deployed.ToDictionary(s => s.Key, s => KeyVaultReference().Match(s.Value) is { Success: true } reference
            ? KeyVaultSecret(reference.Groups["name"].Value)
            : s.Value);

        using var host = Build(settings, environment: null);

        host.Services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(Environments.Production, host.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
        Assert.Matches(KeyVaultReference(), deployed["Otp__EncryptionKey"]);
        // Evidence is signed by a Key Vault key (no signing key in settings, so nothing to leak or refuse).
        Assert.Equal("https://kv-standin.vault.azure.net/keys/evidence-signing", deployed["Evidence__KeyVaultKeyUrl"]);
        Assert.False(deployed.ContainsKey("Evidence__SigningKey"));
        Assert.IsType<OtpSessions.Infrastructure.Evidence.KeyVaultEvidenceSigner>(host.Services.GetRequiredService<OtpSessions.Core.Evidence.IEvidenceSigner>());
        // Every Azure connection authenticates as the app's user-assigned identity, chosen in one place from its own section.
        foreach (var section in new[] { "AzureWebJobsStorage", "Acs", "ServiceBus", "ApplicationInsights", "Evidence" })
        {
            Assert.IsType<ManagedIdentityCredential>(AzureCredentials.For(host.Services, section));
        }
        // Application Insights takes no key-based ingestion: the worker's exporter sends with the identity's token.
        Assert.IsType<ManagedIdentityCredential>(
            host.Services.GetRequiredService<IOptionsMonitor<Azure.Monitor.OpenTelemetry.Exporter.AzureMonitorExporterOptions>>().CurrentValue.Credential);
        Assert.NotNull(host.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>());
        Assert.NotNull(host.Services.GetRequiredService<Azure.Messaging.ServiceBus.ServiceBusClient>());
    }

    [Fact]
    public async Task Each_otp_key_is_a_key_vault_reference_pinned_to_a_secret_version_and_the_previous_keys_start_with_the_app()
    {
        var parameters = new Dictionary<string, object?>(RequiredParameters)
        {
            ["otpKeySecretVersion"] = "c3c3",
            ["otpPreviousKeySecretVersion0"] = "b2b2",
            ["otpPreviousKeySecretVersion1"] = "a1a1",
        };
        var deployed = ArmTemplate.AppSettings(await ArmTemplate.MainAsync(), "api", parameters, AzureValues);

        var versions = new[] { "Otp__EncryptionKey", "Otp__PreviousEncryptionKeys__0", "Otp__PreviousEncryptionKeys__1" }
            .Select(name => KeyVaultReference().Match(deployed[name]))
            .Select(reference => (Name: reference.Groups["name"].Value, Version: reference.Groups["version"].Value))
            .ToList();
        Assert.Equal([("otp-encryption-key", "c3c3"), ("otp-encryption-key", "b2b2"), ("otp-encryption-key", "a1a1")], versions);
        var settings = deployed.ToDictionary(s => s.Key, s => KeyVaultReference().Match(s.Value) is { Success: true } reference
            ? KeyVaultSecret(reference.Groups["name"].Value + "/" + reference.Groups["version"].Value)
            : s.Value);
        using var host = Build(settings, environment: null);
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(3, host.Services.GetRequiredService<OtpMasterKey>().KeyIds.Count());

        // Without previous versions the slots are empty: no key, and the app starts with the current one alone.
        var single = ArmTemplate.AppSettings(await ArmTemplate.MainAsync(), "api", RequiredParameters, AzureValues);
        Assert.Equal("", single["Otp__PreviousEncryptionKeys__0"]);
        Assert.Equal("", single["Otp__PreviousEncryptionKeys__1"]);
    }

    [Fact]
    public async Task With_the_default_parameters_the_app_starts_without_an_sms_number_and_health_says_sms_is_not_configured()
    {
        var deployed = ArmTemplate.AppSettings(await ArmTemplate.MainAsync(), "api", RequiredParameters, AzureValues);
        var settings = deployed.ToDictionary(s => s.Key, s => KeyVaultReference().IsMatch(s.Value) ? KeyVaultSecret("otp") : s.Value);

        using var host = Build(settings, environment: null);
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        var sms = host.Services.GetServices<IHealthProbe>().Single(p => p.Name == "sms");

        Assert.Equal("", deployed["Acs__SmsFrom"]);
        Assert.Equal(ProbeResult.NotConfigured, await sms.CheckAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Agents_teams_come_from_the_directory_extension_claim_and_the_webhook_requires_event_grids_entra_token()
    {
        var deployed = ArmTemplate.AppSettings(await ArmTemplate.MainAsync(), "api", RequiredParameters, AzureValues);

        Assert.Equal("extn.team", deployed["Auth__Agents__TeamClaim"]);
        Assert.Equal("api://otp-sessions", deployed["Webhooks__Acs__EntraAudience"]);
        Assert.StartsWith("https://", deployed["Webhooks__Acs__EntraAuthority"], StringComparison.Ordinal);
        Assert.Equal(deployed["Auth__Agents__Authority"], deployed["Webhooks__Acs__EntraAuthority"]);
    }

    [Fact]
    public void The_app_passes_start_up_validation_with_the_local_sample_settings_in_development()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var settings = document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");

        using var host = Build(settings, environment: Environments.Development);

        host.Services.GetRequiredService<IStartupValidator>().Validate();
        Assert.True(host.Services.GetRequiredService<IHostEnvironment>().IsDevelopment());
    }

    [Fact]
    public void A_missing_required_setting_fails_start_up_validation_naming_it()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var settings = document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        settings["Acs__EmailFrom"] = "";

        using var host = Build(settings, environment: Environments.Development);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Acs__EmailFrom", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The app as Program.cs builds it, with <paramref name="settings"/> as its app settings (given on the command line,
    /// where <c>__</c> nests like in environment variables) and the host environment the Functions host passes to the
    /// worker (<c>AZURE_FUNCTIONS_ENVIRONMENT</c>; Core Tools sets Development, Azure sets nothing: Production).
    /// </summary>
    private static IHost Build(IReadOnlyDictionary<string, string> settings, string? environment)
    {
        var args = settings.Select(s => $"--{s.Key.Replace("__", ":", StringComparison.Ordinal)}={s.Value}").ToArray();
        return StartUp.BuildWorker(() => OtpSessionsApplication.CreateBuilder(args).Build(), environment);
    }

    private static string KeyVaultSecret(string name) => Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(SecretUri=https://[^/]+/secrets/(?<name>[A-Za-z0-9-]+)/(?<version>[0-9a-f]*)\)$")]
    private static partial Regex KeyVaultReference();
}
