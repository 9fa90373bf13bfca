using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

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
        builder.UseOtpSessionsMiddleware();
        builder.Services.AddOtpSessionsApp(builder.Configuration);
        return builder;
    }
}
