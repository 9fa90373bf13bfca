using System.Text.Json;
using Json.Schema;

namespace OtpSessions.Testing;

/// <summary>The JSON Schemas of the integration events' <c>data</c>, one per type: <c>docs/schemas/{type}.schema.json</c>.</summary>
public static class EventSchemas
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> Parsed = new(StringComparer.Ordinal);

    public static string Folder { get; } = Path.Combine(RepositoryRoot.Path, "docs", "schemas");

    /// <summary>The event types that have a schema.</summary>
    public static IReadOnlyList<string> Types() =>
        [.. Directory.GetFiles(Folder, "*.schema.json").Select(f => Path.GetFileName(f)[..^".schema.json".Length])];

    /// <summary>Null when <paramref name="data"/> conforms to the schema of <paramref name="type"/>, else what does not.</summary>
    public static string? Violation(string type, string data)
    {
        var path = Path.Combine(Folder, type + ".schema.json");
        if (!File.Exists(path))
        {
            return $"no schema for event type {type}";
        }
        // Parsed once per type: the library registers a schema under its $id and refuses a second registration.
        var schema = Parsed.GetOrAdd(type, _ => JsonSchema.FromText(File.ReadAllText(path)));
        using var document = JsonDocument.Parse(data);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? null : JsonSerializer.Serialize(result);
    }
}
