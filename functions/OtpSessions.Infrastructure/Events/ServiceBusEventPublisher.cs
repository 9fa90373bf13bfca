using Azure.Messaging.ServiceBus;

namespace OtpSessions.Infrastructure.Events;

/// <summary>
/// Sends each event to the topic <see cref="EventTopics.SessionEvents"/> as a CloudEvents 1.0 structured message:
/// <c>MessageId</c> = event id (broker duplicate detection), <c>SessionId</c> = session id (order per session; <c>team:{team}</c> or <c>app</c> for events of no session: <see cref="EventSubjects"/>),
/// <c>Subject</c> = event type, <c>ContentType</c> = <c>application/cloudevents+json</c>. One sender, created once.
/// </summary>
public sealed class ServiceBusEventPublisher(ServiceBusClient client) : IEventPublisher, IAsyncDisposable
{
    private readonly Lazy<ServiceBusSender> _sender = new(() => client.CreateSender(EventTopics.SessionEvents));

    public bool IsEnabled => true;

    public string Destination => $"Service Bus topic '{EventTopics.SessionEvents}' on {client.FullyQualifiedNamespace ?? "(unknown namespace)"}";

    public async Task PublishAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        var message = ToMessage(outboxEvent);
        try
        {
            await _sender.Value.SendMessageAsync(message, cancellationToken);
        }
        catch (ServiceBusException e)
        {
            // Reason and transience only: the SDK's message may name the namespace, and never needs storing.
            throw new EventPublishException($"Service Bus: {e.Reason}{(e.IsTransient ? " (transient)" : "")}", e);
        }
    }

    public static ServiceBusMessage ToMessage(OutboxEvent outboxEvent) =>
        new(CloudEventEnvelope.Serialize(outboxEvent))
        {
            MessageId = outboxEvent.EventId,
            SessionId = EventSubjects.BrokerSessionOf(outboxEvent.SessionId),
            Subject = outboxEvent.Type,
            ContentType = EventTopics.CloudEventsContentType,
        };

    public async ValueTask DisposeAsync()
    {
        if (_sender.IsValueCreated)
        {
            await _sender.Value.DisposeAsync();
        }
    }
}
