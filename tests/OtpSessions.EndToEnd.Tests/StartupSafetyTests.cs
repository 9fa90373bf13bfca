using System.Text.Json;
using OtpSessions.Infrastructure.Security;
using OtpSessions.LocalHost;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// Start-up refuses development-only settings outside Development. Each case starts the app's real composition (the
/// local host with the registration Program.cs uses, the sample settings file, and an environment) and expects start-up
/// itself to fail with a message naming the setting; the control starts the same composition with safe values.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class StartupSafetyTests(AppFixture app)
{
    private static readonly string SampleFile = Path.Combine(RepositoryRoot.Path, "local.settings.sample.json");

    private async Task<Exception?> StartAsync(string environment, params string[] extra)
    {
        await using var host = LocalFunctionsHost.Build(
        [
            $"--LocalHost:Settings={SampleFile}",
            $"--AzureWebJobsStorage={app.Azurite.ConnectionString}",
            $"--environment={environment}",
            "--port=0",
            .. extra,
        ]);
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static string Messages(Exception e) => e is AggregateException a
        ? string.Join(" | ", a.Flatten().InnerExceptions.Select(i => i.Message))
        : e.Message;

    private string Sample(string key) => app.Setting(key);

    [Fact]
    public async Task Production_starts_with_an_https_authority_and_keys_of_its_own()
    {
        Assert.Null(await StartAsync("Production", [.. ProductionSettings.Args()]));
    }

    [Fact]
    public async Task Development_starts_with_the_sample_settings_as_they_are()
    {
        Assert.Null(await StartAsync("Development"));
    }

    public static TheoryData<string, string> UnsafeInProduction => new()
    {
        { "--Auth:Agents:SigningKey=SAMPLE", "Auth__Agents__SigningKey" },
        { $"--Auth:Agents:SigningKey={ProductionSettings.RandomKey()}", "Auth__Agents__SigningKey" },
        { "--Otp:EncryptionKey=SAMPLE", "Otp__EncryptionKey" },
        { "--Otp:PreviousEncryptionKeys:0=SAMPLE", "Otp__PreviousEncryptionKeys__0" },
        { "--Acs:ConnectionString=SAMPLE", "Acs__ConnectionString" },
        { "--Evidence:SigningKey=SAMPLE", "Evidence__SigningKey" },
        { "--Evidence:PreviousSigningKeys:0=SAMPLE", "Evidence__PreviousSigningKeys__0" },
        { "--Auth:Agents:Authority=http://login.example.invalid/tenant/v2.0", "Auth__Agents__Authority" },
        { "--Web:BaseUrl=http://web.example.invalid", "Web__BaseUrl" },
    };

    [Theory]
    [MemberData(nameof(UnsafeInProduction))]
    public async Task Production_refuses_to_start_with_a_development_only_setting_and_names_it(string unsafeArgument, string setting)
    {
        var argument = unsafeArgument.Contains("SAMPLE", StringComparison.Ordinal)
            ? unsafeArgument.Replace("SAMPLE", Sample(setting switch
            {
                "Otp__PreviousEncryptionKeys__0" => "Otp__EncryptionKey",
                "Evidence__PreviousSigningKeys__0" => "Evidence__SigningKey",
                _ => setting,
            }), StringComparison.Ordinal)
            : unsafeArgument;
        // A signing key is checked alone, without an authority (a key beside an authority has its own refusal below).
        var safe = ProductionSettings.Args().Where(a => setting != "Auth__Agents__SigningKey" || !a.StartsWith("--Auth:Agents:Authority=", StringComparison.Ordinal));

        var failure = await StartAsync("Production", [.. safe, argument]);

        Assert.NotNull(failure);
        Assert.Contains(setting, Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_an_acs_webhook_guarded_by_its_function_key_alone()
    {
        var failure = await StartAsync("Production", [.. ProductionSettings.Args().Where(a => !a.StartsWith("--Webhooks:Acs:", StringComparison.Ordinal))]);

        Assert.NotNull(failure);
        Assert.Contains("Webhooks__Acs__EntraAudience", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_accepts_an_http_web_base_url_that_production_refuses()
    {
        Assert.Null(await StartAsync("Development", "--Web:BaseUrl=http://localhost:5173"));

        var failure = await StartAsync("Production", [.. ProductionSettings.Args(), "--Web:BaseUrl=http://localhost:5173"]);

        Assert.NotNull(failure);
        Assert.Contains("Web__BaseUrl must be an https URL in the 'Production' environment", Messages(failure), StringComparison.Ordinal);
    }

    /// <summary>Spellings of the same key bytes that a byte-for-byte string compare would miss (base64 decoding skips whitespace).</summary>
    public static TheoryData<string, string> SampleKeySpellings => new()
    {
        { "Otp__EncryptionKey", "spaces inside" },
        { "Otp__EncryptionKey", "line breaks inside" },
        { "Otp__PreviousEncryptionKeys__0", "spaces inside" },
        { "Otp__PreviousEncryptionKeys__0", "tab and line breaks around and inside" },
    };

    [Theory]
    [MemberData(nameof(SampleKeySpellings))]
    public async Task The_sample_key_is_refused_as_decoded_bytes_whatever_whitespace_it_is_spelled_with(string setting, string spelling)
    {
        var sample = Sample("Otp__EncryptionKey");
        var spelled = spelling switch
        {
            "spaces inside" => string.Join(' ', sample.Chunk(4).Select(c => new string(c))),
            "line breaks inside" => string.Join("\n", sample.Chunk(16).Select(c => new string(c))),
            _ => "\t" + string.Join("\r\n", sample.Chunk(8).Select(c => new string(c))) + "\n",
        };
        Assert.NotEqual(sample, spelled.Trim());
        Assert.Equal(Convert.FromBase64String(sample), Convert.FromBase64String(spelled)); // the same key to the app
        var argument = $"--{setting.Replace("__", ":", StringComparison.Ordinal)}={spelled}";

        var failure = await StartAsync("Production", [.. ProductionSettings.Args(), argument]);

        Assert.NotNull(failure);
        Assert.Contains($"{setting} is the public sample key", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_key_without_its_base64_padding_does_not_start_either()
    {
        var unpadded = Sample("Otp__EncryptionKey").TrimEnd('=');

        var failure = await StartAsync("Production", [.. ProductionSettings.Args(), $"--Otp:EncryptionKey={unpadded}"]);

        Assert.NotNull(failure);
        Assert.Contains("Otp__EncryptionKey", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signing_key_beside_an_authority_is_refused_even_in_development()
    {
        var failure = await StartAsync("Development", $"--Auth:Agents:Authority={ProductionSettings.Authority}");

        Assert.NotNull(failure);
        Assert.Contains("Auth__Agents__SigningKey must not be set together with Auth__Agents__Authority", Messages(failure), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OtpPolicy__Length", "--OtpPolicy:Length=5")]
    [InlineData("OtpPolicy__Lifetime", "--OtpPolicy:Lifetime=00:11:00")]
    [InlineData("OtpPolicy__MaxAttempts × OtpPolicy__MaxLockouts", "--OtpPolicy:MaxAttempts=20", "--OtpPolicy:MaxLockouts=6")]
    [InlineData("OtpPolicy__AllowedSmsCountries", "--OtpPolicy:AllowedSmsCountries:0=XX")]
    [InlineData("OtpPolicy__AutoOtpViewDelay", "--OtpPolicy:AutoOtpViewDelay=00:10:01")]
    public async Task System_policy_settings_outside_the_nist_bounds_stop_start_up_and_are_named(string setting, params string[] arguments)
    {
        var failure = await StartAsync("Development", arguments);

        Assert.NotNull(failure);
        Assert.Contains(setting, Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void The_refused_sample_secrets_are_exactly_the_secrets_of_the_sample_settings_file()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(SampleFile));
        var values = sample.RootElement.GetProperty("Values");
        var acsKey = values.GetProperty("Acs__ConnectionString").GetString()!.Split(';')
            .Single(p => p.StartsWith("accesskey=", StringComparison.OrdinalIgnoreCase))["accesskey=".Length..];

        var secrets = new[]
        {
            values.GetProperty("Auth__Agents__SigningKey").GetString()!, values.GetProperty("Otp__EncryptionKey").GetString()!, acsKey,
            values.GetProperty("Evidence__SigningKey").GetString()!,
        };

        Assert.Equal(secrets.Select(DevelopmentOnlySettings.Hash).Order(), DevelopmentOnlySettings.SampleSecretHashes.Order());
        Assert.All(secrets, s => Assert.True(DevelopmentOnlySettings.IsSampleSecret(s)));
    }
}
