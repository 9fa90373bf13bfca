using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using OtpSessions.Core.Events;
using OtpSessions.Core.Sessions;
using OtpSessions.LocalHost;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.Events.Tests;

/// <summary>The whole app served by the local host from its functions.metadata: publishing after a commit, sweep timer, dev endpoint.</summary>
public sealed class EventsLocalHostTests(Azurite azurite) : IClassFixture<Azurite>
{
    private readonly CapturedLogs _logs = new();

    private WebApplication Build(string environment, ServiceBusClient? client = null) => LocalFunctionsHost.Build(
        [
            $"--LocalHost:Settings={Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")}",
            $"--AzureWebJobsStorage={azurite.ConnectionString}",
            $"--environment={environment}",
            "--port=0",
            .. environment == "Development" ? [] : ProductionSettings.Args(),
        ],
        configure: builder =>
        {
            builder.Logging.AddProvider(_logs);
            if (client is not null)
            {
                builder.Services.AddSingleton(client);
            }
        });

    /// <summary>A state change committed through the app's session store, as the APIs commit theirs.</summary>
    private static async Task<IReadOnlyList<OutboxEvent>> WriteStateChangeAsync(WebApplication app, string sessionId, params string[] types)
    {
        var now = TimeProvider.System.GetUtcNow();
        var change = new SessionChange(sessionId, now.AddDays(30));
        foreach (var type in types)
        {
            change.Emit(type, now, new { sessionId });
        }
        await app.Services.GetRequiredService<ISessionStore>().CommitAsync(change, CancellationToken.None);
        return change.Events;
    }

    private static HttpClient Client(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.Single()) };

    private static string FunctionKey(WebApplication app) => app.Configuration["LocalHost:FunctionKeys:default"]!;

    [Fact]
    public async Task A_state_change_gets_its_events_to_service_bus_right_after_its_commit_and_its_rows_are_deleted()
    {
        var sent = new System.Collections.Concurrent.ConcurrentQueue<ServiceBusMessage>();
        var client = new Mock<ServiceBusClient>();
        var sender = new Mock<ServiceBusSender>();
        client.Setup(c => c.CreateSender(EventTopics.SessionEvents)).Returns(sender.Object);
        sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessage, CancellationToken>((m, _) => sent.Enqueue(m))
            .Returns(Task.CompletedTask);
        await using var app = Build("Production", client.Object);
        await app.StartAsync();
        var sessionId = EventsHarness.NewSessionId();

        var events = await WriteStateChangeAsync(app, sessionId, EventTypes.SessionStarted, EventTypes.ParticipantAdded);

        await Poll.UntilAsync(() => sent.Count(m => m.SessionId == sessionId) == 2, "both events to reach the sender");
        Assert.Equal(events.Select(e => e.EventId), sent.Where(m => m.SessionId == sessionId).Select(m => m.MessageId));
        var rows = app.Services.GetRequiredService<IOutboxStore>();
        await Poll.UntilAsync(async () => (await rows.ListSessionAsync(sessionId, CancellationToken.None)).Count == 0, "the outbox rows to be deleted");
        Assert.Contains(_logs.Lines, l => l.Contains("Integration events are published to Service Bus topic 'session-events'", StringComparison.Ordinal));

        using var http = Client(app);
        using var dev = await http.GetAsync($"/api/dev/outbox?code={FunctionKey(app)}");
        Assert.Equal(HttpStatusCode.NotFound, dev.StatusCode);
        Assert.Equal("application/problem+json", dev.Content.Headers.ContentType?.MediaType);
        await app.StopAsync();
    }

    [Fact]
    public async Task With_publishing_off_rows_stay_each_event_is_logged_once_and_the_dev_endpoint_lists_them()
    {
        await using var app = Build("Development");
        await app.StartAsync();
        var sessionId = EventsHarness.NewSessionId();

        var events = await WriteStateChangeAsync(app, sessionId, EventTypes.SessionStarted, EventTypes.InvitationSent);
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchSessionAsync(sessionId, CancellationToken.None);

        foreach (var e in events)
        {
            await Poll.UntilAsync(() => _logs.Lines.Any(l => l.Contains($"Event {e.Type} {e.EventId} kept in the outbox", StringComparison.Ordinal)),
                "the kept event to be logged");
        }
        Assert.Single(_logs.Lines, l => l.Contains(events[0].EventId, StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains("Event publishing is off", StringComparison.Ordinal));

        using var http = Client(app);
        using var listed = await http.GetAsync($"/api/dev/outbox?sessionId={sessionId}&code={FunctionKey(app)}");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var body = await listed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("off", body.GetProperty("publishing").GetString());
        Assert.Equal(2, body.GetProperty("count").GetInt32());
        var items = body.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(events.Select(e => e.EventId), items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(events.Select(e => e.Type), items.Select(i => i.GetProperty("type").GetString()));
        Assert.All(items, i =>
        {
            Assert.Equal(sessionId, i.GetProperty("sessionId").GetString());
            Assert.Equal(0, i.GetProperty("attempts").GetInt32());
            Assert.False(i.GetProperty("stuck").GetBoolean());
            Assert.True(i.TryGetProperty("time", out _));
            Assert.False(i.TryGetProperty("data", out _));
        });

        using var all = await http.GetAsync($"/api/dev/outbox?code={FunctionKey(app)}");
        Assert.Contains(events[1].EventId, await all.Content.ReadAsStringAsync());
        using var noKey = await http.GetAsync("/api/dev/outbox");
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        using var bad = await http.GetAsync($"/api/dev/outbox?sessionId=a%2Fb&code={FunctionKey(app)}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("invalid_request", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var health = await http.GetAsync("/api/health");
        Assert.Equal("ok", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").GetString());
        await app.StopAsync();
    }

    [Fact]
    public async Task Outside_development_the_dev_endpoint_does_not_exist_even_while_publishing_is_off()
    {
        await using var app = Build("Production");
        await app.StartAsync();
        using var http = Client(app);

        using var dev = await http.GetAsync($"/api/dev/outbox?code={FunctionKey(app)}");

        Assert.Equal(HttpStatusCode.NotFound, dev.StatusCode);
        Assert.Contains(_logs.Lines, l => l.Contains("Event publishing is off", StringComparison.Ordinal));
        await app.StopAsync();
    }

    [Fact]
    public async Task In_development_the_dev_endpoint_is_served_even_while_publishing_is_on()
    {
        var client = new Mock<ServiceBusClient>();
        client.Setup(c => c.CreateSender(EventTopics.SessionEvents)).Returns(new Mock<ServiceBusSender>().Object);
        await using var app = Build("Development", client.Object);
        await app.StartAsync();
        using var http = Client(app);

        using var listed = await http.GetAsync($"/api/dev/outbox?code={FunctionKey(app)}");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("on", (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publishing").GetString());
        await app.StopAsync();
    }
}
