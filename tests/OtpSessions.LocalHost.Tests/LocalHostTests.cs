using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OtpSessions.LocalHost.Hosting;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.LocalHost.Tests;

/// <summary>One Azurite for the class; each test uses its own queue names.</summary>
public sealed class LocalHostTests(Azurite azurite) : IClassFixture<Azurite>
{
    private readonly Azurite _azurite = azurite;

    [Fact]
    public async Task Serves_an_http_function_at_its_route_and_method_with_route_values_bound()
    {
        await using var app = TestApp.Build(_azurite, TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await http.GetAsync("/api/echo/dana?q=x");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("dana", body.GetProperty("name").GetString());
        Assert.Equal("x", body.GetProperty("query").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/api/echo/dana", null)).StatusCode);
    }

    [Fact]
    public async Task Function_level_http_function_requires_a_function_key_and_refuses_with_problem_json()
    {
        await using var app = TestApp.Build(_azurite, TestApp.Http("Secret", "get", "secret", authLevel: "Function"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        await AssertProblemAsync(await http.GetAsync("/api/secret"), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(await http.GetAsync("/api/secret?code=wrong"), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/secret?code={TestApp.FunctionKey}")).StatusCode);
        using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/secret") { Headers = { { "x-functions-key", TestApp.FunctionKey } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(withHeader)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem_and_a_wrong_method_a_405_problem_naming_the_allowed_method()
    {
        await using var app = TestApp.Build(_azurite, TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        await AssertProblemAsync(await http.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await http.GetAsync("/"), HttpStatusCode.NotFound, "not_found");
        var wrongMethod = await http.DeleteAsync("/api/echo/dana");
        await AssertProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(["GET"], wrongMethod.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_route_value_that_does_not_convert_to_the_parameter_type_is_a_400_problem()
    {
        await using var app = TestApp.Build(_azurite, TestApp.Http("Page", "get", "pages/{number}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/pages/42")).StatusCode);
        await AssertProblemAsync(await http.GetAsync("/api/pages/forty-two"), HttpStatusCode.BadRequest, "invalid_request");
        await AssertProblemAsync(await http.GetAsync("/api/pages/99999999999999999999"), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Every_answer_of_a_function_carries_nosniff_and_no_store()
    {
        await using var app = TestApp.Build(_azurite, TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await http.GetAsync("/api/echo/dana");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_the_exception_text()
    {
        await using var app = TestApp.Build(_azurite, TestApp.Http("Explode", "get", "explode"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await http.GetAsync("/api/explode");

        var text = await AssertProblemAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain("4242", text);
    }

    /// <summary>A problem answer as the app writes it: status, problem JSON with the code, and the security headers.</summary>
    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        AssertSecurityHeaders(response);
        return text;
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Runs_a_queue_triggered_function_for_a_message_put_on_an_azurite_queue()
    {
        var queue = _azurite.Queues().GetQueueClient("work");
        await queue.CreateIfNotExistsAsync();
        await using var app = TestApp.Build(_azurite, TestApp.Queue("Work", "item", "work"));
        await app.StartAsync();
        var recorder = app.Services.GetRequiredService<Recorder>();
        var id = Guid.NewGuid().ToString("N");

        await queue.SendMessageAsync(JsonSerializer.Serialize(new { id, amount = 42 }));

        await Poll.UntilAsync(() => recorder.Work.Contains($"{id}:42"), "the queue function to run");
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the message to be deleted");
    }

    [Fact]
    public async Task A_message_that_always_fails_moves_to_the_poison_queue_after_five_dequeues()
    {
        var queues = _azurite.Queues();
        var queue = queues.GetQueueClient("doomed");
        var poison = queues.GetQueueClient("doomed-poison");
        await queue.CreateIfNotExistsAsync();
        await using var app = TestApp.Build(_azurite, TestApp.Queue("Doomed", "message", "doomed"));
        await app.StartAsync();
        var recorder = app.Services.GetRequiredService<Recorder>();

        await queue.SendMessageAsync("poison me");

        var poisoned = await Poll.UntilAsync(
            async () => await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(1)).Value : [],
            messages => messages.Length == 1, "the message to reach doomed-poison");
        Assert.Equal("poison me", poisoned[0].Body.ToString());
        Assert.Equal([1L, 2L, 3L, 4L, 5L], recorder.DoomedAttempts.ToArray());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    /// <summary>
    /// As the Functions host: the next batch is fetched once no more than <c>newBatchThreshold</c> (here the default, half
    /// of <c>batchSize</c> 4) are still running, so one slow message does not hold back the messages behind it.
    /// </summary>
    [Fact]
    public async Task A_slow_message_does_not_hold_back_the_messages_behind_it()
    {
        var queue = _azurite.Queues().GetQueueClient("sluggish");
        await queue.CreateIfNotExistsAsync();
        await using var app = TestApp.Build(_azurite, TestApp.Queue("Slow", "message", "sluggish"));
        await app.StartAsync();
        var recorder = app.Services.GetRequiredService<Recorder>();
        try
        {
            await queue.SendMessageAsync("slow");
            await Poll.UntilAsync(() => recorder.Work.Contains("slow-queue:slow"), "the slow message to start");

            foreach (var name in new[] { "a", "b", "c" })
            {
                await queue.SendMessageAsync(name);
            }

            await Poll.UntilAsync(() => new[] { "a", "b", "c" }.All(n => recorder.Work.Contains("slow-queue:" + n)),
                "the messages behind the slow one to run while it still runs");
            Assert.False(recorder.ReleaseSlow.Task.IsCompleted);
        }
        finally
        {
            recorder.ReleaseSlow.TrySetResult();
        }
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "every message to be deleted");
    }

    /// <summary>
    /// A message stays leased while its function runs past the lease (renewed every third of it), runs once, and is
    /// deleted with the latest pop receipt. Without renewals it would come back after 1.5 s and run again.
    /// </summary>
    [Fact]
    public async Task A_message_whose_function_outlasts_the_lease_is_renewed_runs_once_and_is_deleted()
    {
        var queue = _azurite.Queues().GetQueueClient("outlasting");
        await queue.CreateIfNotExistsAsync();
        await using var app = TestApp.Build(_azurite, TimeProvider.System,
            ["--LocalHost:QueueLease=00:00:01.5", "--Logging:LogLevel:Default=Debug"], TestApp.Queue("Slow", "message", "outlasting"));
        await app.StartAsync();
        var recorder = app.Services.GetRequiredService<Recorder>();
        var logs = app.Services.GetRequiredService<CapturedLogs>();
        try
        {
            await queue.SendMessageAsync("slow");
            await Poll.UntilAsync(() => recorder.Work.Contains("slow-queue:slow"), "the slow message to start");

            // Four renewals, 0.5 s apart: the message has been running for longer than its 1.5 s lease.
            await Poll.UntilAsync(() => logs.Lines.Count(l => l.Contains("Renewed the lease of message", StringComparison.Ordinal)) >= 4,
                "the lease to be renewed four times");
        }
        finally
        {
            recorder.ReleaseSlow.TrySetResult();
        }
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the message to be deleted");
        Assert.Equal(1, recorder.Work.Count(w => w == "slow-queue:slow"));
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("QueueTriggerListener", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_that_cannot_be_settled_is_logged_and_the_listener_goes_on()
    {
        // Found by the fault harness: after an Azurite restart a retry's update answered 404, the listener threw, and the
        // host stopped every queue function.
        var queue = _azurite.Queues().GetQueueClient("vanishing");
        await queue.CreateIfNotExistsAsync();
        await using var app = TestApp.Build(_azurite, TestApp.Queue("Vanishing", "message", "vanishing"));
        await app.StartAsync();
        var recorder = app.Services.GetRequiredService<Recorder>();
        var lifetime = app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();

        await queue.SendMessageAsync("first");
        await Poll.UntilAsync(() => recorder.Work.Contains("vanishing:first"), "the first message to be tried");
        await queue.SendMessageAsync("second");

        await Poll.UntilAsync(() => recorder.Work.Contains("vanishing:second"), "the next message to be processed");
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task Fires_a_timer_on_startup_and_on_its_ncrontab_schedule()
    {
        await using var app = TestApp.Build(_azurite, TestApp.Timer("Tick", "*/1 * * * * *", runOnStartup: true));
        await app.StartAsync();
        var recorder = app.Services.GetRequiredService<Recorder>();

        await Poll.UntilAsync(() => recorder.Ticks.Count >= 2, "the timer to fire on startup and then on schedule");
        var tick = recorder.Ticks.Last();
        Assert.True(tick.ScheduleStatus!.Next > tick.ScheduleStatus.Last);
    }

    [Fact]
    public async Task A_clock_jump_past_many_occurrences_runs_the_timer_once_past_due_not_a_backlog()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var clock = new TimerWatchingClock(time);
        var fiveMinutes = TimeSpan.FromMinutes(5);
        await using var app = TestApp.Build(_azurite, clock, TestApp.Timer("Tick", "0 */5 * * * *", runOnStartup: true));
        await app.StartAsync();
        var recorder = app.Services.GetRequiredService<Recorder>();
        await Poll.UntilAsync(() => recorder.Ticks.Count >= 1, "the start-up run");
        // Each move only once the scheduler waits on its timer for the next occurrence (ExecuteAsync runs in the background).
        await Poll.UntilAsync(() => clock.TimersSetFor(fiveMinutes) >= 1, "the wait for 09:05");

        time.Advance(TimeSpan.FromDays(7));
        await Poll.UntilAsync(() => recorder.Ticks.Count >= 2, "the past-due run");
        await Poll.UntilAsync(() => clock.TimersSetFor(fiveMinutes) >= 2, "the wait for the occurrence after the jump");
        time.Advance(fiveMinutes);
        await Poll.UntilAsync(() => recorder.Ticks.Count >= 3, "the next scheduled run");

        var ticks = recorder.Ticks.ToArray();
        Assert.Equal(3, ticks.Length);
        Assert.True(ticks[1].IsPastDue);
        Assert.False(ticks[2].IsPastDue);
        Assert.Equal(time.GetUtcNow().UtcDateTime.AddMinutes(5), ticks[2].ScheduleStatus!.Next);
    }

    [Fact]
    public void A_metadata_entry_with_an_unsupported_binding_stops_the_host_naming_the_function()
    {
        var blob = TestApp.Entry("Work", new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "item", ["direction"] = "In", ["type"] = "blobTrigger", ["path"] = "uploads/{name}",
        });
        blob["name"] = "ProcessUpload";

        var error = Assert.Throws<InvalidOperationException>(() => TestApp.Build(_azurite, blob));

        Assert.Contains("'ProcessUpload'", error.Message);
        Assert.Contains("blobTrigger", error.Message);
    }

    [Fact]
    public void A_parameter_the_host_cannot_bind_stops_the_host_naming_the_function()
    {
        var entry = TestApp.Http("TakesContext", "get", "ctx");

        var error = Assert.Throws<InvalidOperationException>(() => TestApp.Build(_azurite, entry));

        Assert.Contains("'TakesContext'", error.Message);
        Assert.Contains("context", error.Message);
    }

    [Fact]
    public void The_repository_host_json_is_tuned_for_a_waiting_customer()
    {
        var settings = HostSettings.Load(Path.Combine(RepositoryRoot.Path, "host.json"));

        Assert.Equal("api", settings.RoutePrefix);
        Assert.True(settings.Queues.MaxPollingInterval <= TimeSpan.FromSeconds(2));
        Assert.Equal(5, settings.Queues.MaxDequeueCount);
        Assert.Equal("base64", settings.Queues.MessageEncoding);
    }
}
