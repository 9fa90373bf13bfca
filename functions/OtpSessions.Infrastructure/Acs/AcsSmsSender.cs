using System.Net.Http.Json;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// <c>POST {endpoint}/sms?api-version=2021-03-07</c> for one recipient. The <c>repeatabilityRequestId</c> is derived from
/// the caller's idempotency id and <c>repeatabilityFirstSent</c> is the caller's first attempt, so ACS sends a retried
/// request once. ACS answers 202 with a result per recipient; <c>successful: false</c> there is a failed send.
/// </summary>
public sealed partial class AcsSmsSender(HttpClient http, IOptions<AcsOptions> options, ILogger<AcsSmsSender> logger) : ISmsSender
{
    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        if (!settings.SmsConfigured)
        {
            // Sessions that need SMS are refused while no number is set; a message queued before it was removed fails for good.
            LogNotConfigured(message.IdempotencyId);
            return SendResult.Failure("SMS is not configured (Acs__SmsFrom is empty).", retryable: false);
        }
        var request = new AcsSmsSendRequest(
            settings.SmsFrom,
            [new AcsSmsRecipient(message.To, RepeatabilityIds.Sms(message.IdempotencyId).ToString(), AcsHmacSigner.FormatDate(message.FirstSentAt))],
            message.Text,
            new AcsSmsSendOptions(settings.EnableDeliveryReports, message.Tag));
        var to = AddressMasking.MaskPhone(message.To);
        try
        {
            using var content = AcsTransport.JsonBody(request, AcsJsonContext.Default.AcsSmsSendRequest);
            using var response = await http.PostAsync(AcsApi.SmsSend, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(to, message.IdempotencyId, (int)response.StatusCode);
                return await AcsTransport.RefusedAsync(response, cancellationToken);
            }
            var body = await response.Content.ReadFromJsonAsync(AcsJsonContext.Default.AcsSmsSendResponse, cancellationToken);
            return Recipient(body, message, to);
        }
        catch (Exception exception) when (AcsTransport.IsTransient(exception, cancellationToken))
        {
            LogUnreachable(exception, to, message.IdempotencyId);
            return AcsTransport.Unreachable("SMS", exception);
        }
    }

    private SendResult Recipient(AcsSmsSendResponse? body, SmsMessage message, string to)
    {
        var item = body?.Value?.FirstOrDefault(i => string.Equals(i.To, message.To, StringComparison.Ordinal))
            ?? body?.Value?.FirstOrDefault();
        if (item is null)
        {
            LogNoResult(to, message.IdempotencyId);
            return SendResult.Failure("ACS SMS answered without a result for the recipient.", retryable: true);
        }
        if (item is { Successful: true, MessageId: { Length: > 0 } messageId })
        {
            LogAccepted(to, message.IdempotencyId, messageId, item.RepeatabilityResult);
            return SendResult.Success(messageId);
        }
        LogRecipientFailed(to, message.IdempotencyId, item.HttpStatusCode);
        var error = string.IsNullOrWhiteSpace(item.ErrorMessage) ? $"HTTP {item.HttpStatusCode}" : $"HTTP {item.HttpStatusCode}: {item.ErrorMessage}";
        return SendResult.Failure(error, AcsApi.IsRetryable(item.HttpStatusCode));
    }

    [LoggerMessage(LogLevel.Information, "SMS to {To} ({IdempotencyId}) accepted by ACS as {MessageId} (repeatability {RepeatabilityResult})")]
    private partial void LogAccepted(string to, string idempotencyId, string messageId, string? repeatabilityResult);

    [LoggerMessage(LogLevel.Warning, "SMS to {To} ({IdempotencyId}) failed for the recipient: ACS status {Status}")]
    private partial void LogRecipientFailed(string to, string idempotencyId, int status);

    [LoggerMessage(LogLevel.Warning, "SMS to {To} ({IdempotencyId}) refused by ACS with HTTP {Status}")]
    private partial void LogRefused(string to, string idempotencyId, int status);

    [LoggerMessage(LogLevel.Warning, "SMS to {To} ({IdempotencyId}): ACS answered without a recipient result")]
    private partial void LogNoResult(string to, string idempotencyId);

    [LoggerMessage(LogLevel.Warning, "SMS {IdempotencyId} not sent: SMS is not configured (Acs__SmsFrom is empty)")]
    private partial void LogNotConfigured(string idempotencyId);

    [LoggerMessage(LogLevel.Warning, "SMS to {To} ({IdempotencyId}): ACS could not be reached")]
    private partial void LogUnreachable(Exception exception, string to, string idempotencyId);
}
