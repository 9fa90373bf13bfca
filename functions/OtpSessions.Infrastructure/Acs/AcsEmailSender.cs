using System.Net;
using System.Net.Http.Json;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// <c>POST {endpoint}/emails:send?api-version=2023-03-31</c> with <c>Operation-Id</c> = a GUID derived from the caller's
/// idempotency id; 202 means ACS queued it under that operation id (which delivery reports call the message id).
/// A send for an operation id ACS already has is answered with that operation, not with a second email: a 409 answer
/// is resolved by reading <c>GET {endpoint}/emails/operations/{id}</c>.
/// </summary>
public sealed partial class AcsEmailSender(HttpClient http, IOptions<AcsOptions> options, ILogger<AcsEmailSender> logger) : IEmailSender
{
    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var operationId = RepeatabilityIds.Email(message.IdempotencyId).ToString();
        var body = new AcsEmailSendRequest(
            options.Value.EmailFrom,
            new AcsEmailContent(message.Content.Subject, message.Content.PlainText, message.Content.Html),
            new AcsEmailRecipients([new AcsEmailAddress(message.To, message.RecipientName)]));
        var to = AddressMasking.MaskEmail(message.To);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, AcsApi.EmailSend)
            {
                Content = AcsTransport.JsonBody(body, AcsJsonContext.Default.AcsEmailSendRequest),
            };
            request.Headers.Add("Operation-Id", operationId);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var operation = await response.Content.ReadFromJsonAsync(AcsJsonContext.Default.AcsEmailOperation, cancellationToken);
                var id = operation?.Id is { Length: > 0 } answered ? answered : operationId;
                LogAccepted(to, message.IdempotencyId, id);
                return SendResult.Success(id);
            }
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                LogConflict(to, message.IdempotencyId, operationId);
                return await GetOperationAsync(operationId, cancellationToken);
            }
            LogRefused(to, message.IdempotencyId, (int)response.StatusCode);
            return await AcsTransport.RefusedAsync(response, cancellationToken);
        }
        catch (Exception exception) when (AcsTransport.IsTransient(exception, cancellationToken))
        {
            LogUnreachable(exception, to, message.IdempotencyId);
            return AcsTransport.Unreachable("Email", exception);
        }
    }

    /// <summary>
    /// The state of an email operation: NotStarted / Running / Succeeded → accepted (with the operation id);
    /// Failed / Canceled → failed (not retryable: the same operation id will not be sent again).
    /// </summary>
    public async Task<SendResult> GetOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        try
        {
            using var response = await http.GetAsync(AcsApi.EmailOperation(operationId), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return await AcsTransport.RefusedAsync(response, cancellationToken);
            }
            var operation = await response.Content.ReadFromJsonAsync(AcsJsonContext.Default.AcsEmailOperation, cancellationToken);
            LogOperationStatus(operationId, operation?.Status);
            return operation?.Status switch
            {
                "NotStarted" or "Running" or "Succeeded" => SendResult.Success(operationId),
                "Failed" or "Canceled" => SendResult.Failure(
                    $"Email operation {operation.Status}: {operation.Error?.Code} {operation.Error?.Message}".TrimEnd(), retryable: false),
                _ => SendResult.Failure($"Email operation has an unknown status '{operation?.Status}'.", retryable: true),
            };
        }
        catch (Exception exception) when (AcsTransport.IsTransient(exception, cancellationToken))
        {
            return AcsTransport.Unreachable("Email", exception);
        }
    }

    [LoggerMessage(LogLevel.Information, "Email to {To} ({IdempotencyId}) accepted by ACS as operation {OperationId}")]
    private partial void LogAccepted(string to, string idempotencyId, string operationId);

    [LoggerMessage(LogLevel.Information, "Email to {To} ({IdempotencyId}): ACS already has operation {OperationId}; reading its state")]
    private partial void LogConflict(string to, string idempotencyId, string operationId);

    [LoggerMessage(LogLevel.Information, "Email operation {OperationId} is {Status}")]
    private partial void LogOperationStatus(string operationId, string? status);

    [LoggerMessage(LogLevel.Warning, "Email to {To} ({IdempotencyId}) refused by ACS with HTTP {Status}")]
    private partial void LogRefused(string to, string idempotencyId, int status);

    [LoggerMessage(LogLevel.Warning, "Email to {To} ({IdempotencyId}): ACS could not be reached")]
    private partial void LogUnreachable(Exception exception, string to, string idempotencyId);
}
