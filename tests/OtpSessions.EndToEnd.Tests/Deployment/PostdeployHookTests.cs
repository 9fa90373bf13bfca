using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests.Deployment;

/// <summary>
/// infra/hooks/postdeploy.sh as azd runs it, against a stand-in <c>az</c> that keeps the webhook's function keys and the
/// Event Grid subscription in a folder: the ACS delivery reports are subscribed to the webhook with its own key and
/// Event Grid's Microsoft Entra authentication of each delivery; and the console's SPA redirect URI (kept in the folder
/// too) is added to its app registration once, or printed as a command when the deploying identity may not.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PostdeployHookTests : IDisposable
{
    private readonly HookRun _hook = new();
    private readonly string _folder;

    public PostdeployHookTests()
    {
        _folder = _hook.Folder;
        _hook.StandIn("az", """
            #!/usr/bin/env bash
            printf '%s\n' "$*" >> "$STATE/calls"
            case "$1 $2 $3 $4" in
              "functionapp function keys list")
                [[ -f "$STATE/key" ]] && cat "$STATE/key"; exit 0 ;;
              "functionapp function keys set")
                echo "generated-key-$RANDOM" > "$STATE/key"; cat "$STATE/key"; exit 0 ;;
              "eventgrid system-topic event-subscription create")
                if [[ -f "$STATE/refuse" && "$(cat "$STATE/refuse")" -gt 0 ]]; then
                  echo $(( $(cat "$STATE/refuse") - 1 )) > "$STATE/refuse"
                  echo "ERROR: Webhook validation handshake failed for https://func-test.azurewebsites.net/api/webhooks/acs" >&2; exit 1
                fi
                printf '%s\n' "$*" > "$STATE/subscription"; exit 0 ;;
            esac
            case "$1 $2 $3" in
              "ad app show")
                echo "WARNING: a newer version of the Azure CLI is available" >&2
                if [[ -f "$STATE/deny-read" ]]; then
                  echo "ERROR: Insufficient privileges to complete the operation." >&2; exit 1
                fi
                [[ -f "$STATE/redirects" ]] && cat "$STATE/redirects"; exit 0 ;;
              "rest --method PATCH")
                if [[ -f "$STATE/deny" ]]; then
                  echo 'ERROR: Forbidden({"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}})' >&2; exit 1
                fi
                args=("$@"); body=""
                for ((i = 0; i < ${#args[@]}; i++)); do [[ "${args[i]}" == "--body" ]] && body="${args[i+1]}"; done
                printf '%s\n' "$body" >> "$STATE/patches"
                grep -o 'https\?://[^"]*' <<<"$body" > "$STATE/redirects"; exit 0 ;;
            esac
            echo "unexpected az call: $*" >&2; exit 9
            """);
    }

    public void Dispose() => _hook.Dispose();

    [Fact]
    public async Task Subscribes_the_webhook_with_its_own_function_key_to_sms_and_email_delivery_reports()
    {
        var result = await RunHookAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        var key = File.ReadAllText(Path.Combine(_folder, "key")).Trim();
        var subscription = File.ReadAllText(Path.Combine(_folder, "subscription"));
        Assert.Contains("--system-topic-name egst-acs-test --name acs-delivery-reports", subscription, StringComparison.Ordinal);
        Assert.Contains($"--endpoint-type webhook --endpoint https://func-test.azurewebsites.net/api/webhooks/acs?code={key} ", subscription, StringComparison.Ordinal);
        Assert.Contains("--event-delivery-schema eventgridschema", subscription, StringComparison.Ordinal);
        Assert.Contains("--azure-active-directory-tenant-id tenant-test --azure-active-directory-application-id-or-uri api-client-id-test",
            subscription, StringComparison.Ordinal);
        Assert.Contains("--included-event-types Microsoft.Communication.SMSDeliveryReportReceived Microsoft.Communication.EmailDeliveryReportReceived",
            subscription, StringComparison.Ordinal);
        Assert.Contains("functionapp function keys set --resource-group rg-test --name func-test --function-name AcsWebhook --key-name eventgrid",
            File.ReadAllText(Path.Combine(_folder, "calls")), StringComparison.Ordinal);
        Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_again_with_the_same_key_and_waits_while_the_webhook_is_not_answering_yet()
    {
        File.WriteAllText(Path.Combine(_folder, "key"), "existing-key");
        File.WriteAllText(Path.Combine(_folder, "refuse"), "2");

        var result = await RunHookAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        var calls = File.ReadAllLines(Path.Combine(_folder, "calls"));
        Assert.DoesNotContain(calls, c => c.StartsWith("functionapp function keys set", StringComparison.Ordinal));
        Assert.Equal(3, calls.Count(c => c.StartsWith("eventgrid system-topic event-subscription create", StringComparison.Ordinal)));
        Assert.Contains("/api/webhooks/acs?code=existing-key ", File.ReadAllText(Path.Combine(_folder, "subscription")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azd_runs_the_hook_after_deploy_and_the_template_outputs_the_topic_it_reads()
    {
        var azureYaml = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "azure.yaml"));
        var main = await ArmTemplate.MainAsync();

        Assert.Contains("postdeploy:", azureYaml, StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/postdeploy.sh", azureYaml, StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/postdeploy.ps1", azureYaml, StringComparison.Ordinal);
        Assert.True(File.GetUnixFileMode(Path.Combine(RepositoryRoot.Path, "infra", "hooks", "postdeploy.sh")).HasFlag(UnixFileMode.UserExecute));
        foreach (var name in new[] { "ACS_EVENTS_TOPIC_NAME", "SERVICE_API_URI", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_NAME", "ACS_WEBHOOK_ENTRA_TENANT_ID",
            "ACS_WEBHOOK_ENTRA_APP_ID" })
        {
            Assert.True(main["outputs"]!.AsObject().ContainsKey(name), $"main.bicep has no output {name}");
        }
        var module = ArmTemplate.Resources(main).Single(r => (string?)r["name"] == "eventgrid");
        var topic = ArmTemplate.Resources(module["properties"]!["template"]!.AsObject()).Single(r => (string?)r["type"] == "Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Communication.CommunicationServices", (string?)topic["properties"]!["topicType"]);
    }

    [Fact]
    public async Task Adds_the_console_redirect_uri_once_keeping_the_ones_already_registered()
    {
        File.WriteAllText(Path.Combine(_folder, "redirects"), "http://localhost:5173/console\n");

        var first = await RunHookAsync(WithConsole);
        var second = await RunHookAsync(WithConsole);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(["http://localhost:5173/console", "https://web.example.net/console"], File.ReadAllLines(Path.Combine(_folder, "redirects")));
        var patches = File.ReadAllLines(Path.Combine(_folder, "patches"));
        Assert.Equal("""{"spa":{"redirectUris":["http://localhost:5173/console","https://web.example.net/console"]}}""", Assert.Single(patches));
        Assert.Contains("rest --method PATCH --url https://graph.microsoft.com/v1.0/applications(appId='console-client-id-test')",
            File.ReadAllText(Path.Combine(_folder, "calls")), StringComparison.Ordinal);
        Assert.Contains("already registered", second.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "subscription")), "the webhook subscription was not created");
    }

    [Fact]
    public async Task Prints_the_command_that_adds_the_console_redirect_uri_when_the_identity_may_not_update_the_registration()
    {
        File.WriteAllText(Path.Combine(_folder, "redirects"), "http://localhost:5173/console\n");
        File.WriteAllText(Path.Combine(_folder, "deny"), "");

        var result = await RunHookAsync(WithConsole);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.False(File.Exists(Path.Combine(_folder, "patches")));
        Assert.Contains("Insufficient privileges", result.Output, StringComparison.Ordinal);
        Assert.Contains("""az rest --method PATCH --url "https://graph.microsoft.com/v1.0/applications(appId='console-client-id-test')" """
            + """--headers Content-Type=application/json --body '{"spa":{"redirectUris":["http://localhost:5173/console","https://web.example.net/console"]}}'""",
            result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "subscription")), "the webhook subscription was not created");
    }

    [Fact]
    public async Task Prints_a_command_with_the_new_uri_and_a_warning_when_the_registered_ones_cannot_be_read()
    {
        File.WriteAllText(Path.Combine(_folder, "deny-read"), "");

        var result = await RunHookAsync(WithConsole);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.False(File.Exists(Path.Combine(_folder, "patches")));
        Assert.Contains("""--body '{"spa":{"redirectUris":["https://web.example.net/console"]}}'""", result.Output, StringComparison.Ordinal);
        Assert.Contains("could not be read: add them to that list", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(_folder, "calls")), c => c.StartsWith("rest ", StringComparison.Ordinal));
    }

    private static readonly Dictionary<string, string> WithConsole = new()
    {
        ["WEB_ENTRA_CLIENT_ID"] = "console-client-id-test",
        ["SERVICE_WEB_URI"] = "https://web.example.net/",
    };

    private Task<(int ExitCode, string Output)> RunHookAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["AZURE_RESOURCE_GROUP"] = "rg-test",
            ["AZURE_FUNCTION_NAME"] = "func-test",
            ["SERVICE_API_URI"] = "https://func-test.azurewebsites.net",
            ["ACS_EVENTS_TOPIC_NAME"] = "egst-acs-test",
            ["ACS_WEBHOOK_ENTRA_TENANT_ID"] = "tenant-test",
            ["ACS_WEBHOOK_ENTRA_APP_ID"] = "api-client-id-test",
            ["ACS_HOOK_DELAY_SECONDS"] = "0",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
        return _hook.RunAsync(Path.Combine(HookRun.HooksFolder, "postdeploy.sh"), environment);
    }
}
