using Azure.Core;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace OtpSessions.Infrastructure.Identity;

/// <summary>
/// The one place that chooses an Azure client's credential. Microsoft.Extensions.Azure reads it from the connection's own
/// settings section, the convention the Functions host uses for identity-based connections: <c>{section}__credential</c>
/// (<c>managedidentity</c>) and <c>{section}__clientId</c> (a user-assigned identity), e.g.
/// <c>AzureWebJobsStorage__credential</c> / <c>AzureWebJobsStorage__clientId</c>, <c>Acs__clientId</c>,
/// <c>ServiceBus__clientId</c>. With neither set: <c>DefaultAzureCredential</c> (which honours <c>AZURE_CLIENT_ID</c>).
/// </summary>
public static class AzureCredentials
{
    public static TokenCredential For(IServiceProvider services, string sectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        var section = services.GetRequiredService<IConfiguration>().GetSection(sectionName);
        return services.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section);
    }
}
