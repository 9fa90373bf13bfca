using System.Text.Json;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>The parts of <c>host.json</c> the local host honours, with the Functions host's defaults.</summary>
public sealed record HostSettings
{
    public string RoutePrefix { get; init; } = "api";
    public QueueSettings Queues { get; init; } = new();

    /// <summary>
    /// <c>logging.logLevel</c>: the least level logged per category prefix (<c>default</c> for every other category), as the
    /// Functions host applies it.
    /// </summary>
    public IReadOnlyDictionary<string, LogLevel> LogLevels { get; init; } = new Dictionary<string, LogLevel>();

    /// <summary>The key of <see cref="LogLevels"/> that applies to every category no other key names.</summary>
    public const string DefaultLogCategory = "default";

    public static HostSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"host.json not found at '{path}'.");
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var extensions = document.RootElement.TryGetProperty("extensions", out var e) ? e : default;
        var settings = new HostSettings();
        if (extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix))
        {
            settings = settings with { RoutePrefix = prefix.GetString() ?? "" };
        }
        if (extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty("queues", out var queues))
        {
            var q = new QueueSettings();
            settings = settings with
            {
                Queues = q with
                {
                    MaxPollingInterval = ReadTimeSpan(queues, "maxPollingInterval") ?? q.MaxPollingInterval,
                    VisibilityTimeout = ReadTimeSpan(queues, "visibilityTimeout") ?? q.VisibilityTimeout,
                    BatchSize = ReadInt(queues, "batchSize") ?? q.BatchSize,
                    NewBatchThreshold = ReadInt(queues, "newBatchThreshold"),
                    MaxDequeueCount = ReadInt(queues, "maxDequeueCount") ?? q.MaxDequeueCount,
                    MessageEncoding = queues.TryGetProperty("messageEncoding", out var enc) ? enc.GetString() ?? q.MessageEncoding : q.MessageEncoding,
                },
            };
        }
        if (document.RootElement.TryGetProperty("logging", out var logging) && logging.ValueKind == JsonValueKind.Object
            && logging.TryGetProperty("logLevel", out var levels) && levels.ValueKind == JsonValueKind.Object)
        {
            settings = settings with { LogLevels = ReadLogLevels(levels) };
        }
        if (!settings.Queues.MessageEncoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("host.json: the local host serves queues with messageEncoding 'base64' only.");
        }
        return settings;
    }

    private static Dictionary<string, LogLevel> ReadLogLevels(JsonElement levels)
    {
        var result = new Dictionary<string, LogLevel>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in levels.EnumerateObject())
        {
            var value = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
            result[entry.Name] = Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level)
                ? level
                : throw new InvalidOperationException(
                    $"host.json: logging.logLevel.{entry.Name} is '{entry.Value}', not a log level ({string.Join(", ", Enum.GetNames<LogLevel>())}).");
        }
        return result;
    }

    private static TimeSpan? ReadTimeSpan(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? TimeSpan.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static int? ReadInt(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetInt32() : null;
}
