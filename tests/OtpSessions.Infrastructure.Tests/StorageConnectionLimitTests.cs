using System.Net;
using System.Net.Sockets;
using System.Text;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// <see cref="StorageOptions.MaxConnectionsPerServer"/> over real sockets: a stand-in storage endpoint that counts the
/// connections it accepts and holds its answers until the test lets them go, so every request is in flight at once.
/// </summary>
public sealed class StorageConnectionLimitTests
{
    [Fact]
    public async Task Requests_beyond_the_connection_limit_wait_for_a_connection_instead_of_opening_one()
    {
        await using var endpoint = new HoldingEndpoint();
        var queue = StorageClients.CreateQueueService(new StorageOptions
        {
            ConnectionString = endpoint.ConnectionString,
            MaxConnectionsPerServer = 2,
        }).GetQueueClient("q");

        var requests = Enumerable.Range(0, 6).Select(_ => queue.ExistsAsync()).ToList();
        await Poll.UntilAsync(() => endpoint.Received >= 2, "two requests held by the endpoint");
        endpoint.Release();
        await Task.WhenAll(requests);

        Assert.All(requests, r => Assert.True(r.Result.Value));
        Assert.Equal(6, endpoint.Received);
        Assert.Equal(2, endpoint.Connections);
    }

    /// <summary>Answers every request 200 (keep-alive); until <see cref="Release"/> each answer waits.</summary>
    private sealed class HoldingEndpoint : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private int _connections;
        private int _received;

        public HoldingEndpoint()
        {
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Connections => Volatile.Read(ref _connections);

        public int Received => Volatile.Read(ref _received);

        public string ConnectionString =>
            $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};QueueEndpoint=http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{Azurite.AccountName};";

        public void Release() => _released.TrySetResult();

        private async Task AcceptAsync()
        {
            var connections = new List<Task>();
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                    connections.Add(ServeAsync(client));
                }
            }
            catch (OperationCanceledException)
            {
            }
            await Task.WhenAll(connections);
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[16 * 1024];
                var pending = new StringBuilder();
                try
                {
                    while (true)
                    {
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }
                        pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                        int end;
                        while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                        {
                            pending.Remove(0, end + 4);
                            Interlocked.Increment(ref _received);
                            await _released.Task.WaitAsync(_stop.Token);
                            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nx-ms-version: 2025-01-05\r\n\r\n"u8.ToArray(), _stop.Token);
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }
    }
}
