using System.Globalization;
using System.Text.Json;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>What an Event Grid delivery to <c>POST /api/webhooks/acs</c> asks for.</summary>
public abstract record AcsWebhookPayload
{
    private AcsWebhookPayload()
    {
    }

    /// <summary>The subscription validation handshake: answer <c>{ "validationResponse": code }</c>.</summary>
    public sealed record Validation(string ValidationCode) : AcsWebhookPayload;

    /// <summary>Delivery reports to apply (other event types in the batch are ignored).</summary>
    public sealed record Reports(IReadOnlyList<DeliveryReport> Items) : AcsWebhookPayload;

    /// <summary>Not an Event Grid batch this endpoint understands: 400.</summary>
    public sealed record Invalid(string Reason) : AcsWebhookPayload;
}

/// <summary>
/// Reads an Event Grid (Event Grid schema) batch: a JSON array of <c>{ id, eventType, subject, eventTime, data, … }</c>.
/// Understands <c>Microsoft.EventGrid.SubscriptionValidationEvent</c>, <c>Microsoft.Communication.SMSDeliveryReportReceived</c>
/// (<c>data.messageId</c>, <c>deliveryStatus</c> Delivered | Failed, <c>deliveryStatusDetails</c>, <c>receivedTimestamp</c>, <c>tag</c>)
/// and <c>Microsoft.Communication.EmailDeliveryReportReceived</c> (<c>data.messageId</c> = the send's operation id,
/// <c>status</c> Delivered | Failed | Bounced | Suppressed | Quarantined | FilteredSpam | Expanded, <c>deliveryStatusDetails.statusMessage</c>,
/// <c>deliveryAttemptTimestamp</c>). Property names are matched case-insensitively: ACS has published both PascalCase
/// and camelCase SMS payloads. Any other event type is ignored, so new ACS events never make Event Grid retry.
/// </summary>
public sealed class AcsEventGridParser(TimeProvider time)
{
    /// <summary>Bodies above this are refused (docs/api.md: 64 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string SmsDeliveryReportEventType = "Microsoft.Communication.SMSDeliveryReportReceived";
    public const string EmailDeliveryReportEventType = "Microsoft.Communication.EmailDeliveryReportReceived";

    public async Task<AcsWebhookPayload> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        var bytes = await ReadLimitedAsync(body, cancellationToken);
        if (bytes is null)
        {
            return new AcsWebhookPayload.Invalid($"The body is larger than {MaxBodyBytes / 1024} KiB.");
        }
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return Parse(document.RootElement);
        }
        catch (JsonException)
        {
            return new AcsWebhookPayload.Invalid("The body is not valid JSON.");
        }
    }

    private AcsWebhookPayload Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
        {
            return new AcsWebhookPayload.Invalid("Expected a non-empty JSON array of Event Grid events.");
        }
        var reports = new List<DeliveryReport>();
        for (var index = 0; index < root.GetArrayLength(); index++)
        {
            var element = root[index];
            if (element.ValueKind != JsonValueKind.Object
                || Text(element, "eventType") is not { } eventType
                || Property(element, "data") is not { ValueKind: JsonValueKind.Object } data)
            {
                return new AcsWebhookPayload.Invalid($"Event {index} has no eventType or data object.");
            }
            var eventTime = Time(element, "eventTime");
            switch (eventType)
            {
                case ValidationEventType:
                    return Text(data, "validationCode") is { } code
                        ? new AcsWebhookPayload.Validation(code)
                        : new AcsWebhookPayload.Invalid($"Event {index} has no data.validationCode.");
                case SmsDeliveryReportEventType:
                    if (SmsReport(data, eventTime) is not { } sms)
                    {
                        return new AcsWebhookPayload.Invalid($"Event {index} has no data.messageId or data.deliveryStatus.");
                    }
                    reports.Add(sms);
                    break;
                case EmailDeliveryReportEventType:
                    if (!EmailReport(data, eventTime, out var email))
                    {
                        return new AcsWebhookPayload.Invalid($"Event {index} has no data.messageId or data.status.");
                    }
                    if (email is not null)
                    {
                        reports.Add(email);
                    }
                    break;
            }
        }
        return new AcsWebhookPayload.Reports(reports);
    }

    private DeliveryReport? SmsReport(JsonElement data, DateTimeOffset? eventTime)
    {
        if (Text(data, "messageId") is not { } messageId || Text(data, "deliveryStatus") is not { } status)
        {
            return null;
        }
        var delivered = status.Equals("Delivered", StringComparison.OrdinalIgnoreCase);
        return new DeliveryReport(
            messageId,
            MessageChannels.Sms,
            delivered ? DeliveryReportStatus.Delivered : DeliveryReportStatus.Failed,
            Text(data, "tag"),
            Time(data, "receivedTimestamp") ?? eventTime ?? time.GetUtcNow(),
            delivered ? null : Text(data, "deliveryStatusDetails") ?? status);
    }

    /// <summary>False when malformed; true with a null report for a status that is not final (<c>Expanded</c>).</summary>
    private bool EmailReport(JsonElement data, DateTimeOffset? eventTime, out DeliveryReport? report)
    {
        report = null;
        if (Text(data, "messageId") is not { } messageId || Text(data, "status") is not { } status)
        {
            return false;
        }
        if (status.Equals("Expanded", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // ACS: any status other than Delivered is a failure (Failed, Bounced, Suppressed, Quarantined, FilteredSpam, …).
        var delivered = status.Equals("Delivered", StringComparison.OrdinalIgnoreCase);
        var details = Property(data, "deliveryStatusDetails") is { ValueKind: JsonValueKind.Object } d ? Text(d, "statusMessage") : null;
        report = new DeliveryReport(
            messageId,
            MessageChannels.Email,
            delivered ? DeliveryReportStatus.Delivered : DeliveryReportStatus.Failed,
            Tag: null,
            Time(data, "deliveryAttemptTimestamp") ?? eventTime ?? time.GetUtcNow(),
            delivered ? null : string.IsNullOrWhiteSpace(details) ? status : $"{status}: {details}");
        return true;
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        DateTimeOffset.TryParse(Text(element, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;

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
