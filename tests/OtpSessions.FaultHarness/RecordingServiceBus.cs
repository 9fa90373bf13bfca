using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace OtpSessions.FaultHarness;

/// <summary>One message the stand-in accepted: its ids, subject and body, and when (app clock) it arrived.</summary>
public sealed record BusMessage(string MessageId, string SessionId, string Subject, string Body, DateTimeOffset At);

/// <summary>
/// The stand-in for Service Bus (the SDK's client and sender are built to be subclassed for tests): records every message
/// the app sends to the topic, in arrival order, and can be told to fail every send — as an unreachable namespace does,
/// with a transient <see cref="ServiceBusException"/> — until told to recover.
/// </summary>
public sealed class RecordingServiceBus(TimeProvider clock) : ServiceBusClient
{
    private readonly Sender _sender = new(clock);

    public override string FullyQualifiedNamespace => "recording-stand-in.servicebus.invalid";

    public IReadOnlyList<BusMessage> Received => [.. _sender.Received];

    /// <summary>Sends refused while failing.</summary>
    public int Refused => Volatile.Read(ref _sender.RefusedCount);

    public bool Failing
    {
        get => Volatile.Read(ref _sender.FailingFlag);
        set => Volatile.Write(ref _sender.FailingFlag, value);
    }

    public override ServiceBusSender CreateSender(string queueOrTopicName) => _sender;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Sender(TimeProvider clock) : ServiceBusSender
    {
        public readonly ConcurrentQueue<BusMessage> Received = new();
        public bool FailingFlag;
        public int RefusedCount;

        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            if (Volatile.Read(ref FailingFlag))
            {
                Interlocked.Increment(ref RefusedCount);
                throw new ServiceBusException(isTransient: true, "The stand-in is failing (harness outage).", reason: ServiceBusFailureReason.ServiceCommunicationProblem);
            }
            Received.Enqueue(new BusMessage(message.MessageId, message.SessionId, message.Subject, message.Body.ToString(), clock.GetUtcNow()));
            return Task.CompletedTask;
        }

        public override async Task SendMessagesAsync(IEnumerable<ServiceBusMessage> messages, CancellationToken cancellationToken = default)
        {
            foreach (var message in messages)
            {
                await SendMessageAsync(message, cancellationToken);
            }
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
