using System.Net.Http.Headers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OtpSessions.Core;
using OtpSessions.FakeAcs;
using OtpSessions.LocalHost;

namespace OtpSessions.Testing;

/// <summary>What a <see cref="TestStack"/> is started with besides what every stack has.</summary>
public sealed class TestStackOptions
{
    /// <summary>The one clock of the app and the fake ACS.</summary>
    public required TimeProvider Clock { get; init; }

    /// <summary>A folder Azurite persists to (so that it can be killed and started again on its data); null: in memory.</summary>
    public string? AzuriteFolder { get; init; }

    /// <summary>More settings for the app, as <c>--Section:Key=value</c> arguments after the stack's own.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The last say over the app's builder (logging, telemetry, stand-ins), after the clock is put in.</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }
}

/// <summary>
/// The whole app over real HTTP, on free ports, for end-to-end, browser and fault tests: a real Azurite (in memory, or on
/// disk), the signature-checking fake ACS with a fresh access key, and the local host serving the app (its own
/// functions.metadata and DI registration) with the settings of <c>local.settings.sample.json</c>, both on one clock.
/// Started by <see cref="StartAsync"/>, stopped in reverse order by <see cref="DisposeAsync"/>; what a fixture adds (a
/// browser, faults, captured telemetry) stays in that fixture.
/// </summary>
public sealed class TestStack : IAsyncDisposable
{
    private WebApplication? _app;

    private TestStack(TestStackOptions options)
    {
        Clock = options.Clock;
        Azurite = options.AzuriteFolder is null ? new Azurite() : Azurite.OnDisk(options.AzuriteFolder);
    }

    public TimeProvider Clock { get; }

    public Azurite Azurite { get; }

    public FakeAcsServer Acs { get; private set; } = null!;

    /// <summary>The app's address: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The app's services (for white-box checks; prefer HTTP and storage).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    /// <summary>Starts Azurite, the fake ACS and the app, in that order; stops what did start when one of them fails.</summary>
    public static async Task<TestStack> StartAsync(TestStackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stack = new TestStack(options);
        try
        {
            await stack.InitializeAsync(options);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(TestStackOptions options)
    {
        await Azurite.InitializeAsync();
        Acs = new FakeAcsServer(new FakeAcsOptions { AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), TimeProvider = Clock });
        await Acs.StartAsync();
        _app = LocalFunctionsHost.Build(
            [
                $"--LocalHost:Settings={Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")}",
                $"--AzureWebJobsStorage={Azurite.ConnectionString}",
                $"--Acs:ConnectionString={Acs.ConnectionString}",
                .. options.Args,
                "--port=0",
            ],
            configure: builder =>
            {
                builder.Services.RemoveAll<TimeProvider>();
                builder.Services.AddSingleton(Clock);
                options.Configure?.Invoke(builder);
            });
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.Single());
    }

    /// <summary>A value of <c>local.settings.sample.json</c> (<c>Section__Key</c>), the settings the app runs with.</summary>
    public static string Setting(string key) =>
        StartUp.SampleSettings.TryGetValue(key.Replace("__", ":", StringComparison.Ordinal), out var value) && value is not null
            ? value
            : throw new InvalidOperationException($"{key} is not in the settings sample.");

    /// <summary>
    /// An agent's bearer token signed with the development key (or <paramref name="signingKey"/>), with exactly
    /// <paramref name="roles"/>, issued now on the stack's clock for <paramref name="lifetime"/>.
    /// </summary>
    public string AgentToken(string agentId, string? team, IReadOnlyCollection<string> roles, TimeSpan lifetime, string? signingKey = null) =>
        DevAgentToken.Create(Setting("Auth__Agents__Issuer"), Setting("Auth__Agents__Audience"), signingKey ?? Setting("Auth__Agents__SigningKey"),
            agentId, team, roles, Clock.GetUtcNow().UtcDateTime, lifetime);

    /// <summary>A client acting for an agent (role <c>agent</c> unless others are named), with an hour's token.</summary>
    public HttpClient Agent(string agentId, string? team = null, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            AgentToken(agentId, team, DevAgentToken.RolesOrDefault(roles), TimeSpan.FromHours(1)));
        return client;
    }

    /// <summary>What the fake ACS accepted for an address (an SMS or an email), oldest first.</summary>
    public IReadOnlyList<RecordedMessage> MessagesTo(string address) => Acs.State.Messages(address);

    /// <summary>Waits until the fake ACS has accepted <paramref name="count"/> messages for the address.</summary>
    public Task<IReadOnlyList<RecordedMessage>> WaitForMessagesAsync(string address, int count = 1) =>
        Poll.UntilAsync(() => Task.FromResult(MessagesTo(address)), m => m.Count >= count, $"{count} message(s) to {address}");

    /// <summary>The app's queues (<see cref="QueueNames.All"/>) with the number of messages each holds now (0 for one not made yet).</summary>
    public async Task<IReadOnlyList<(string Queue, int Messages)>> QueueLengthsAsync()
    {
        var service = Azurite.Queues();
        var counts = await Task.WhenAll(QueueNames.All.Select(name => MessageCountAsync(service.GetQueueClient(name))));
        return [.. QueueNames.All.Zip(counts)];
    }

    /// <summary>
    /// Waits until the app's queues hold no message — none waiting, none being worked on (the local host deletes a message
    /// only after its function finished) — on two readings in a row.
    /// </summary>
    public async Task WaitUntilQueuesIdleAsync()
    {
        var idleReadings = 0;
        await Poll.UntilAsync(async () =>
        {
            var lengths = await QueueLengthsAsync();
            idleReadings = lengths.All(q => q.Messages == 0) ? idleReadings + 1 : 0;
            return idleReadings >= 2;
        }, "the app's queues to be idle");
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

    /// <summary>Stops the app, the fake ACS and Azurite (whichever started).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        if (Acs is not null)
        {
            await Acs.DisposeAsync();
        }
        await Azurite.DisposeAsync();
    }
}
