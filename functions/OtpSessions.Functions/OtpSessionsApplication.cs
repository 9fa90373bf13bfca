using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OtpSessions.Functions.Telemetry;

namespace OtpSessions.Functions;

/// <summary>
/// The Functions worker application exactly as Program.cs runs it. Tests build it (without running it) to check that
/// the settings a deployment gives the app pass start-up validation.
/// </summary>
public static class OtpSessionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        // The worker's logging is its own (host.json's levels apply to the host): the libraries that log every request (Azure SDK, HttpClient, Polly) at Warning.
        builder.Logging.AddLibraryLogFilters();
        builder.UseOtpSessionsMiddleware();
        builder.Services.AddOtpSessionsApp(builder.Configuration);
        return builder;
    }
}
