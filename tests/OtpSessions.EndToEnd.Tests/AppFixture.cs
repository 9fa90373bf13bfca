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
/// The whole app over real HTTP (<see cref="TestStack"/>: a real in-memory Azurite, the signature-checking fake ACS and
/// the local host on free ports). One clock for app and fake: a <see cref="FakeTimeProvider"/> that tests advance. Every
/// log line of the app is captured in <see cref="Logs"/>, every span in <see cref="Telemetry"/>.
/// Tests share the fixture (one collection, run one after another) and use their own data.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private TestStack? _stack;

    private TestStack Stack => _stack ?? throw new InvalidOperationException("Not started.");

    public Azurite Azurite => Stack.Azurite;

    public FakeAcsServer Acs => Stack.Acs;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public CapturedLogs Logs { get; } = new();

    /// <summary>Every span the app's OpenTelemetry pipeline exported (an in-memory exporter next to the app's own).</summary>
    public ExportedActivities Telemetry { get; } = new();

    public Uri BaseUrl => Stack.BaseUrl;

    /// <summary>The app's services (for white-box checks; prefer HTTP and storage).</summary>
    public IServiceProvider Services => Stack.Services;

    /// <summary>A client with no credentials (the customer's browser).</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public string Setting(string key) => TestStack.Setting(key);

    public async Task InitializeAsync()
    {
        _stack = await TestStack.StartAsync(new TestStackOptions
        {
            Clock = Time,
            // The app's clock is the fake one, which only moves when a test moves it: retry at once.
            Args = ["--Acs:RetryBaseDelay=00:00:00"],
            Configure = builder =>
            {
                builder.Logging.AddProvider(Logs);
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Telemetry));
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
            },
        });
        Anonymous = new HttpClient { BaseAddress = BaseUrl };
    }

    public async Task DisposeAsync()
    {
        Anonymous?.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    /// <summary>A client acting for an agent: <c>Authorization: Bearer</c> with an HS256 JWT signed by the development key.</summary>
    public HttpClient Agent(string agentId, string? team = null, params string[] roles) => Stack.Agent(agentId, team, roles);

    /// <summary>An agent's token: role <c>agent</c> unless <paramref name="roles"/> names others (<see cref="TokenWithExactRoles"/> for none).</summary>
    public string AgentToken(string agentId, string? team = null, string[]? roles = null, string? signingKey = null) =>
        TokenWithExactRoles(agentId, team, DevAgentToken.RolesOrDefault(roles), signingKey);

    /// <summary>A development-key token with exactly <paramref name="roles"/> (none: a valid token that is no agent's).</summary>
    public string TokenWithExactRoles(string agentId, string? team, IReadOnlyCollection<string> roles, string? signingKey = null) =>
        Stack.AgentToken(agentId, team, roles, TimeSpan.FromHours(1), signingKey);

    /// <summary>What the fake ACS accepted for an address (an SMS or an email), oldest first.</summary>
    public IReadOnlyList<RecordedMessage> MessagesTo(string address) => Stack.MessagesTo(address);

    /// <summary>Waits until the fake ACS has accepted <paramref name="count"/> messages for the address.</summary>
    public Task<IReadOnlyList<RecordedMessage>> WaitForMessagesAsync(string address, int count = 1) => Stack.WaitForMessagesAsync(address, count);

    /// <summary>
    /// Waits until the app's queues (<see cref="QueueNames.All"/>) hold no message — none waiting, none being worked on
    /// (the local host deletes a message only after its function finished) — on two readings in a row. After it, what
    /// the queue functions were going to send has been sent: a test may count messages or assert that none came.
    /// </summary>
    public Task WaitUntilQueuesIdleAsync() => Stack.WaitUntilQueuesIdleAsync();

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
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
