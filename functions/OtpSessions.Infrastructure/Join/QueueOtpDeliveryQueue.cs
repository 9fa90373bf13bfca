using System.Text.Json;
using Azure.Storage.Queues;
using OtpSessions.Core;
using OtpSessions.Core.Join;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Infrastructure.Join;

/// <summary>
/// <see cref="IOtpDeliveryQueue"/> on the <c>otp-deliveries</c> Storage queue: <c>{ "sessionId", "participantId", "codeId", "traceparent" }</c>
/// as JSON, base64-encoded by the registered <see cref="QueueServiceClient"/> (what the Functions queue trigger expects).
/// </summary>
public sealed class QueueOtpDeliveryQueue(QueueServiceClient queues) : IOtpDeliveryQueue
{
    private readonly QueueClient _queue = queues.GetQueueClient(QueueNames.OtpDeliveries);

    public Task EnqueueAsync(OtpDeliveryMessage message, CancellationToken cancellationToken) =>
        _queue.SendMessageAsync(JsonSerializer.Serialize(message with { Traceparent = QueueTrace.Current() }, SessionJson.Options), cancellationToken);
}
