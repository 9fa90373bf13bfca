using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace OtpSessions.Functions;

/// <summary>The app's composition in the Functions host, shared by Program.cs and the tests that start it.</summary>
public static class OtpSessionsWorker
{
    /// <summary>The worker as Program.cs runs it: ASP.NET Core integration, the HTTP pipeline, the app's services.</summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseOtpSessionsMiddleware();
        builder.Services.AddOtpSessionsApp(builder.Configuration);
        return builder;
    }
}
