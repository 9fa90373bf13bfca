using System.Text.Json;
using Azure.Storage.Queues;
using OtpSessions.Core;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// <see cref="IInvitationQueue"/> on the <c>invitations</c> Storage queue: <c>{ "sessionId", "participantId", "attempt", "traceparent" }</c>
/// as JSON, base64-encoded by the registered <see cref="QueueServiceClient"/> (what the Functions queue trigger expects).
/// </summary>
public sealed class QueueInvitationQueue(QueueServiceClient queues) : IInvitationQueue
{
    private readonly QueueClient _queue = queues.GetQueueClient(QueueNames.Invitations);

    public Task EnqueueAsync(InvitationMessage message, CancellationToken cancellationToken) =>
        _queue.SendMessageAsync(JsonSerializer.Serialize(message with { Traceparent = QueueTrace.Current() }, SessionJson.Options), cancellationToken);
}
