using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using OtpSessions.Core.Health;
using OtpSessions.Infrastructure.Identity;

namespace OtpSessions.Infrastructure.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The setting the Functions host itself uses for its storage account.</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    public static IServiceCollection AddOtpSessionsStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .Configure<IConfiguration>((o, configuration) =>
            {
                var section = configuration.GetSection(ConnectionName);
                o.ConnectionString = section.Value;
                o.TableServiceUri = section.GetValue<Uri?>("tableServiceUri");
                o.QueueServiceUri = section.GetValue<Uri?>("queueServiceUri");
                o.Credential = section.GetValue<string?>("credential");
                o.ClientId = section.GetValue<string?>("clientId");
                o.MaxConnectionsPerServer = configuration.GetValue<int?>("Storage:MaxConnectionsPerServer");
            })
            .Validate(o => o.IsConfigured,
                "Storage is not configured: set AzureWebJobsStorage, or AzureWebJobsStorage__tableServiceUri and AzureWebJobsStorage__queueServiceUri.")
            .Validate(o => o.MaxConnectionsPerServer is null or > 0, "Storage__MaxConnectionsPerServer must be a positive number when set.")
            .ValidateOnStart();
        services.AddOptions<StorageInitializerOptions>().BindConfiguration(StorageInitializerOptions.SectionName);

        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, sp) =>
                    StorageClients.CreateTableService(sp.GetRequiredService<IOptions<StorageOptions>>().Value, options, credential))
                .ConfigureOptions(o => StorageClients.RideOutBlips(o.Retry))
                .WithCredential(sp => AzureCredentials.For(sp, ConnectionName));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, sp) =>
                    StorageClients.CreateQueueService(sp.GetRequiredService<IOptions<StorageOptions>>().Value, options, credential))
                .ConfigureOptions(o => StorageClients.RideOutBlips(o.Retry))
                .WithCredential(sp => AzureCredentials.For(sp, ConnectionName));
        });
        services.AddSingleton<IHealthProbe, StorageHealthProbe>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
