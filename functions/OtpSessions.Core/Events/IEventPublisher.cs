namespace OtpSessions.Core.Events;

/// <summary>Port: sends one integration event to the broker (Service Bus topic <see cref="EventTopics.SessionEvents"/>).</summary>
public interface IEventPublisher
{
    /// <summary>False when no broker is configured (the default local run): events then stay in the outbox.</summary>
    bool IsEnabled { get; }

    /// <summary>Where events go, for the start-up log line (no secrets).</summary>
    string Destination { get; }

    /// <summary>
    /// Returns once the broker has accepted the event. Throws on failure — <see cref="EventPublishException"/> with a
    /// reason that is safe to store, or any other exception (only its type name is stored).
    /// </summary>
    Task PublishAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken);
}
