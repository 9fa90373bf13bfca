using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Functions.Sessions;

public static class SessionsRegistration
{
    /// <summary>
    /// The agent API, invitations and TTL purge (<see cref="SessionsServiceCollectionExtensions.AddOtpSessionsSessions"/>)
    /// plus the API's JSON rules for MVC results (camelCase, lowercase/snake_case enums), used by both hosts.
    /// </summary>
    public static IServiceCollection AddAgentSessions(this IServiceCollection services)
    {
        services.AddOtpSessionsSessions();
        services.Configure<JsonOptions>(options => SessionJson.Apply(options.JsonSerializerOptions));
        return services;
    }
}
