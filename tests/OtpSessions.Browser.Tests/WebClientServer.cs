using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using OtpSessions.Testing;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// Serves the built web client (<c>web/dist</c>) the way Static Web Apps does with its
/// <c>staticwebapp.config.json</c> as the deployment completes it (exact-route rewrites and global headers, the
/// Content-Security-Policy among them), plus a <c>/config.json</c> that points the pages at the API under test.
/// </summary>
public sealed class WebClientServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebClientServer(WebApplication app) => _app = app;

    public static async Task<WebClientServer> StartAsync(string distPath, Uri url, object config)
    {
        if (!File.Exists(Path.Combine(distPath, "console.html")))
        {
            throw new InvalidOperationException($"The web client is not built ({distPath} has no console.html): run `npm run build -w web` first (scripts/test.sh does).");
        }
        var configJson = JsonSerializer.Serialize(config, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var (rewrites, headers) = ReadSiteConfig(await DeployedSiteConfigAsync(configJson));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url.ToString());
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }
            if (context.Request.Path == "/config.json")
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(configJson);
                return;
            }
            if (rewrites.TryGetValue(context.Request.Path.Value ?? "", out var target))
            {
                context.Request.Path = target;
            }
            await next();
        });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.GetFullPath(distPath)) });
        await app.StartAsync();
        return new WebClientServer(app);
    }

    /// <summary>
    /// The <c>staticwebapp.config.json</c> a deployment with this <c>config.json</c> serves: the built file with its
    /// Content-Security-Policy completed by the deploy script itself (<c>web/scripts/deploy-config.mjs --site-config</c>:
    /// the API's origin in <c>connect-src</c>), so the header under test cannot drift from the deployed one.
    /// </summary>
    public static async Task<string> DeployedSiteConfigAsync(string configJson)
    {
        var configFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(configFile, configJson);
            var script = Path.Combine(RepositoryRoot.Path, "web", "scripts", "deploy-config.mjs");
            using var node = Process.Start(new ProcessStartInfo("node", [script, "--site-config", configFile])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("node did not start");
            var output = node.StandardOutput.ReadToEndAsync();
            var error = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            return node.ExitCode == 0 ? await output : throw new InvalidOperationException($"deploy-config.mjs --site-config failed: {await error}");
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    private static (Dictionary<string, string> Rewrites, Dictionary<string, string> Headers) ReadSiteConfig(string json)
    {
        using var document = JsonDocument.Parse(json);
        var rewrites = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in document.RootElement.GetProperty("routes").EnumerateArray())
        {
            if (route.TryGetProperty("rewrite", out var rewrite))
            {
                rewrites[route.GetProperty("route").GetString()!] = rewrite.GetString()!;
            }
        }
        var headers = document.RootElement.GetProperty("globalHeaders").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return (rewrites, headers);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
