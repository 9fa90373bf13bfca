using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OtpSessions.Core;
using OtpSessions.Core.Join;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Functions.Otp;

/// <summary>
/// The <c>otp-deliveries</c> queue: sends one code per message (a transient provider failure throws, so the host retries
/// and after <c>maxDequeueCount</c> poisons the message); the <c>otp-deliveries-poison</c> queue marks such a delivery
/// <c>failed</c>. The log names ids and outcomes only — never the code or the address.
/// </summary>
public sealed partial class OtpDeliveryFunctions(OtpDeliveryService deliveries, ILogger<OtpDeliveryFunctions> logger)
{
    [Function("SendOtp")]
    public async Task Send([QueueTrigger(QueueNames.OtpDeliveries)] OtpDeliveryMessage message, CancellationToken cancellationToken)
    {
        using var trace = QueueTrace.Process(QueueNames.OtpDeliveries, message?.Traceparent);
        var result = await deliveries.SendAsync(message, cancellationToken);
        LogResult(message?.SessionId, message?.ParticipantId, message?.CodeId, result.Status, result.Why);
    }

    [Function("MarkOtpDeliveryFailed")]
    public async Task MarkFailed([QueueTrigger(QueueNames.OtpDeliveries + "-poison")] OtpDeliveryMessage message, CancellationToken cancellationToken)
    {
        using var trace = QueueTrace.Process(QueueNames.OtpDeliveries + "-poison", message?.Traceparent);
        var result = await deliveries.MarkUndeliverableAsync(message, cancellationToken);
        LogResult(message?.SessionId, message?.ParticipantId, message?.CodeId, result.Status, result.Why);
    }

    [LoggerMessage(LogLevel.Information, "Code {CodeId} of participant {ParticipantId} in session {SessionId}: {Status}, {Why}")]
    private partial void LogResult(string? sessionId, string? participantId, string? codeId, DeliveryWorkStatus status, string why);
}
