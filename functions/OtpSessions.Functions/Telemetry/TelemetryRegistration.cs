using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OtpSessions.Core;
using OtpSessions.Infrastructure.Identity;

namespace OtpSessions.Functions.Telemetry;

/// <summary>
/// OpenTelemetry in the worker: the Functions worker's own spans (<c>UseFunctionsWorkerDefaults</c>), the app's queue
/// processing spans (<see cref="QueueTrace"/>), the Azure SDK's spans (storage tables and queues, Service Bus: every
/// <c>Azure.*</c> activity source) and outgoing HttpClient calls (the ACS REST client). Exported to Application Insights
/// when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, authenticating with the app's identity. Nothing records
/// request or response headers, so no <c>Authorization</c> value (agent JWT, invite or access token) reaches telemetry;
/// query strings are redacted by the instrumentations.
/// </summary>
public static class TelemetryRegistration
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Azure SDK clients emit <c>Activity</c>s only with this switch on (it is also an app setting in infra/).</summary>
    public const string AzureSdkActivitySwitch = "Azure.Experimental.EnableActivitySource";

    public static IServiceCollection AddOtpSessionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        AppContext.SetSwitch(AzureSdkActivitySwitch, true);
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .ConfigureResource(resource => resource.AddService("otp-sessions"))
            .WithTracing(tracing => tracing
                .AddSource(QueueTrace.SourceName)
                .AddSource("Azure.*")
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            services.AddAzureClientsCore();
            telemetry.UseAzureMonitorExporter();
            services.AddOptions<AzureMonitorExporterOptions>()
                .Configure<IServiceProvider>((options, sp) => options.Credential = AzureCredentials.For(sp, "ApplicationInsights"));
        }
        return services;
    }
}
