using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests.Deployment;

/// <summary>
/// infra/hooks/postprovision.sh, run as azd runs it (the azd environment's outputs as environment variables) against a
/// stand-in <c>az</c> on the PATH that keeps the vault's one secret in a folder and records every call (and a stand-in
/// <c>azd</c> that records <c>azd env set</c>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PostprovisionHookTests : IDisposable
{
    private const string SecretName = "otp-encryption-key";
    private readonly HookRun _hook = new();
    private readonly string _folder;

    public PostprovisionHookTests()
    {
        _folder = _hook.Folder;
        _hook.StandIn("az", """
            #!/usr/bin/env bash
            # Stand-in Azure CLI: the vault's secret is the file $STATE/secret.
            printf '%s\n' "$*" >> "$STATE/calls"
            case "$1 $2 $3" in
              "keyvault secret show")
                if [[ -f "$STATE/forbidden" && "$(cat "$STATE/forbidden")" -gt 0 ]]; then
                  echo $(( $(cat "$STATE/forbidden") - 1 )) > "$STATE/forbidden"
                  echo "ERROR: (Forbidden) Caller is not authorized to perform action on resource. Code: ForbiddenByRbac" >&2; exit 1
                fi
                [[ -f "$STATE/secret" ]] && { echo "https://kv.vault.azure.net/secrets/x/1"; exit 0; }
                echo "ERROR: (SecretNotFound) A secret with (name/id) x was not found in this key vault." >&2; exit 3 ;;
              "keyvault secret set")
                while [[ $# -gt 0 ]]; do [[ "$1" == "--file" ]] && cp "$2" "$STATE/secret"; shift; done; exit 0 ;;
              "functionapp restart"*) exit 0 ;;
              "functionapp config appsettings") exit 0 ;;
            esac
            echo "unexpected az call: $*" >&2; exit 9
            """);
        // Stand-in azd: records `azd env set` calls.
        _hook.StandIn("azd", """
            #!/usr/bin/env bash
            [[ "$1 $2" == "env set" ]] && { printf '%s\n' "$*" >> "$STATE/azd-calls"; exit 0; }
            echo "unexpected azd call: $*" >&2; exit 9
            """);
    }

    public void Dispose() => _hook.Dispose();

    [Fact]
    public async Task Creates_a_32_byte_base64_key_when_the_secret_is_absent_without_putting_it_on_a_command_line()
    {
        var result = await RunHookAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        var key = File.ReadAllText(Path.Combine(_folder, "secret"));
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.DoesNotContain('\n', key);
        var calls = File.ReadAllText(Path.Combine(_folder, "calls"));
        Assert.Contains($"keyvault secret set --vault-name kv-test --name {SecretName} --file", calls, StringComparison.Ordinal);
        Assert.Contains("functionapp restart --resource-group rg-test --name func-test", calls, StringComparison.Ordinal);
        Assert.DoesNotContain(key, calls, StringComparison.Ordinal);
        Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaves_an_existing_key_unchanged()
    {
        File.WriteAllText(Path.Combine(_folder, "secret"), "existing");

        var result = await RunHookAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("existing", File.ReadAllText(Path.Combine(_folder, "secret")));
        Assert.DoesNotContain("secret set", File.ReadAllText(Path.Combine(_folder, "calls")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pins_the_app_to_the_secret_version_in_use_once_and_leaves_a_pinned_version_alone()
    {
        File.WriteAllText(Path.Combine(_folder, "secret"), "existing");

        var first = await RunHookAsync();

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(["env set OTP_KEY_SECRET_VERSION 1"], File.ReadAllLines(Path.Combine(_folder, "azd-calls")));
        Assert.Contains("functionapp config appsettings set --resource-group rg-test --name func-test "
            + "--settings Otp__EncryptionKey=@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x/1)",
            File.ReadAllText(Path.Combine(_folder, "calls")), StringComparison.Ordinal);

        File.Delete(Path.Combine(_folder, "azd-calls"));
        File.Delete(Path.Combine(_folder, "calls"));
        var again = await RunHookAsync(pinnedVersion: "1");

        Assert.True(again.ExitCode == 0, again.Output);
        Assert.False(File.Exists(Path.Combine(_folder, "azd-calls")));
        Assert.DoesNotContain("appsettings", File.ReadAllText(Path.Combine(_folder, "calls")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waits_while_the_role_assignment_propagates_then_creates_the_key()
    {
        File.WriteAllText(Path.Combine(_folder, "forbidden"), "2");

        var result = await RunHookAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        // Two refusals, then the read that finds no secret; the key is created after them (a later read pins its version).
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_folder, "calls"))
            .TakeWhile(c => !c.StartsWith("keyvault secret set", StringComparison.Ordinal))
            .Count(c => c.StartsWith("keyvault secret show", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(_folder, "secret")));
    }

    [Fact]
    public async Task Says_how_to_set_the_sms_number_while_none_is_configured()
    {
        var result = await RunHookAsync();

        Assert.Contains("azd env set ACS_SMS_FROM", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azd_runs_the_hook_after_provisioning_and_the_template_outputs_what_it_reads()
    {
        var azureYaml = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "azure.yaml"));
        var outputs = (await ArmTemplate.MainAsync())["outputs"]!.AsObject();

        Assert.Contains("postprovision:", azureYaml, StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/postprovision.sh", azureYaml, StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/postprovision.ps1", azureYaml, StringComparison.Ordinal);
        Assert.True(File.GetUnixFileMode(Path.Combine(RepositoryRoot.Path, "infra", "hooks", "postprovision.sh")).HasFlag(UnixFileMode.UserExecute),
            "azd runs the posix hook directly: it must be executable");
        foreach (var name in new[] { "AZURE_KEY_VAULT_NAME", "OTP_KEY_SECRET_NAME", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_NAME", "ACS_NAME" })
        {
            Assert.True(outputs.ContainsKey(name), $"main.bicep has no output {name}");
        }
        Assert.Equal(SecretName, (string?)(await ArmTemplate.MainAsync())["parameters"]!["otpKeySecretName"]!["defaultValue"]);
    }

    private Task<(int ExitCode, string Output)> RunHookAsync(string pinnedVersion = "") =>
        _hook.RunAsync(Path.Combine(HookRun.HooksFolder, "postprovision.sh"), new Dictionary<string, string>
        {
            ["AZURE_KEY_VAULT_NAME"] = "kv-test",
            ["OTP_KEY_SECRET_NAME"] = SecretName,
            ["AZURE_RESOURCE_GROUP"] = "rg-test",
            ["AZURE_FUNCTION_NAME"] = "func-test",
            ["ACS_NAME"] = "acs-test",
            ["ACS_SMS_FROM"] = "",
            ["OTP_KEY_HOOK_DELAY_SECONDS"] = "0",
            ["OTP_KEY_SECRET_VERSION"] = pinnedVersion,
        });
}
