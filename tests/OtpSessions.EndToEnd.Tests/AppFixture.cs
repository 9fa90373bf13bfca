using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;
using OtpSessions.Core;
using OtpSessions.FakeAcs;
using OtpSessions.LocalHost;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// The whole app over real HTTP: a real in-memory Azurite, the signature-checking fake ACS and the local host
/// serving the app (its own functions.metadata and DI registration) on free ports. One clock for app and fake:
/// a <see cref="FakeTimeProvider"/> that tests advance. Every log line of the app is captured in <see cref="Logs"/>.
/// Tests share the fixture (one collection, run one after another) and use their own data.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public Azurite Azurite { get; } = new();

    public FakeAcsServer Acs { get; private set; } = null!;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public CapturedLogs Logs { get; } = new();

    /// <summary>Every span the app's OpenTelemetry pipeline exported (an in-memory exporter next to the app's own).</summary>
    public ExportedActivities Telemetry { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The app's services (for white-box checks; prefer HTTP and storage).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    /// <summary>A client with no credentials (the customer's browser).</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    private readonly Dictionary<string, string?> _sample = ReadSample();

    public string Setting(string key) => _sample[key] ?? throw new InvalidOperationException($"{key} is not in the settings sample.");

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        Acs = new FakeAcsServer(new FakeAcsOptions { AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), TimeProvider = Time });
        await Acs.StartAsync();
        _app = LocalFunctionsHost.Build(
            [
                $"--LocalHost:Settings={Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")}",
                $"--AzureWebJobsStorage={Azurite.ConnectionString}",
                $"--Acs:ConnectionString={Acs.ConnectionString}",
                // The app's clock is the fake one, which only moves when a test moves it: retry at once.
                "--Acs:RetryBaseDelay=00:00:00",
                "--port=0",
            ],
            configure: builder =>
            {
                builder.Services.RemoveAll<TimeProvider>();
                builder.Services.AddSingleton<TimeProvider>(Time);
                builder.Logging.AddProvider(Logs);
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Telemetry));
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
            });
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.Single());
        Anonymous = new HttpClient { BaseAddress = BaseUrl };
    }

    public async Task DisposeAsync()
    {
        Anonymous?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Acs is not null)
        {
            await Acs.DisposeAsync();
        }
        await Azurite.DisposeAsync();
    }

    /// <summary>A client acting for an agent: <c>Authorization: Bearer</c> with an HS256 JWT signed by the development key.</summary>
    public HttpClient Agent(string agentId, string? team = null, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AgentToken(agentId, team, roles));
        return client;
    }

    /// <summary>An agent's token: role <c>agent</c> unless <paramref name="roles"/> names others (<see cref="TokenWithExactRoles"/> for none).</summary>
    public string AgentToken(string agentId, string? team = null, string[]? roles = null, string? signingKey = null) =>
        TokenWithExactRoles(agentId, team, DevAgentToken.RolesOrDefault(roles), signingKey);

    /// <summary>A development-key token with exactly <paramref name="roles"/> (none: a valid token that is no agent's).</summary>
    public string TokenWithExactRoles(string agentId, string? team, IReadOnlyCollection<string> roles, string? signingKey = null) =>
        DevAgentToken.Create(Setting("Auth__Agents__Issuer"), Setting("Auth__Agents__Audience"),
            signingKey ?? Setting("Auth__Agents__SigningKey"), agentId, team, roles, Time.GetUtcNow().UtcDateTime, TimeSpan.FromHours(1));

    /// <summary>What the fake ACS accepted for an address (an SMS or an email), oldest first.</summary>
    public IReadOnlyList<RecordedMessage> MessagesTo(string address) => Acs.State.Messages(address);

    /// <summary>Waits until the fake ACS has accepted <paramref name="count"/> messages for the address.</summary>
    public Task<IReadOnlyList<RecordedMessage>> WaitForMessagesAsync(string address, int count = 1) =>
        Poll.UntilAsync(() => Task.FromResult(MessagesTo(address)), m => m.Count >= count, $"{count} message(s) to {address}");

    /// <summary>
    /// Waits until the app's queues (<see cref="QueueNames.All"/>) hold no message — none waiting, none being worked on
    /// (the local host deletes a message only after its function finished) — on two readings in a row. After it, what
    /// the queue functions were going to send has been sent: a test may count messages or assert that none came.
    /// </summary>
    public async Task WaitUntilQueuesIdleAsync()
    {
        var queues = QueueNames.All.Select(name => Azurite.Queues().GetQueueClient(name)).ToList();
        var idleReadings = 0;
        await Poll.UntilAsync(async () =>
        {
            var counts = await Task.WhenAll(queues.Select(MessageCountAsync));
            idleReadings = counts.All(c => c == 0) ? idleReadings + 1 : 0;
            return idleReadings >= 2;
        }, "the app's queues to be idle");
    }

    /// <summary>
    /// What the fake ACS accepted for an address once at least <paramref name="count"/> messages arrived and the app's
    /// queues are idle: the final list, for tests that count messages (a late duplicate would be in it).
    /// </summary>
    public async Task<IReadOnlyList<RecordedMessage>> SettledMessagesToAsync(string address, int count = 1)
    {
        await WaitForMessagesAsync(address, count);
        await WaitUntilQueuesIdleAsync();
        return MessagesTo(address);
    }

    private static async Task<int> MessageCountAsync(QueueClient queue)
    {
        try
        {
            return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    private static Dictionary<string, string?> ReadSample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
