using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Events;
using OtpSessions.Functions;
using OtpSessions.Infrastructure.Events;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.Events.Tests;

/// <summary>Registration and settings, without I/O (no client connects until it sends); start-up refusals by the app's real composition.</summary>
public sealed class SettingsTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new("AzureWebJobsStorage", "UseDevelopmentStorage=true")))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOtpSessionsStorage();
        services.AddOtpSessionsEvents(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Without_service_bus_settings_publishing_is_off_and_no_client_is_registered()
    {
        using var services = Build(("ServiceBus:ConnectionString", ""));

        Assert.False(services.GetRequiredService<IEventPublisher>().IsEnabled);
        Assert.Null(services.GetService<ServiceBusClient>());
    }

    [Fact]
    public async Task A_connection_string_registers_one_service_bus_client_and_turns_publishing_on()
    {
        await using var services = Build(("ServiceBus:ConnectionString",
            "Endpoint=sb://otp-dev.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=bm90LWEtcmVhbC1rZXk="));

        var publisher = services.GetRequiredService<IEventPublisher>();
        Assert.True(publisher.IsEnabled);
        Assert.Same(services.GetRequiredService<ServiceBusClient>(), services.GetRequiredService<ServiceBusClient>());
        Assert.Equal("otp-dev.servicebus.windows.net", services.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
        Assert.DoesNotContain("SharedAccessKey", publisher.Destination);
    }

    [Fact]
    public async Task A_namespace_with_a_user_assigned_identity_registers_a_client_for_that_namespace()
    {
        await using var services = Build(("ServiceBus:FullyQualifiedNamespace", "otp-prod.servicebus.windows.net"),
            ("ServiceBus:ClientId", "6f1d3c52-8a3e-4c1e-9b7a-2d7c1f0e5a11"));

        Assert.True(services.GetRequiredService<IEventPublisher>().IsEnabled);
        Assert.Equal("otp-prod.servicebus.windows.net", services.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
    }

    [Theory]
    [InlineData("ServiceBus:FullyQualifiedNamespace", "https://otp-prod.servicebus.windows.net/", "ServiceBus__FullyQualifiedNamespace")]
    [InlineData("ServiceBus:ConnectionString", "not-a-connection-string", "ServiceBus__ConnectionString")]
    [InlineData("ServiceBus:ClientId", "my-identity", "ServiceBus__ClientId")]
    [InlineData("Events:MaxAttempts", "0", "Events__MaxAttempts")]
    [InlineData("Events:RetryBaseDelay", "00:00:00", "Events__RetryBaseDelay")]
    public async Task A_bad_setting_stops_start_up_of_the_app_naming_the_setting(string key, string value, string named)
    {
        using var host = StartUp.BuildWorker(() => OtpSessionsApplication.CreateBuilder(StartUp.WorkerArgs((key, value))).Build());

        var refusal = await StartUp.RefusalAsync(host);

        Assert.Contains(named, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_settings_pass_the_start_up_validation_of_the_app()
    {
        using var host = StartUp.BuildWorker(() => OtpSessionsApplication.CreateBuilder(StartUp.WorkerArgs()).Build());

        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Back_off_doubles_from_the_base_delay_and_stops_at_the_maximum()
    {
        var options = new EventsOptions { RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromMinutes(1) };

        Assert.Equal(
            [2, 4, 8, 16, 32, 60, 60],
            Enumerable.Range(1, 7).Select(a => options.RetryDelay(a).TotalSeconds).ToArray());
        Assert.Equal(TimeSpan.FromMinutes(1), options.RetryDelay(int.MaxValue));
    }
}
