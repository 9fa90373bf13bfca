using System.Text.Json;
using System.Text.Json.Serialization;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>One entry of the generated <c>functions.metadata</c> (the file the Functions host reads).</summary>
public sealed record FunctionMetadata(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<BindingMetadata> Bindings)
{
    public static IReadOnlyList<FunctionMetadata> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"functions.metadata not found at '{path}'. Build the Functions app first.");
        }
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<FunctionMetadata>>(stream, JsonOptions)
            ?? throw new InvalidOperationException($"'{path}' holds no functions.");
    }

    public BindingMetadata Trigger => Bindings.SingleOrDefault(b => b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"Function '{Name}' has no trigger binding.");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

public sealed record BindingMetadata(string Name, string Type, string Direction)
{
    public string? AuthLevel { get; init; }
    public IReadOnlyList<string>? Methods { get; init; }
    public string? Route { get; init; }
    public string? QueueName { get; init; }
    public string? Connection { get; init; }
    public string? Schedule { get; init; }
    public bool RunOnStartup { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}
