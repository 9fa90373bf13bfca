using System.Diagnostics;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// A real Azurite (the npm package the repository pins), in memory on free ports, started for a fixture and
/// stopped by its own pid. Started through node directly, so the process stopped is Azurite itself. Made by
/// <see cref="OnDisk"/> it persists to that folder instead, so that it can be killed (<see cref="KillAsync"/>)
/// and started again on the same ports (<see cref="RestartAsync"/>) with its data — as far as Azurite saved it: it
/// writes its metadata to disk every 5 s, so a kill loses what it acknowledged in the last few seconds.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private readonly string? location;

    /// <summary>In memory (what test fixtures use; xUnit needs this parameterless constructor).</summary>
    public Azurite()
    {
    }

    private Azurite(string location) => this.location = location;

    /// <summary>
    /// One persisting to <paramref name="location"/>, so that a kill and a restart keep what Azurite saved (a factory: xUnit
    /// wants a fixture with a single public constructor).
    /// </summary>
    public static Azurite OnDisk(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return new Azurite(location);
    }

    /// <summary>Azurite's well-known development account (public, documented by Microsoft).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The CPU time this Azurite has used so far (for benchmarks: how busy the emulator was during a phase).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException("Azurite is not running.");
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public TableServiceClient Tables(TableClientOptions? options = null) => new(ConnectionString, options);

    public QueueServiceClient Queues() =>
        new(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task InitializeAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            (BlobPort, QueuePort, TablePort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            if (await TryStartAsync())
            {
                return;
            }
            if (attempt >= 2)
            {
                throw new InvalidOperationException("Azurite did not start after 3 attempts.");
            }
        }
    }

    /// <summary>Kills this Azurite at once (SIGKILL: no chance to save anything) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("Azurite is not running.");
        _process = null;
        using (process)
        {
            if (!process.HasExited)
            {
                using (var kill = Process.Start("kill", ["-KILL", process.Id.ToString()]))
                {
                    await kill!.WaitForExitAsync();
                }
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>Starts Azurite again on the same ports (with a <c>location</c>, on the same data).</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is still running.");
        }
        if (!await TryStartAsync())
        {
            throw new InvalidOperationException("Azurite did not start again on its ports.");
        }
    }

    /// <summary>Azurite's entry script, installed by <c>npm ci</c> at the repository root.</summary>
    public static string EntryPath => System.IO.Path.Combine(RepositoryRoot.Path, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>Starts node on the current ports; false when it did not listen in time (the process is stopped then).</summary>
    private async Task<bool> TryStartAsync()
    {
        var entry = EntryPath;
        if (!File.Exists(entry))
        {
            throw new InvalidOperationException($"Azurite is not installed ({entry} missing): run `npm ci` at the repository root.");
        }
        // --disableTelemetry: Azurite reports usage to Microsoft by default (and spends CPU on every request doing so); a
        // test run sends nothing anywhere.
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                entry, "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _process = process;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(async () => process.HasExited || (await Answers(QueuePort) && await Answers(TablePort) && await Answers(BlobPort)),
                "Azurite to listen", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
        }
        if (process.HasExited || !(await Answers(QueuePort) && await Answers(TablePort) && await Answers(BlobPort)))
        {
            await StopAsync();
            return false;
        }
        return true;
    }

    public Task DisposeAsync() => StopAsync();

    /// <summary>Stops this Azurite (SIGTERM, then SIGKILL after a timeout) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }
        try
        {
            if (!process.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
                {
                    await kill!.WaitForExitAsync();
                }
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            process.Dispose();
            _process = null;
        }
    }

    private static async Task<bool> Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
