using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>
/// Polls one queue for one queue-triggered function with the Functions host's semantics: batches of
/// <c>batchSize</c>, the next batch fetched once no more than <c>newBatchThreshold</c> are still being processed,
/// messages invisible while processed (a lease renewed while the function runs), on failure visible again after
/// <c>visibilityTimeout</c>, after <c>maxDequeueCount</c> failed attempts moved to <c>{queue}-poison</c>,
/// and polling that backs off up to <c>maxPollingInterval</c> while the queue is empty.
/// </summary>
public sealed partial class QueueTriggerListener(
    LocalFunction function, QueueServiceClient queues, QueueSettings settings, IServiceProvider services,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    private readonly QueueClient _queue = queues.GetQueueClient(function.Trigger.QueueName);
    private readonly QueueClient _poison = queues.GetQueueClient(function.Trigger.QueueName + "-poison");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inFlight = new HashSet<Task>();
        try
        {
            await PollAsync(inFlight, stoppingToken);
        }
        finally
        {
            // ProcessAsync never throws: let what is running finish (or see the cancellation) before the host stops.
            await Task.WhenAll(inFlight);
        }
    }

    /// <summary>
    /// Receives a batch whenever no more than <c>newBatchThreshold</c> messages are still being processed, as the
    /// Functions host does: a slow message does not hold back the messages behind it.
    /// </summary>
    private async Task PollAsync(HashSet<Task> inFlight, CancellationToken stoppingToken)
    {
        var delay = settings.MinPollingInterval;
        // While storage is out of reach (Azurite starting or restarting), one line when polling starts to fail and one
        // when it works again — not a stack trace per poll.
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveWhere(t => t.IsCompleted);
            if (inFlight.Count > settings.EffectiveNewBatchThreshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }
            QueueMessage[] messages;
            try
            {
                messages = (await _queue.ReceiveMessagesAsync(settings.BatchSize, settings.ProcessingLease, stoppingToken)).Value;
                if (failing)
                {
                    failing = false;
                    LogPollRecovered(function.Trigger.QueueName!);
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                await _queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                continue;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    failing = true;
                    LogPollFailed(function.Trigger.QueueName!, e.GetType().Name, e.Message.ReplaceLineEndings(" "));
                }
                LogPollFailure(e, function.Trigger.QueueName!);
                messages = [];
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (messages.Length == 0)
            {
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }
            delay = settings.MinPollingInterval;
            foreach (var message in messages)
            {
                inFlight.Add(ProcessAsync(message, stoppingToken));
            }
        }
    }

    /// <summary>
    /// Runs the function for one message and settles it (delete, retry later, or poison). Never throws: when storage fails
    /// while settling (unreachable, or the message gone after a storage restart), the message is left as it is — it comes
    /// back when its lease ends, as with the Functions host — and the listener goes on polling.
    /// </summary>
    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await ProcessOnceAsync(message, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogSettleFailed(e, function.Name, message.MessageId);
        }
    }

    private async Task ProcessOnceAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, message.PopReceipt, stoppingToken);
            return;
        }
        var invocation = InvokeAsync(message, stoppingToken);
        var popReceipt = await KeepLeasedAsync(invocation, message, stoppingToken);
        try
        {
            await invocation;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogInvocationFailed(e, function.Name, message.MessageId, message.DequeueCount);
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, popReceipt, CancellationToken.None);
            }
            else
            {
                await _queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: settings.VisibilityTimeout,
                    cancellationToken: CancellationToken.None);
            }
            return;
        }
        await _queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
    }

    private async Task InvokeAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        await using var scope = services.CreateAsyncScope();
        await function.InvokeAsync(new InvocationInput(scope.ServiceProvider, stoppingToken)
        {
            QueueMessage = message.Body,
            QueueMessageId = message.MessageId,
            DequeueCount = message.DequeueCount,
        });
    }

    /// <summary>
    /// Renews the message's lease every third of <see cref="QueueSettings.ProcessingLease"/> until
    /// <paramref name="invocation"/> ends, as the Functions host does; returns the pop receipt to settle it with. When a
    /// renewal fails the message is left to its lease (it may run again: the functions are idempotent).
    /// </summary>
    private async Task<string> KeepLeasedAsync(Task invocation, QueueMessage message, CancellationToken stoppingToken)
    {
        var popReceipt = message.PopReceipt;
        var every = settings.ProcessingLease / 3;
        while (!invocation.IsCompleted)
        {
            var renewDue = Task.Delay(every, stoppingToken);
            if (await Task.WhenAny(invocation, renewDue) == invocation || renewDue.IsCanceled)
            {
                break;
            }
            try
            {
                popReceipt = (await _queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: settings.ProcessingLease,
                    cancellationToken: stoppingToken)).Value.PopReceipt;
                LogRenewed(message.MessageId, function.Name);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRenewFailed(e, message.MessageId, function.Name);
                break;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAny(invocation);
        return popReceipt;
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string popReceipt, CancellationToken cancellationToken)
    {
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await _queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
        LogPoisoned(message.MessageId, function.Trigger.QueueName!, message.DequeueCount);
    }

    [LoggerMessage(LogLevel.Debug, "Renewed the lease of message {MessageId} of function {Function}")]
    private partial void LogRenewed(string messageId, string function);

    [LoggerMessage(LogLevel.Warning, "Renewing the lease of message {MessageId} of function {Function} failed; it may run again when its lease ends")]
    private partial void LogRenewFailed(Exception exception, string messageId, string function);

    [LoggerMessage(LogLevel.Warning, "Polling queue {Queue} fails ({ExceptionType}: {Reason}); retrying until it works")]
    private partial void LogPollFailed(string queue, string exceptionType, string reason);

    [LoggerMessage(LogLevel.Debug, "Polling queue {Queue} failed")]
    private partial void LogPollFailure(Exception exception, string queue);

    [LoggerMessage(LogLevel.Information, "Polling queue {Queue} works again")]
    private partial void LogPollRecovered(string queue);

    [LoggerMessage(LogLevel.Error, "Function {Function} failed for message {MessageId} (attempt {DequeueCount})")]
    private partial void LogInvocationFailed(Exception exception, string function, string messageId, long dequeueCount);

    [LoggerMessage(LogLevel.Warning, "Settling message {MessageId} of function {Function} failed; it is processed again when its lease ends")]
    private partial void LogSettleFailed(Exception exception, string function, string messageId);

    [LoggerMessage(LogLevel.Warning, "Message {MessageId} moved from {Queue} to its poison queue after {DequeueCount} attempts")]
    private partial void LogPoisoned(string messageId, string queue, long dequeueCount);
}
