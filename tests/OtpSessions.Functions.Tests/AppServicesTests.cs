using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Health;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.Functions.Tests;

/// <summary>
/// The app's one composition list (<see cref="AppServices.AddOtpSessionsApp"/>): each service is registered once, so no
/// registration depends on coming before or after another (a second one would silently win or lose).
/// </summary>
public sealed class AppServicesTests
{
    /// <summary>The ports the app asks for as a list: every registration of them counts.</summary>
    private static readonly Type[] ListedServices =
        [typeof(IHealthProbe), typeof(IHealthCounter), typeof(IHealthNote), typeof(IDeliveryKind), typeof(IHostedService)];

    [Fact]
    public void Each_of_the_apps_services_is_registered_once()
    {
        var services = new ServiceCollection().AddOtpSessionsApp(new ConfigurationBuilder().AddInMemoryCollection(StartUp.SampleSettings).Build());

        var twice = services
            .Where(d => d.ServiceType.Namespace?.StartsWith("OtpSessions", StringComparison.Ordinal) == true || d.ServiceType == typeof(TimeProvider))
            .Where(d => !ListedServices.Contains(d.ServiceType))
            .GroupBy(d => d.ServiceType)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key.Name);

        Assert.Empty(twice);
    }

    [Fact]
    public void The_list_registers_each_delivery_kind_and_the_report_path_once()
    {
        var services = new ServiceCollection().AddOtpSessionsApp(new ConfigurationBuilder().AddInMemoryCollection(StartUp.SampleSettings).Build());

        Assert.Equal(
            ["CodeDelivery", "InvitationDelivery"],
            services.Where(d => d.ServiceType == typeof(IDeliveryKind)).Select(d => d.ImplementationType!.Name).Order());
        Assert.Equal("SessionDeliveryReportSink",
            Assert.Single(services, d => d.ServiceType == typeof(Core.Messaging.IDeliveryReportSink)).ImplementationType!.Name);
    }
}
