using Azure.Storage.Queues;
using OpenTelemetry.Trace;
using OtpSessions.Functions;
using OtpSessions.Functions.Http;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.LocalHost.Hosting;

namespace OtpSessions.LocalHost;

/// <summary>
/// Builds the local host: the app's own DI registration plus HTTP routes, queue listeners and timers for
/// every function in <c>functions.metadata</c>. Settings (all optional):
/// <c>--LocalHost:Settings</c> (local.settings.json path), <c>--LocalHost:Metadata</c>, <c>--LocalHost:HostJson</c>,
/// <c>--LocalHost:QueueLease</c> (how long a received message stays invisible between renewals, default 30 s),
/// <c>--port</c> (default <c>Host:LocalHttpPort</c>, else 7071; 0 picks a free port), <c>--environment</c> (default
/// <c>AZURE_FUNCTIONS_ENVIRONMENT</c> from the environment or the settings file, else <c>Development</c>, as Core Tools runs
/// the app).
/// </summary>
public static class LocalFunctionsHost
{
    public const int DefaultPort = 7071;

    /// <summary><c>AZURE_FUNCTIONS_ENVIRONMENT</c> names the environment, as in the Functions host.</summary>
    private const string EnvironmentPrefix = "AZURE_FUNCTIONS_";

    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Last say over the builder (tests replace services here).</param>
    /// <param name="registerApp">The app's registration; by default the one Program.cs uses.</param>
    public static WebApplication Build(
        string[] args,
        Action<WebApplicationBuilder>? configure = null,
        Action<IServiceCollection, IConfiguration>? registerApp = null)
    {
        var commandLine = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).AddCommandLine(args).Build();
        var settingsFile = LocalSettings.Find(commandLine["LocalHost:Settings"]);
        var settings = settingsFile is null ? null : LocalSettings.Read(settingsFile);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = commandLine[HostDefaults.EnvironmentKey]
                ?? (settings?.TryGetValue(EnvironmentPrefix + HostDefaults.EnvironmentKey, out var named) == true ? named : null)
                ?? Environments.Development,
        });
        if (settings is not null)
        {
            // Lowest precedence: environment variables and the command line override the file.
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings });
        }

        var hostSettings = HostSettings.Load(builder.Configuration["LocalHost:HostJson"] ?? Path.Combine(AppContext.BaseDirectory, "host.json"));
        if (builder.Configuration.GetValue<TimeSpan?>("LocalHost:QueueLease") is { } lease)
        {
            hostSettings = hostSettings with { Queues = hostSettings.Queues with { ProcessingLease = lease } };
        }
        var functions = FunctionMetadata.Load(builder.Configuration["LocalHost:Metadata"] ?? Path.Combine(AppContext.BaseDirectory, "functions.metadata"))
            .Select(LocalFunction.Resolve)
            .ToList();
        foreach (var timer in functions.Where(f => f.Kind == TriggerKind.Timer))
        {
            TimerTriggerScheduler.ParseSchedule(timer);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // host.json's logging.logLevel, as the Functions host applies it: the longest matching category prefix wins,
        // "default" for the rest (the Azure SDK's categories are at Warning there: it logs every storage poll at Information).
        foreach (var (category, level) in hostSettings.LogLevels)
        {
            builder.Logging.AddFilter(category.Equals(HostSettings.DefaultLogCategory, StringComparison.OrdinalIgnoreCase) ? null : category, level);
        }
        // Each log line shows the trace and span ids of its request (the ids telemetry and problem responses carry).
        builder.Logging.AddSimpleConsole(console =>
        {
            console.IncludeScopes = true;
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // The host's own parts (what the Functions host provides), then the app's services (the list Program.cs uses),
        // then a listener per queue function and a scheduler per timer function: hosted services start in this order,
        // so the app's storage initialiser has created the queues before a listener polls them.
        builder.Services.AddMvcCore();
        builder.Services.AddCors();
        builder.Services.AddSingleton<HttpPipeline>();
        // The request span every function call runs under (the Functions host's part).
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddAspNetCoreInstrumentation());
        (registerApp ?? ((services, configuration) => services.AddOtpSessionsApp(configuration)))(builder.Services, builder.Configuration);
        AddTriggers(builder.Services, functions, hostSettings);

        var port = builder.Configuration.GetValue<int?>("port") ?? builder.Configuration.GetValue<int?>("Host:LocalHttpPort") ?? DefaultPort;
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        configure?.Invoke(builder);

        var app = builder.Build();
        // Functions run inside the app's HttpPipeline (HttpTriggerEndpoints); what the host answers itself — unknown
        // paths, wrong methods, a failure outside any function — is problem JSON with the same headers too.
        app.UseExceptionHandler(handler => handler.Run(HttpTriggerEndpoints.WriteRefusalAsync));
        app.UseStatusCodePages(context => HttpTriggerEndpoints.WriteRefusalAsync(context.HttpContext));
        LocalCors.Use(app);
        HttpTriggerEndpoints.Map(app, functions, hostSettings);
        DevAgentToken.MapEndpoint(app, hostSettings.RoutePrefix);
        app.Logger.LogInformation("Local host serves {Count} functions: {Names}", functions.Count, string.Join(", ", functions.Select(f => $"{f.Name} ({f.Kind})")));
        return app;
    }

    private static void AddTriggers(IServiceCollection services, List<LocalFunction> functions, HostSettings hostSettings)
    {
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Queue))
        {
            services.AddSingleton<IHostedService>(sp => new QueueTriggerListener(
                function, QueuesFor(function, sp), hostSettings.Queues, sp, sp.GetRequiredService<ILogger<QueueTriggerListener>>()));
        }
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Timer))
        {
            services.AddSingleton<IHostedService>(sp => new TimerTriggerScheduler(
                function, sp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TimerTriggerScheduler>>()));
        }
    }

    private static QueueServiceClient QueuesFor(LocalFunction function, IServiceProvider services)
    {
        var connection = function.Trigger.Connection;
        if (string.IsNullOrEmpty(connection) || connection == StorageServiceCollectionExtensions.ConnectionName)
        {
            return services.GetRequiredService<QueueServiceClient>();
        }
        var value = services.GetRequiredService<IConfiguration>()[connection]
            ?? throw new InvalidOperationException($"Local host cannot serve function '{function.Name}': connection setting '{connection}' is not set.");
        return StorageClients.CreateQueueService(new StorageOptions { ConnectionString = value });
    }
}
