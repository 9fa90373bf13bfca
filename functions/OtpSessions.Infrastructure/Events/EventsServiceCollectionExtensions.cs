using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using OtpSessions.Core.Health;
using OtpSessions.Infrastructure.Identity;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Integration events: the outbox store and dispatcher (which publishes each commit's events right after it, with
    /// <see cref="DoneRows"/> remembering what it published),
    /// the <c>events</c> health probe, and — when <c>ServiceBus__ConnectionString</c> or
    /// <c>ServiceBus__FullyQualifiedNamespace</c> is set — one <see cref="ServiceBusClient"/> (through
    /// <c>AddAzureClients</c>) and its publisher. Needs <c>AddOtpSessionsStorage</c> and a <see cref="TimeProvider"/>.
    /// A <see cref="ServiceBusClient"/> registered by anyone (e.g. a test) also turns publishing on.
    /// </summary>
    public static IServiceCollection AddOtpSessionsEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<EventsOptions>(EventsOptions.SectionName);
        services.AddOptions<ServiceBusOptions>().BindConfiguration(ServiceBusOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceBusOptions>, ServiceBusOptionsValidator>();

        var serviceBus = configuration.GetSection(ServiceBusOptions.SectionName).Get<ServiceBusOptions>() ?? new ServiceBusOptions();
        if (serviceBus.IsConfigured && serviceBus.Problems().Count == 0)
        {
            services.AddAzureClients(clients =>
            {
                var client = string.IsNullOrWhiteSpace(serviceBus.ConnectionString)
                    ? clients.AddServiceBusClientWithNamespace(serviceBus.FullyQualifiedNamespace!)
                        .WithCredential(sp => AzureCredentials.For(sp, ServiceBusOptions.SectionName))
                    : clients.AddServiceBusClient(serviceBus.ConnectionString);
                client.ConfigureOptions(o =>
                {
                    o.Identifier = "otp-sessions";
                    o.RetryOptions.MaxRetries = 2;
                    o.RetryOptions.TryTimeout = TimeSpan.FromSeconds(20);
                });
            });
        }

        services.AddSingleton<IEventPublisher>(sp => sp.GetService<ServiceBusClient>() is { } client
            ? new ServiceBusEventPublisher(client)
            : new DisabledEventPublisher());
        services.AddSingleton<IOutboxStore, TableOutboxStore>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxInspector>();
        services.AddSingleton<DoneRows>();
        services.AddSingleton<IPublishedEvents>(sp => sp.GetRequiredService<DoneRows>());
        services.AddSingleton<EventsHealthProbe>();
        services.AddSingleton<IHealthProbe>(sp => sp.GetRequiredService<EventsHealthProbe>());
        services.AddSingleton<IHealthCounter>(sp => sp.GetRequiredService<EventsHealthProbe>());
        services.AddHostedService<EventPublishingStartupLog>();
        return services;
    }

    /// <summary>A failure message that names each bad setting.</summary>
    private sealed class ServiceBusOptionsValidator : IValidateOptions<ServiceBusOptions>
    {
        public ValidateOptionsResult Validate(string? name, ServiceBusOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
