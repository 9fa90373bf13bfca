using System.Text.Json;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c> as Core Tools does: its <c>Values</c> become settings (<c>__</c> nests, like
/// environment variables), <c>Host:LocalHttpPort</c> the port and <c>Host:CORS</c> the allowed origins. Environment variables win over the file.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static string? Find(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath : throw new InvalidOperationException($"Settings file '{explicitPath}' not found.");
        }
        return new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }
            .Select(dir => Path.Combine(dir, FileName)).FirstOrDefault(File.Exists);
    }

    public static IDictionary<string, string?> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var values))
        {
            foreach (var value in values.EnumerateObject())
            {
                settings[value.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] =
                    value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText();
            }
        }
        if (document.RootElement.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object)
        {
            if (host.TryGetProperty("LocalHttpPort", out var port))
            {
                settings["Host:LocalHttpPort"] = port.GetRawText();
            }
            if (host.TryGetProperty("CORS", out var cors))
            {
                settings[LocalCors.OriginsKey] = cors.GetString();
            }
        }
        return settings;
    }
}
