using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OtpSessions.Core;
using OtpSessions.Core.Events;
using OtpSessions.Infrastructure.Events;

namespace OtpSessions.Functions.Events;

/// <summary>"Publish the outbox of session X now" — enqueued by <see cref="IEventDispatchSignal"/> after a state change.</summary>
public sealed partial class EventDispatchFunction(OutboxDispatcher dispatcher, ILogger<EventDispatchFunction> logger)
{
    [Function("EventDispatch")]
    public async Task Run(
        [QueueTrigger(QueueNames.EventsDispatch, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken)
    {
        if (!EventDispatchMessage.TryParse(message, out var dispatch))
        {
            LogUnreadable();
            return;
        }
        // A publish failure is recorded on the row (the sweep retries it); only a storage failure throws and retries the message.
        await dispatcher.DispatchSessionAsync(dispatch.SessionId, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Ignored an unreadable event dispatch message (expected a JSON object with a sessionId)")]
    private partial void LogUnreadable();
}
