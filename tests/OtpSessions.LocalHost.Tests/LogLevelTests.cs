using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OtpSessions.LocalHost.Hosting;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.LocalHost.Tests;

/// <summary>
/// host.json's <c>logging.logLevel</c> applied by the local host as the Functions host applies it. The Azure SDK logs every
/// storage request at Information (the local host polls each queue twice a second): at Warning in host.json, none of that
/// reaches the logs, while a function call still logs its one line.
/// </summary>
public sealed class LogLevelTests(Azurite azurite) : IClassFixture<Azurite>
{
    private readonly Azurite _azurite = azurite;

    [Fact]
    public async Task Azure_Core_at_Warning_in_host_json_keeps_storage_requests_out_of_the_logs_and_a_call_logs_one_line()
    {
        var logs = await RunAsync(new JsonObject { ["default"] = "Information", ["Azure.Core"] = "Warning" }, "levels-warning");

        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Information Azure.Core", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Debug Azure.Core", StringComparison.Ordinal));
        Assert.Single(logs.Lines, l => l.StartsWith("Information Function.Echo: Executed GET /api/echo/dana: 200 in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_level_for_Azure_Core_the_same_run_logs_its_storage_requests_at_Information()
    {
        // The control of the test above: the SDK does log each request here, so its absence there is the filter's doing.
        var logs = await RunAsync(new JsonObject { ["default"] = "Information" }, "levels-default");

        Assert.Contains(logs.Lines, l => l.StartsWith("Information Azure.Core", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_default_level_applies_to_categories_no_other_key_names()
    {
        var logs = await RunAsync(new JsonObject { ["default"] = "Warning" }, "levels-quiet");

        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Information ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_log_level_that_is_not_one_stops_start_up_naming_the_category()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("hostjson-").FullName, "host.json");
        File.WriteAllText(path, """{ "version": "2.0", "logging": { "logLevel": { "Azure.Core": "Loud" } } }""");

        var error = Assert.Throws<InvalidOperationException>(() => HostSettings.Load(path));

        Assert.Contains("logging.logLevel.Azure.Core", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A host with an HTTP and a queue function: one message processed and one call made, then its logs.</summary>
    private async Task<CapturedLogs> RunAsync(JsonObject logLevel, string queueName)
    {
        var queue = _azurite.Queues().GetQueueClient(queueName);
        await queue.CreateIfNotExistsAsync();
        await using var app = TestApp.BuildWithLogLevels(_azurite, logLevel,
            TestApp.Http("Echo", "get", "echo/{name}"), TestApp.Queue("Work", "item", queueName));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var recorder = app.Services.GetRequiredService<Recorder>();
        var id = Guid.NewGuid().ToString("N");

        await queue.SendMessageAsync(JsonSerializer.Serialize(new { id, amount = 7 }));
        await Poll.UntilAsync(() => recorder.Work.Contains($"{id}:7"), "the queue function to run");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/echo/dana?q=secret-query")).StatusCode);
        var logs = app.Services.GetRequiredService<CapturedLogs>();
        Assert.DoesNotContain("secret-query", logs.All, StringComparison.Ordinal);
        await app.StopAsync();
        return logs;
    }
}

/// <summary>While storage is out of reach, a queue listener logs one line (no stack trace), and one when it works again.</summary>
public sealed class StorageOutageLogTests
{
    [Fact]
    public async Task A_storage_outage_logs_one_warning_line_per_queue_not_a_stack_trace_per_poll_and_one_line_when_it_ends()
    {
        await using var azurite = Azurite.OnDisk(Directory.CreateTempSubdirectory("azurite-outage-").FullName);
        await azurite.InitializeAsync();
        await azurite.Queues().GetQueueClient("outage").CreateIfNotExistsAsync();
        await using var app = TestApp.BuildWithQuickStorageRetries(azurite, ["--Logging:LogLevel:Default=Debug"], TestApp.Queue("Work", "item", "outage"));
        await app.StartAsync();
        var logs = app.Services.GetRequiredService<CapturedLogs>();
        var failureLine = "Warning OtpSessions.LocalHost.Hosting.QueueTriggerListener: Polling queue outage fails";

        await azurite.KillAsync();
        await Poll.UntilAsync(() => logs.Lines.Any(l => l.StartsWith(failureLine, StringComparison.Ordinal)), "the listener to report the outage", TimeSpan.FromSeconds(90));
        // Polls go on failing while storage is down (each after the storage client's own retries, quick here): at Debug only.
        await Poll.UntilAsync(() => logs.Lines.Count(l => l.StartsWith("Debug OtpSessions.LocalHost.Hosting.QueueTriggerListener: Polling queue outage failed", StringComparison.Ordinal)) >= 2,
            "a second poll to fail", TimeSpan.FromSeconds(90));
        await azurite.RestartAsync();
        await Poll.UntilAsync(() => logs.Lines.Any(l => l.Contains("Polling queue outage works again", StringComparison.Ordinal)), "the listener to report recovery", TimeSpan.FromSeconds(90));
        await app.StopAsync();

        var warning = Assert.Single(logs.Lines, l => l.StartsWith(failureLine, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", warning, StringComparison.Ordinal);
    }
}
