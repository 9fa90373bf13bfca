using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OtpSessions.Core.Health;
using OtpSessions.Functions.Http;
using OtpSessions.Functions.Join;
using OtpSessions.Functions.Sessions;
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
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HealthService>();
        services.AddOtpSessionsStorage(configuration);
        services.AddOtpSessionsEvents(configuration);
        services.AddOtpSessionsMessaging(configuration);
        services.AddAgentSessions();
        services.AddCustomerJoin();
        services.AddDevelopmentOnlySettingsRefusal();
        return services;
    }

    public static FunctionsApplicationBuilder UseOtpSessionsMiddleware(this FunctionsApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ExceptionProblemMiddleware>();
        builder.UseWhen<ExceptionProblemMiddleware>(context => context.FunctionDefinition.InputBindings.Values
            .Any(binding => binding.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase)));
        return builder;
    }
}
