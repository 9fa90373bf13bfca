using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Messaging.ServiceBus;

namespace OtpSessions.Testing;

/// <summary>An in-process stand-in for Service Bus (the SDK's types are built to be subclassed for tests): records when each message arrives.</summary>
public sealed class RecordingServiceBusClient(RecordingSender sender) : ServiceBusClient
{
    public override string FullyQualifiedNamespace => "in-process-recorder";

    public override ServiceBusSender CreateSender(string queueOrTopicName) => sender;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class RecordingSender : ServiceBusSender
{
    public ConcurrentQueue<(string MessageId, string SessionId, long At)> Received { get; } = new();

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        Received.Enqueue((message.MessageId, message.SessionId, Stopwatch.GetTimestamp()));
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
