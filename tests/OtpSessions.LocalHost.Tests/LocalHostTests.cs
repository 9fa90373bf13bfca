using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
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
    public async Task Function_level_http_function_requires_a_function_key()
    {
        await using var app = TestApp.Build(_azurite, TestApp.Http("Secret", "get", "secret", authLevel: "Function"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/secret?code=wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/secret?code={TestApp.FunctionKey}")).StatusCode);
        using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/secret") { Headers = { { "x-functions-key", TestApp.FunctionKey } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(withHeader)).StatusCode);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_the_exception_text()
    {
        await using var app = TestApp.Build(_azurite, TestApp.Http("Explode", "get", "explode"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await http.GetAsync("/api/explode");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("4242", text);
        Assert.Equal("internal_error", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
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
        await using var app = TestApp.Build(_azurite, time, TestApp.Timer("Tick", "0 */5 * * * *", runOnStartup: false));
        await app.StartAsync();
        var recorder = app.Services.GetRequiredService<Recorder>();

        time.Advance(TimeSpan.FromDays(7));
        await Poll.UntilAsync(() => recorder.Ticks.Count >= 1, "the past-due run");
        time.Advance(TimeSpan.FromMinutes(5));
        await Poll.UntilAsync(() => recorder.Ticks.Count >= 2, "the next scheduled run");

        var ticks = recorder.Ticks.ToArray();
        Assert.Equal(2, ticks.Length);
        Assert.True(ticks[0].IsPastDue);
        Assert.False(ticks[1].IsPastDue);
        Assert.Equal(time.GetUtcNow().UtcDateTime.AddMinutes(5), ticks[1].ScheduleStatus!.Next);
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
