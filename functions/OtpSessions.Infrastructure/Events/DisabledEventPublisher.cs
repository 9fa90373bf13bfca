namespace OtpSessions.Infrastructure.Events;

/// <summary>No broker configured (the default local run): nothing is sent and events stay in the outbox.</summary>
public sealed class DisabledEventPublisher : IEventPublisher
{
    public bool IsEnabled => false;

    public string Destination => "nowhere (publishing is off)";

    public Task PublishAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Event publishing is off: no Service Bus is configured.");
}
