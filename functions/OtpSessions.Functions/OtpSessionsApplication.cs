using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OtpSessions.Functions.Telemetry;

namespace OtpSessions.Functions;

/// <summary>
/// The Functions worker application exactly as Program.cs runs it: the worker's own parts, then the app's services
/// (<see cref="AppServices.AddOtpSessionsApp"/>). Tests build it (without running it) to check that the settings a
/// deployment gives the app pass start-up validation.
/// </summary>
public static class OtpSessionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        // The worker's logging is its own (host.json's levels apply to the host): the libraries that log every request (Azure SDK, HttpClient, Polly) at Warning.
        builder.Logging.AddLibraryLogFilters();
        // HttpPipeline runs around every HTTP function (queue and timer functions skip it).
        builder.Services.AddSingleton<HttpPipeline>();
        builder.Services.AddSingleton<HttpPipelineMiddleware>();
        builder.UseWhen<HttpPipelineMiddleware>(HttpPipelineMiddleware.IsHttpFunction);
        builder.Services.AddOtpSessionsApp(builder.Configuration);
        return builder;
    }
}
