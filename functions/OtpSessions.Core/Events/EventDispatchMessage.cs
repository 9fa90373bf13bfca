using System.Text.Json;

namespace OtpSessions.Core.Events;

/// <summary>The message on <see cref="QueueNames.EventsDispatch"/>: <c>{ "sessionId": "…" }</c> — an id only.</summary>
public sealed record EventDispatchMessage(string SessionId)
{
    private const int MaxKeyLength = 256;

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("sessionId", SessionId);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a queue payload; false for anything that is not an object with a usable <c>sessionId</c>.</summary>
    public static bool TryParse(string? json, out EventDispatchMessage message)
    {
        message = new EventDispatchMessage("");
        if (string.IsNullOrWhiteSpace(json))
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("sessionId", out var id)
                && id.ValueKind == JsonValueKind.String
                && IsValidSessionId(id.GetString()))
            {
                message = new EventDispatchMessage(id.GetString()!);
                return true;
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Usable as a Table Storage partition key: 1–256 characters, none of <c>/ \ # ?</c> or control characters.</summary>
    public static bool IsValidSessionId(string? sessionId) =>
        !string.IsNullOrEmpty(sessionId)
        && sessionId.Length <= MaxKeyLength
        && !sessionId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
