using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OtpSessions.Core;
using OtpSessions.Core.Events;
using OtpSessions.Core.Health;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Infrastructure.Events;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.Testing;

namespace OtpSessions.Events.Tests;

/// <summary>
/// The events services as the app registers them, on a real Azurite (a fresh <c>sessions</c> table per harness), with
/// Service Bus mocked the way the SDK documents (<see cref="Mock{ServiceBusClient}"/> returning a mocked sender) and a
/// <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class EventsHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private EventsHarness(ServiceProvider services, FakeTimeProvider time, CapturedLogs logs, Mock<ServiceBusClient> client,
        Mock<ServiceBusSender> sender, TableClient sessions)
    {
        Services = services;
        Time = time;
        Logs = logs;
        Client = client;
        Sender = sender;
        Sessions = sessions;
    }

    public ServiceProvider Services { get; }
    public FakeTimeProvider Time { get; }
    public CapturedLogs Logs { get; }
    public Mock<ServiceBusClient> Client { get; }
    public Mock<ServiceBusSender> Sender { get; }
    public TableClient Sessions { get; }

    /// <summary>Every message the mocked broker accepted, in the order it accepted them.</summary>
    public ConcurrentQueue<ServiceBusMessage> Accepted { get; } = new();

    /// <summary>Every send attempt, accepted or not.</summary>
    public ConcurrentQueue<ServiceBusMessage> Attempted { get; } = new();

    /// <summary>
    /// Runs on each send before the broker "accepts" it: throw to make the send fail. <see cref="AfterAccept"/> runs once
    /// the message counts as accepted — throwing there simulates a lost acknowledgement or a crash after the send.
    /// </summary>
    public Func<ServiceBusMessage, CancellationToken, Task>? BeforeAccept { get; set; }
    public Func<ServiceBusMessage, CancellationToken, Task>? AfterAccept { get; set; }

    public OutboxDispatcher Dispatcher => Services.GetRequiredService<OutboxDispatcher>();
    public HealthService Health => Services.GetRequiredService<HealthService>();

    public static async Task<EventsHarness> CreateAsync(Azurite azurite, bool publishing = true, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Events:SweepGrace"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(Start);
        var logs = new CapturedLogs();
        var client = new Mock<ServiceBusClient>();
        var sender = new Mock<ServiceBusSender>();
        client.Setup(c => c.CreateSender(EventTopics.SessionEvents)).Returns(sender.Object);

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<HealthService>();
        services.AddOtpSessionsStorage();
        services.AddOtpSessionsEvents(configuration);
        if (publishing)
        {
            services.AddSingleton(client.Object);
        }
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var tables = azurite.Tables();
        try
        {
            await tables.DeleteTableAsync(TableNames.Sessions);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }
        await tables.CreateTableIfNotExistsAsync(TableNames.Sessions);
        foreach (var queue in QueueNames.All)
        {
            await azurite.Queues().GetQueueClient(queue).CreateIfNotExistsAsync();
        }
        var harness = new EventsHarness(provider, time, logs, client, sender, tables.GetTableClient(TableNames.Sessions));
        sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Returns<ServiceBusMessage, CancellationToken>(harness.SendAsync);
        return harness;
    }

    private async Task SendAsync(ServiceBusMessage message, CancellationToken cancellationToken)
    {
        Attempted.Enqueue(message);
        if (BeforeAccept is { } before)
        {
            await before(message, cancellationToken);
        }
        Accepted.Enqueue(message);
        if (AfterAccept is { } after)
        {
            await after(message, cancellationToken);
        }
    }

    /// <summary>
    /// What the APIs do: one entity-group transaction that changes the session row and adds its outbox rows
    /// (<see cref="OutboxEntity.AddTo"/>), at the fake clock's time.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEvent>> WriteStateChangeAsync(string sessionId, params (string Type, string Data)[] events)
    {
        var now = Time.GetUtcNow();
        var transaction = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertMerge, new TableEntity(sessionId, "session") { ["Status"] = "active", ["ChangedAt"] = now }),
        };
        var written = events.Select((e, i) => new OutboxEvent(OutboxEvent.NewId(now, i), sessionId, e.Type, now, e.Data)).ToList();
        foreach (var e in written)
        {
            OutboxEntity.AddTo(transaction, e, now.AddDays(30));
        }
        await Sessions.SubmitTransactionAsync(transaction);
        return written;
    }

    /// <summary>One event of a valid type with masked, id-only data.</summary>
    public Task<IReadOnlyList<OutboxEvent>> WriteEventAsync(string sessionId, string type = EventTypes.ParticipantOpened) =>
        WriteStateChangeAsync(sessionId, (type, $$"""{"sessionId":"{{sessionId}}","participantId":"p_1","reference":"loan-8812"}"""));

    public async Task<List<TableEntity>> OutboxRowsAsync(string? sessionId = null)
    {
        var filter = sessionId is null
            ? TableClient.CreateQueryFilter($"RowKey ge {SessionRowKeys.OutboxPrefix} and RowKey lt {SessionRowKeys.RangeEnd(SessionRowKeys.OutboxPrefix)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {SessionRowKeys.OutboxPrefix} and RowKey lt {SessionRowKeys.RangeEnd(SessionRowKeys.OutboxPrefix)}");
        var rows = new List<TableEntity>();
        await foreach (var row in Sessions.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }
        return rows;
    }

    public IReadOnlyList<ServiceBusMessage> AcceptedFor(string sessionId) => Accepted.Where(m => m.SessionId == sessionId).ToList();

    public static string NewSessionId() => "s_" + Guid.NewGuid().ToString("N");

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
