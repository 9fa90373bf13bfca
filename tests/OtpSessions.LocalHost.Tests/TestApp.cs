using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.Testing;

namespace OtpSessions.LocalHost.Tests;

/// <summary>Writes a functions.metadata + host.json for <see cref="TestFunctions"/> and builds a local host on them.</summary>
public static class TestApp
{
    public const string FunctionKey = "test-function-key-123";

    public static JsonObject Http(string name, string method, string route, string authLevel = "Anonymous") => Entry(name,
        new JsonObject { ["name"] = "request", ["direction"] = "In", ["type"] = "httpTrigger", ["authLevel"] = authLevel, ["methods"] = new JsonArray(method), ["route"] = route },
        new JsonObject { ["name"] = "$return", ["direction"] = "Out", ["type"] = "http" });

    public static JsonObject Queue(string name, string parameter, string queue) => Entry(name,
        new JsonObject { ["name"] = parameter, ["direction"] = "In", ["type"] = "queueTrigger", ["queueName"] = queue, ["connection"] = "AzureWebJobsStorage" });

    public static JsonObject Timer(string name, string schedule, bool runOnStartup) => Entry(name,
        new JsonObject { ["name"] = "timer", ["direction"] = "In", ["type"] = "timerTrigger", ["schedule"] = schedule, ["runOnStartup"] = runOnStartup });

    public static JsonObject Entry(string method, params JsonObject[] bindings) => new()
    {
        ["name"] = method,
        ["scriptFile"] = typeof(TestFunctions).Assembly.GetName().Name + ".dll",
        ["entryPoint"] = $"{typeof(TestFunctions).FullName}.{method}",
        ["language"] = "dotnet-isolated",
        ["bindings"] = new JsonArray(bindings),
    };

    /// <summary>A local host for the given functions on a free port, with fast queue polling and no retry delay.</summary>
    public static WebApplication Build(Azurite azurite, params JsonObject[] functions) => Build(azurite, TimeProvider.System, functions);

    /// <summary>The same, on the given clock (timers wait on it).</summary>
    public static WebApplication Build(Azurite azurite, TimeProvider time, params JsonObject[] functions) => Build(azurite, time, [], functions);

    /// <summary>The same, with more command-line settings (they override the settings file).</summary>
    public static WebApplication Build(Azurite azurite, TimeProvider time, string[] settings, params JsonObject[] functions) =>
        Build(azurite, time, settings, logLevel: null, functions);

    /// <summary>The same, with host.json's <c>logging.logLevel</c> set to <paramref name="logLevel"/>.</summary>
    public static WebApplication BuildWithLogLevels(Azurite azurite, JsonObject logLevel, params JsonObject[] functions) =>
        Build(azurite, TimeProvider.System, [], logLevel, functions);

    /// <summary>
    /// The same, with the storage clients' retries waiting milliseconds instead of the app's 0.5 to 4 s (a failing call
    /// gives up after ~15 s in the app): for tests of what the host does while storage is out of reach, which would
    /// otherwise wait out those retries on every failing poll.
    /// </summary>
    public static WebApplication BuildWithQuickStorageRetries(Azurite azurite, string[] settings, params JsonObject[] functions) =>
        Build(azurite, TimeProvider.System, settings, logLevel: null, functions, quickStorageRetries: true);

    private static WebApplication Build(
        Azurite azurite, TimeProvider time, string[] settings, JsonObject? logLevel, JsonObject[] functions, bool quickStorageRetries = false)
    {
        var dir = Directory.CreateTempSubdirectory("localhost-test-").FullName;
        var metadata = Path.Combine(dir, "functions.metadata");
        File.WriteAllText(metadata, new JsonArray(functions).ToJsonString());
        var hostJson = Path.Combine(dir, "host.json");
        var host = JsonSerializer.SerializeToNode(new
        {
            version = "2.0",
            extensions = new
            {
                http = new { routePrefix = "api" },
                queues = new { maxPollingInterval = "00:00:00.200", visibilityTimeout = "00:00:00", batchSize = 4, maxDequeueCount = 5, messageEncoding = "base64" },
            },
        })!.AsObject();
        if (logLevel is not null)
        {
            host["logging"] = new JsonObject { ["logLevel"] = logLevel };
        }
        File.WriteAllText(hostJson, host.ToJsonString());
        return LocalFunctionsHost.Build(
            [
                $"--LocalHost:Settings={Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")}",
                $"--LocalHost:Metadata={metadata}",
                $"--LocalHost:HostJson={hostJson}",
                $"--AzureWebJobsStorage={azurite.ConnectionString}",
                $"--LocalHost:FunctionKeys:default={FunctionKey}",
                "--port=0",
                .. settings,
            ],
            registerApp: (services, _) =>
            {
                services.AddSingleton<Recorder>();
                services.AddSingleton<CapturedLogs>();
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(sp => sp.GetRequiredService<CapturedLogs>());
                services.AddSingleton(time);
                services.AddOtpSessionsStorage();
                if (quickStorageRetries)
                {
                    // After the app's own retry settings (the Azure client factory's options of its "Default" clients).
                    services.Configure<TableClientOptions>("Default", o => QuickRetries(o.Retry));
                    services.Configure<QueueClientOptions>("Default", o => QuickRetries(o.Retry));
                }
            });
    }

    private static void QuickRetries(RetryOptions retry)
    {
        retry.Delay = TimeSpan.FromMilliseconds(20);
        retry.MaxDelay = TimeSpan.FromMilliseconds(100);
    }
}
