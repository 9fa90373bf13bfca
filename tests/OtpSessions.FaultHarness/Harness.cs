using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using OtpSessions.Core;
using OtpSessions.FakeAcs;
using OtpSessions.LocalHost;
using OtpSessions.Testing;

namespace OtpSessions.FaultHarness;

/// <summary>
/// Everything one harness run shares: Azurite persisting to a fresh folder on disk (free ports, kept across a restart),
/// the fake ACS and the app on the local host, one compressed clock for both, the recording Service Bus stand-in, and
/// what the run leaves behind for the secrets check — every log line, every exported span, every queue message seen.
/// </summary>
public sealed class Harness : IAsyncDisposable
{
    private TestStack? _stack;
    private readonly CancellationTokenSource _stop = new();
    private Task? _queueWatch;

    private Harness(string dataFolder, double timeScale)
    {
        DataFolder = dataFolder;
        Clock = new ScaledTimeProvider(timeScale);
        Bus = new RecordingServiceBus(Clock);
    }

    public string DataFolder { get; }

    public ScaledTimeProvider Clock { get; }

    private TestStack Stack => _stack ?? throw new InvalidOperationException("Not started.");

    public Azurite Azurite => Stack.Azurite;

    public FakeAcsServer Acs => Stack.Acs;

    public RecordingServiceBus Bus { get; }

    public CapturedLogs Logs { get; } = new();

    /// <summary>Every span the app's OpenTelemetry pipeline exported.</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>Every queue message body seen while the run went on (sampled), and the poison queues at the end.</summary>
    public ConcurrentDictionary<string, string> QueueMessages { get; } = new();

    public Api Api { get; private set; } = null!;

    /// <summary>Every code, token and full address the run used: what scenario 6 looks for.</summary>
    public RunSecrets Secrets { get; } = new();

    public string WebBaseUrl => Setting("Web__BaseUrl");

    public string FunctionKey => Setting("LocalHost__FunctionKeys__default");

    public static async Task<Harness> StartAsync(double timeScale)
    {
        var folder = Path.Combine(Path.GetTempPath(), "otp-fault-harness-" + Guid.NewGuid().ToString("N")[..8]);
        var harness = new Harness(folder, timeScale);
        await harness.InitializeAsync();
        return harness;
    }

    private async Task InitializeAsync()
    {
        var spans = new SpanSink(Spans);
        _stack = await TestStack.StartAsync(new TestStackOptions
        {
            Clock = Clock,
            AzuriteFolder = DataFolder,
            Args = ["--environment=Development"], // the sample keys and development agent tokens are refused elsewhere
            Configure = builder =>
            {
                builder.Services.AddSingleton<ServiceBusClient>(Bus);
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(Logs);
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            },
        });
        Api = new Api(Stack.BaseUrl);
        _queueWatch = WatchQueuesAsync(_stop.Token);
    }

    public static string Setting(string key) => TestStack.Setting(key);

    /// <summary>An agent's bearer token (development key; role <c>agent</c> unless others are given), valid for a day of the app's clock.</summary>
    public string AgentToken(string agentId, string? team = null, params string[] roles) => Secrets.Token(
        Stack.AgentToken(agentId, team, DevAgentToken.RolesOrDefault(roles), TimeSpan.FromDays(1)));

    /// <summary>Reads every queue of the app (the poison queues too) a few times a second and keeps each body seen.</summary>
    private async Task WatchQueuesAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await SampleQueuesAsync();
            try
            {
                await Task.Delay(150, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task SampleQueuesAsync()
    {
        var service = Azurite.Queues();
        foreach (var name in QueueNames.All.SelectMany(q => new[] { q, q + "-poison" }))
        {
            try
            {
                foreach (var message in (await service.GetQueueClient(name).PeekMessagesAsync(32)).Value)
                {
                    QueueMessages.TryAdd(name + "/" + message.MessageId, message.Body.ToString());
                }
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException)
            {
                // Absent queue, or Azurite down for a while: the next sample reads it.
            }
        }
    }

    /// <summary>
    /// Waits until the app has nothing left to do: its queues empty on two readings in a row, no pending work rows, and no
    /// outbox event waiting (when <paramref name="outboxToo"/>), each read from outside (queues, the dev outbox listing).
    /// </summary>
    public async Task WaitUntilSettledAsync(TimeSpan deadline, bool outboxToo = true)
    {
        var left = await SettleAsync(deadline, outboxToo);
        if (left is not null)
        {
            throw new TimeoutException($"The app did not settle in {deadline.TotalSeconds:F0} s: {left}");
        }
    }

    /// <summary>As <see cref="WaitUntilSettledAsync"/>; returns null once settled, else what was left at the deadline.</summary>
    public async Task<string?> SettleAsync(TimeSpan deadline, bool outboxToo = true)
    {
        var idle = 0;
        var last = "";
        try
        {
            await Poll.UntilAsync(async () =>
            {
                var lengths = await Stack.QueueLengthsAsync();
                var pending = outboxToo ? await PendingEventsAsync() : [];
                last = string.Join(", ", lengths.Where(q => q.Messages > 0).Select(q => $"{q.Messages} messages in {q.Queue}")
                    .Concat(pending.GroupBy(e => e.Type).Select(g => $"{g.Count()} {g.Key} events in the outbox")));
                idle = last.Length == 0 ? idle + 1 : 0;
                return idle >= 2;
            }, "the app to settle (queues idle, outbox empty)", deadline);
            return null;
        }
        catch (TimeoutException)
        {
            return last;
        }
    }

    /// <summary>The events waiting in the outbox, from the development listing <c>GET /api/dev/outbox</c>.</summary>
    public async Task<IReadOnlyList<(string Id, string SessionId, string Type)>> PendingEventsAsync()
    {
        var response = await Api.SendAsync(HttpMethod.Get, $"/api/dev/outbox?code={FunctionKey}", count: false);
        if (response.Status != 200)
        {
            throw new InvalidOperationException($"GET /api/dev/outbox answered {response.Status}");
        }
        using var document = JsonDocument.Parse(response.Body);
        return [.. document.RootElement.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("sessionId").GetString()!, e.GetProperty("type").GetString()!))];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_queueWatch is not null)
        {
            await _queueWatch;
        }
        Api?.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
        _stop.Dispose();
    }

    /// <summary>The run's secrets, by kind; each method returns what it was given.</summary>
    public sealed class RunSecrets
    {
        private readonly ConcurrentDictionary<string, byte> _codes = new();
        private readonly ConcurrentDictionary<string, byte> _tokens = new();
        private readonly ConcurrentDictionary<string, byte> _addresses = new();

        public IEnumerable<string> Codes => _codes.Keys;

        public IEnumerable<string> Tokens => _tokens.Keys;

        public IEnumerable<string> Addresses => _addresses.Keys;

        public string Code(string code) => Keep(_codes, code);

        public string Token(string token) => Keep(_tokens, token);

        public string Address(string address) => Keep(_addresses, address);

        private static string Keep(ConcurrentDictionary<string, byte> set, string value)
        {
            set.TryAdd(value, 0);
            return value;
        }
    }

    /// <summary>The in-memory exporter's target: a collection that only ever adds.</summary>
    private sealed class SpanSink(ConcurrentQueue<Activity> spans) : ICollection<Activity>
    {
        public int Count => spans.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => spans.Enqueue(item);

        public void Clear()
        {
        }

        public bool Contains(Activity item) => false;

        public void CopyTo(Activity[] array, int arrayIndex) => spans.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => false;

        public IEnumerator<Activity> GetEnumerator() => spans.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
