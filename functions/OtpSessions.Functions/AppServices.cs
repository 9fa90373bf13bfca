using Microsoft.Extensions.Configuration;
using OtpSessions.Core.Health;
using OtpSessions.Functions.Telemetry;
using OtpSessions.Infrastructure.Acs;
using OtpSessions.Infrastructure.Auth;
using OtpSessions.Infrastructure.Evidence;
using OtpSessions.Infrastructure.Events;
using OtpSessions.Infrastructure.Insights;
using OtpSessions.Infrastructure.Join;
using OtpSessions.Infrastructure.Passkeys;
using OtpSessions.Infrastructure.Security;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Functions;

/// <summary>
/// The app's services, the one list both hosts compose from (<see cref="OtpSessionsApplication"/> for the Functions
/// worker, the local host for development and tests). Each module method registers its own module's types, each once
/// and with plain <c>Add</c>: the order below is for reading, not for correctness. A test replaces a service explicitly
/// (<c>RemoveAll</c>/<c>Replace</c> after this call).
/// </summary>
public static class AppServices
{
    public static IServiceCollection AddOtpSessionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        // What every module shares: the one clock, the health report, Entra ID's signing keys (agent tokens and the ACS
        // webhook's Event Grid tokens) and the API's JSON rules for MVC results (camelCase, lowercase/snake_case enums).
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HealthService>();
        services.AddSingleton<IOpenIdMetadataSource, HttpsOpenIdMetadataSource>();
        services.Configure<JsonOptions>(options => SessionJson.Apply(options.JsonSerializerOptions));

        // Adapters: storage clients and tables, integration events (outbox → Service Bus), ACS senders and webhook.
        services.AddOtpSessionsStorage();
        services.AddOtpSessionsEvents(configuration);
        services.AddOtpSessionsMessaging();

        // Features: the agent's sessions, policies and deliveries; the customer's join and codes; insights from the events.
        services.AddOtpSessionsSessions();
        services.AddOtpSessionsJoin();
        services.AddOtpSessionsEvidence();
        services.AddOtpSessionsInsights();
        services.AddOtpSessionsPasskeys();

        // Around it all: telemetry, and start-up refusing settings that are only safe on a developer's machine.
        services.AddOtpSessionsTelemetry(configuration);
        services.AddDevelopmentOnlySettingsRefusal();
        return services;
    }
}
