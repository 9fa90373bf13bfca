using Azure.Storage.Queues;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// <see cref="IWorkQueue"/> on Storage queues: the message as committed (JSON, <c>DeliveryMessage</c>), base64-encoded by
/// the registered <see cref="QueueServiceClient"/> (what the Functions queue trigger expects).
/// </summary>
public sealed class StorageWorkQueue(QueueServiceClient queues) : IWorkQueue
{
    public Task SendAsync(string queue, string message, CancellationToken cancellationToken) =>
        queues.GetQueueClient(queue).SendMessageAsync(message, cancellationToken);
}
