using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>The ACS REST paths (relative to the resource endpoint) and api-versions this client speaks.</summary>
public static class AcsApi
{
    public const string SmsApiVersion = "2021-03-07";
    public const string EmailApiVersion = "2023-03-31";

    public const string SmsSend = "sms?api-version=" + SmsApiVersion;
    // "./" keeps "emails:" from reading as a URI scheme when resolved against the endpoint.
    public const string EmailSend = "./emails:send?api-version=" + EmailApiVersion;

    public static string EmailOperation(string operationId) =>
        $"emails/operations/{Uri.EscapeDataString(operationId)}?api-version={EmailApiVersion}";

    /// <summary>Throttling and provider-side failures may succeed later; every other 4xx never will.</summary>
    public static bool IsRetryable(HttpStatusCode status) => IsRetryable((int)status);

    public static bool IsRetryable(int status) => status == 429 || status >= 500;

    /// <summary>
    /// The error text of a failed response: <c>{ "error": { "code", "message" } }</c> when ACS sent one, else the status.
    /// </summary>
    public static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"HTTP {(int)response.StatusCode}";
        try
        {
            var body = await response.Content.ReadFromJsonAsync(AcsJsonContext.Default.AcsErrorResponse, cancellationToken);
            return body?.Error is { } error ? $"{status} {error.Code}: {error.Message}".TrimEnd(' ', ':') : status;
        }
        catch (JsonException)
        {
            return status;
        }
        catch (NotSupportedException)
        {
            // Not JSON (e.g. a gateway page): the status says enough.
            return status;
        }
    }
}

// SMS: POST /sms?api-version=2021-03-07
internal sealed record AcsSmsSendRequest(string From, IReadOnlyList<AcsSmsRecipient> SmsRecipients, string Message, AcsSmsSendOptions SmsSendOptions);

internal sealed record AcsSmsRecipient(string To, string RepeatabilityRequestId, string RepeatabilityFirstSent);

internal sealed record AcsSmsSendOptions(bool EnableDeliveryReport, string? Tag);

internal sealed record AcsSmsSendResponse(IReadOnlyList<AcsSmsSendResponseItem>? Value);

internal sealed record AcsSmsSendResponseItem(
    string? To, string? MessageId, int HttpStatusCode, string? RepeatabilityResult, bool Successful, string? ErrorMessage);

// Email: POST /emails:send?api-version=2023-03-31 (Operation-Id header), GET /emails/operations/{id}
internal sealed record AcsEmailSendRequest(string SenderAddress, AcsEmailContent Content, AcsEmailRecipients Recipients);

internal sealed record AcsEmailContent(string Subject, string PlainText, string Html);

internal sealed record AcsEmailRecipients(IReadOnlyList<AcsEmailAddress> To);

internal sealed record AcsEmailAddress(string Address, string? DisplayName);

/// <summary><c>status</c>: NotStarted | Running | Succeeded | Failed | Canceled.</summary>
internal sealed record AcsEmailOperation(string? Id, string? Status, AcsError? Error);

internal sealed record AcsErrorResponse(AcsError? Error);

internal sealed record AcsError(string? Code, string? Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcsSmsSendRequest))]
[JsonSerializable(typeof(AcsSmsSendResponse))]
[JsonSerializable(typeof(AcsEmailSendRequest))]
[JsonSerializable(typeof(AcsEmailOperation))]
[JsonSerializable(typeof(AcsErrorResponse))]
internal sealed partial class AcsJsonContext : JsonSerializerContext;
