using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// Serves the built web client (<c>web/dist</c>) the way Static Web Apps does with its
/// <c>staticwebapp.config.json</c> (exact-route rewrites and global headers), plus a <c>/config.json</c> that points
/// the pages at the API under test.
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
        var (rewrites, headers) = ReadSiteConfig(Path.Combine(distPath, "staticwebapp.config.json"));
        var configJson = JsonSerializer.Serialize(config, new JsonSerializerOptions(JsonSerializerDefaults.Web));

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

    private static (Dictionary<string, string> Rewrites, Dictionary<string, string> Headers) ReadSiteConfig(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
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
