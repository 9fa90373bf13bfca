using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using OtpSessions.Core;
using OtpSessions.Core.Events;

namespace OtpSessions.Infrastructure.Events;

/// <summary>Enqueues <c>{ "sessionId" }</c> on <see cref="QueueNames.EventsDispatch"/> (base64, like every queue). Never throws.</summary>
public sealed partial class QueueEventDispatchSignal(QueueServiceClient queues, ILogger<QueueEventDispatchSignal> logger) : IEventDispatchSignal
{
    private readonly QueueClient _queue = queues.GetQueueClient(QueueNames.EventsDispatch);

    public async Task SignalAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        try
        {
            await _queue.SendMessageAsync(new EventDispatchMessage(sessionId).ToJson(), cancellationToken);
        }
        catch (Exception e)
        {
            LogSignalFailed(e, sessionId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not signal event dispatch for session {SessionId}; the outbox sweep will publish its events")]
    private partial void LogSignalFailed(Exception exception, string sessionId);
}
