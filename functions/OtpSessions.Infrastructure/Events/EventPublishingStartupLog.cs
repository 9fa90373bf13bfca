using Microsoft.Extensions.Hosting;

namespace OtpSessions.Infrastructure.Events;

/// <summary>Says once at start-up where integration events go — or that publishing is off and events stay in the outbox.</summary>
public sealed partial class EventPublishingStartupLog(IEventPublisher publisher, ILogger<EventPublishingStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (publisher.IsEnabled)
        {
            LogOn(publisher.Destination);
        }
        else
        {
            LogOff();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Integration events are published to {Destination}")]
    private partial void LogOn(string destination);

    [LoggerMessage(LogLevel.Warning, "Event publishing is off (neither ServiceBus__ConnectionString nor ServiceBus__FullyQualifiedNamespace is set): integration events stay in the outbox (in Development GET /api/dev/outbox lists them)")]
    private partial void LogOff();
}
