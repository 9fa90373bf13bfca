using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace OtpSessions.FakeAcs;

/// <summary>
/// The fake ACS in-process, for tests: <c>await using var acs = new FakeAcsServer(options); var url = await acs.StartAsync();</c>
/// then point the app at <see cref="ConnectionString"/> and inspect <see cref="State"/> (or <c>GET {url}_messages</c>).
/// </summary>
public sealed class FakeAcsServer(FakeAcsOptions options) : IAsyncDisposable
{
    private WebApplication? app;

    public FakeAcsState State => app?.Services.GetRequiredService<FakeAcsState>()
        ?? throw new InvalidOperationException("Start the fake first.");

    /// <summary><c>http://127.0.0.1:{port}/</c> once started.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The <c>Acs__ConnectionString</c> an app uses to reach this fake.</summary>
    public string ConnectionString => $"endpoint={BaseUrl};accesskey={options.AccessKey}";

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> (0 = a free port) and returns the base URL.</summary>
    public async Task<Uri> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        if (app is not null)
        {
            throw new InvalidOperationException("The fake is already started.");
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddFakeAcs(options);
        app = builder.Build();
        app.MapFakeAcs();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return BaseUrl;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }
}
