using System.Diagnostics;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// A real Azurite (the npm package the repository pins), in memory on free ports, started for a fixture and
/// stopped by its own pid. Started through node directly, so the process stopped is Azurite itself.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
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

    public TableServiceClient Tables(TableClientOptions? options = null) => new(ConnectionString, options);

    public QueueServiceClient Queues() =>
        new(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task InitializeAsync()
    {
        var entry = System.IO.Path.Combine(RepositoryRoot.Path, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entry))
        {
            throw new InvalidOperationException($"Azurite is not installed ({entry} missing): run `npm ci` at the repository root.");
        }
        for (var attempt = 0; ; attempt++)
        {
            (BlobPort, QueuePort, TablePort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            var start = new ProcessStartInfo("node")
            {
                ArgumentList =
                {
                    entry, "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
                    "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                    "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                    "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            try
            {
                await Poll.UntilAsync(async () => _process.HasExited || (await Answers(QueuePort) && await Answers(TablePort) && await Answers(BlobPort)),
                    "Azurite to listen", TimeSpan.FromSeconds(60));
                if (!_process.HasExited)
                {
                    return;
                }
            }
            catch (TimeoutException) when (attempt < 2)
            {
            }
            await StopAsync();
            if (attempt >= 2)
            {
                throw new InvalidOperationException("Azurite did not start after 3 attempts.");
            }
        }
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
