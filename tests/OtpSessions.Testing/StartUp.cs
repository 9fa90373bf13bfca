using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace OtpSessions.Testing;

/// <summary>
/// Start-up checks against the app's real composition (the host Program.cs or the local host builds): the
/// development settings of <c>local.settings.sample.json</c> as command-line arguments, with overrides, and the
/// refusal a host gives when it is started with a bad one.
/// </summary>
public static class StartUp
{
    /// <summary>The sample's <c>Values</c> (<c>__</c> nests, as in app settings), in the Development environment.</summary>
    public static IReadOnlyDictionary<string, string?> SampleSettings { get; } = ReadSample();

    /// <summary>
    /// <c>--Key=Value</c> arguments: the sample settings with <paramref name="overrides"/> applied (a null value removes
    /// the setting), and <c>--environment=Development</c> (the sample's keys are for local development only).
    /// </summary>
    public static string[] Args(params (string Key, string? Value)[] overrides)
    {
        var settings = SampleSettings.ToDictionary(s => s.Key, s => s.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in overrides)
        {
            settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }
        return
        [
            "--environment=Development",
            .. settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}"),
        ];
    }

    private static readonly Lock EnvironmentLock = new();

    /// <summary>
    /// Builds a Functions worker application (what <paramref name="build"/> returns, e.g. the app as Program.cs builds
    /// it) in <paramref name="environment"/>. The worker's builder takes its environment only from the process variable
    /// <c>AZURE_FUNCTIONS_ENVIRONMENT</c> (the Functions host sets it; Azure leaves it unset: Production), not from
    /// <c>--environment</c>; the variable is set for the build alone, under a lock, and restored after.
    /// </summary>
    public static IHost BuildWorker(Func<IHost> build, string? environment = "Development")
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (EnvironmentLock)
        {
            var previous = Environment.GetEnvironmentVariable(FunctionsEnvironment);
            Environment.SetEnvironmentVariable(FunctionsEnvironment, environment);
            try
            {
                return build();
            }
            finally
            {
                Environment.SetEnvironmentVariable(FunctionsEnvironment, previous);
            }
        }
    }

    private const string FunctionsEnvironment = "AZURE_FUNCTIONS_ENVIRONMENT";

    /// <summary>
    /// <see cref="Args"/> plus what the Functions host hands its worker process (the gRPC endpoint, here one nobody
    /// listens on, and the worker and request ids), so that the worker's own start reaches the app's start-up checks.
    /// </summary>
    public static string[] WorkerArgs(params (string Key, string? Value)[] overrides) =>
    [
        .. Args(overrides),
        "--Functions:Worker:HostEndpoint=http://127.0.0.1:9",
        "--Functions:Worker:WorkerId=" + Guid.NewGuid(),
        "--Functions:Worker:RequestId=" + Guid.NewGuid(),
        "--Functions:Worker:GrpcMaxMessageLength=2147483647",
    ];

    /// <summary>
    /// Starts the host and returns the text of what stopped it (every message, inner ones too); fails the test when
    /// the host starts (or has not refused within 30 s).
    /// </summary>
    public static async Task<string> RefusalAsync(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await host.StartAsync(deadline.Token);
        }
        catch (Exception e) when (!deadline.IsCancellationRequested)
        {
            return string.Join("\n", Flatten(e).Select(x => x.Message));
        }
        await host.StopAsync(CancellationToken.None);
        throw new Xunit.Sdk.XunitException("The host started, but it should have refused to start.");
    }

    private static IEnumerable<Exception> Flatten(Exception e) =>
        e is AggregateException aggregate
            ? aggregate.InnerExceptions.SelectMany(Flatten).Prepend(e)
            : e.InnerException is null ? [e] : Flatten(e.InnerException).Prepend(e);

    private static Dictionary<string, string?> ReadSample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => p.Value.GetString(), StringComparer.OrdinalIgnoreCase);
    }
}
