using System.Text.Json.Nodes;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// Reads an Event Grid (Event Grid schema) batch with the Event Grid SDK (<see cref="EventGridEvent.ParseMany(BinaryData)"/>
/// and its typed system events): <see cref="SubscriptionValidationEventData"/> (the handshake),
/// <see cref="AcsSmsDeliveryReportReceivedEventData"/> (<c>deliveryStatus</c> Delivered | Failed, …) and
/// <see cref="AcsEmailDeliveryReportReceivedEventData"/> (<c>messageId</c> = the send's operation id; any final status other
/// than Delivered is a failure; <c>Expanded</c> is not final). Any other event type is ignored, so a new ACS event never
/// makes Event Grid retry. One thing is done before the SDK reads the batch: the property names inside each event's
/// <c>data</c> are put in camelCase, because ACS documents (and has sent) SMS delivery reports with PascalCase data
/// (<c>"MessageId"</c>, <c>"DeliveryStatus"</c>) while the SDK's models read camelCase only.
/// </summary>
public sealed class AcsEventGridParser(TimeProvider time)
{
    /// <summary>Bodies above this are refused (docs/api.md: 64 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public async Task<AcsWebhookPayload> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        var bytes = await ReadLimitedAsync(body, cancellationToken);
        if (bytes is null)
        {
            return new AcsWebhookPayload.Invalid($"The body is larger than {MaxBodyBytes / 1024} KiB.");
        }
        EventGridEvent[] events;
        try
        {
            if (CamelCaseData(bytes) is not { } batch)
            {
                return new AcsWebhookPayload.Invalid("Expected a non-empty JSON array of Event Grid events.");
            }
            events = EventGridEvent.ParseMany(batch);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            return new AcsWebhookPayload.Invalid("The body is not a batch of Event Grid events (Event Grid schema).");
        }
        return Parse(events);
    }

    private AcsWebhookPayload Parse(EventGridEvent[] events)
    {
        var reports = new List<DeliveryReport>();
        for (var index = 0; index < events.Length; index++)
        {
            var @event = events[index];
            if (!@event.TryGetSystemEventData(out var data))
            {
                continue;
            }
            switch (data)
            {
                case SubscriptionValidationEventData { ValidationCode: { Length: > 0 } code }:
                    return new AcsWebhookPayload.Validation(code);
                case SubscriptionValidationEventData:
                    return new AcsWebhookPayload.Invalid($"Event {index} has no data.validationCode.");
                case AcsSmsDeliveryReportReceivedEventData sms:
                    if (SmsReport(sms, @event.EventTime) is not { } smsReport)
                    {
                        return new AcsWebhookPayload.Invalid($"Event {index} has no data.messageId or data.deliveryStatus.");
                    }
                    reports.Add(smsReport);
                    break;
                case AcsEmailDeliveryReportReceivedEventData email:
                    if (string.IsNullOrEmpty(email.MessageId) || email.Status is null)
                    {
                        return new AcsWebhookPayload.Invalid($"Event {index} has no data.messageId or data.status.");
                    }
                    if (EmailReport(email, @event.EventTime) is { } emailReport)
                    {
                        reports.Add(emailReport);
                    }
                    break;
            }
        }
        return new AcsWebhookPayload.Reports(reports);
    }

    private DeliveryReport? SmsReport(AcsSmsDeliveryReportReceivedEventData sms, DateTimeOffset eventTime)
    {
        if (string.IsNullOrEmpty(sms.MessageId) || string.IsNullOrEmpty(sms.DeliveryStatus))
        {
            return null;
        }
        var delivered = sms.DeliveryStatus.Equals("Delivered", StringComparison.OrdinalIgnoreCase);
        return new DeliveryReport(
            sms.MessageId,
            MessageChannels.Sms,
            delivered ? DeliveryReportStatus.Delivered : DeliveryReportStatus.Failed,
            string.IsNullOrEmpty(sms.Tag) ? null : sms.Tag,
            sms.ReceivedTimestamp ?? When(eventTime),
            delivered ? null : string.IsNullOrEmpty(sms.DeliveryStatusDetails) ? sms.DeliveryStatus : sms.DeliveryStatusDetails);
    }

    /// <summary>Not final: a distribution list was expanded (the SDK's extensible enum of this version does not name it).</summary>
    private static readonly AcsEmailDeliveryReportStatus Expanded = new("Expanded");

    /// <summary>Null for a status that is not final (<c>Expanded</c>).</summary>
    private DeliveryReport? EmailReport(AcsEmailDeliveryReportReceivedEventData email, DateTimeOffset eventTime)
    {
        var status = email.Status!.Value;
        if (status == Expanded)
        {
            return null;
        }
        var delivered = status == AcsEmailDeliveryReportStatus.Delivered;
        var details = email.DeliveryStatusDetails?.StatusMessage;
        return new DeliveryReport(
            email.MessageId,
            MessageChannels.Email,
            delivered ? DeliveryReportStatus.Delivered : DeliveryReportStatus.Failed,
            Tag: null,
            email.DeliveryAttemptTimestamp ?? When(eventTime),
            delivered ? null : string.IsNullOrWhiteSpace(details) ? status.ToString() : $"{status}: {details}");
    }

    private DateTimeOffset When(DateTimeOffset eventTime) => eventTime == default ? time.GetUtcNow() : eventTime;

    /// <summary>The batch with every event's <c>data</c> property names in camelCase (recursively), or null when it is no array of objects.</summary>
    private static BinaryData? CamelCaseData(byte[] bytes)
    {
        if (JsonNode.Parse(bytes) is not JsonArray { Count: > 0 } batch || batch.Any(e => e is not JsonObject))
        {
            return null;
        }
        foreach (var @event in batch.Cast<JsonObject>())
        {
            if (@event["data"] is JsonObject data)
            {
                @event["data"] = CamelCase(data);
            }
        }
        return BinaryData.FromString(batch.ToJsonString());
    }

    private static JsonNode? CamelCase(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(
            p.Key.Length > 0 && char.IsUpper(p.Key[0]) ? char.ToLowerInvariant(p.Key[0]) + p.Key[1..] : p.Key,
            CamelCase(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray([.. a.Select(i => CamelCase(i?.DeepClone()))]),
        _ => node?.DeepClone(),
    };

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
