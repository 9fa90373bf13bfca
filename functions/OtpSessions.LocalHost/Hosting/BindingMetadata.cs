using System.Text.Json;
using System.Text.Json.Serialization;

namespace OtpSessions.LocalHost.Hosting;

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
