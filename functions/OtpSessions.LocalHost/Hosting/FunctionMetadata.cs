using System.Text.Json;

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
