using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OtpSessions.Core.Health;
using OtpSessions.Functions.Http;
using OtpSessions.Functions.Join;
using OtpSessions.Functions.Sessions;
using OtpSessions.Functions.Telemetry;
using OtpSessions.Infrastructure.Acs;
using OtpSessions.Infrastructure.Events;
using OtpSessions.Infrastructure.Security;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Functions;

/// <summary>The app's registrations, shared by Program.cs (Functions host) and the local host.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddOtpSessionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        // The one clock of the app (the modules below need one; tests register a FakeTimeProvider instead).
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HealthService>();
        services.AddOtpSessionsStorage();
        services.AddOtpSessionsEvents(configuration);
        services.AddOtpSessionsMessaging();
        services.AddAgentSessions();
        services.AddCustomerJoin();
        services.AddOtpSessionsTelemetry(configuration);
        services.AddDevelopmentOnlySettingsRefusal();
        return services;
    }

    /// <summary>Runs <see cref="HttpPipeline"/> around every HTTP function (queue and timer functions skip it).</summary>
    public static FunctionsApplicationBuilder UseOtpSessionsMiddleware(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<HttpPipeline>();
        builder.Services.AddSingleton<HttpPipelineMiddleware>();
        builder.UseWhen<HttpPipelineMiddleware>(HttpPipelineMiddleware.IsHttpFunction);
        return builder;
    }
}
