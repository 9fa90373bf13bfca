using System.Buffers;

namespace OtpSessions.Core.Events;

/// <summary>
/// The CloudEvents 1.0 structured-mode JSON body of an outbox event:
/// <c>{ specversion, id, source, type, subject (= sessionId, or the team: <see cref="EventSubjects"/>), time, datacontenttype, data }</c>.
/// </summary>
public static class CloudEventEnvelope
{
    public const string SpecVersion = "1.0";
    public const string DataContentType = "application/json";

    /// <summary>UTF-8 JSON. <c>time</c> is ISO-8601 UTC (<c>…Z</c>); <c>data</c> is the row's JSON object as is.</summary>
    public static byte[] Serialize(OutboxEvent outboxEvent, string source = EventTopics.Source)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + outboxEvent.DataJson.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("specversion", SpecVersion);
            writer.WriteString("id", outboxEvent.EventId);
            writer.WriteString("source", source);
            writer.WriteString("type", outboxEvent.Type);
            writer.WriteString("subject", EventSubjects.SubjectOf(outboxEvent.SessionId));
            writer.WriteString("time", outboxEvent.Time.UtcDateTime);
            writer.WriteString("datacontenttype", DataContentType);
            writer.WritePropertyName("data");
            using (var data = JsonDocument.Parse(outboxEvent.DataJson))
            {
                data.RootElement.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
