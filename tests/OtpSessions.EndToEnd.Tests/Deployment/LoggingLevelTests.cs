using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OtpSessions.Functions;
using OtpSessions.Functions.Telemetry;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests.Deployment;

/// <summary>
/// The Azure SDK's log categories at Warning in both places that decide it: the worker as Program.cs builds it (its own
/// logging configuration) and host.json (the Functions host, and the local host that applies its levels).
/// </summary>
public sealed class LoggingLevelTests
{
    [Fact]
    public void The_worker_logs_the_Azure_SDK_HttpClient_and_Polly_at_Warning_and_the_app_at_Information()
    {
        using var host = StartUp.BuildWorker(() => OtpSessionsApplication.CreateBuilder(StartUp.WorkerArgs()).Build());
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();

        foreach (var category in LibraryLogging.Categories.Append("Azure.Storage.Queues").Append("Azure.Messaging.ServiceBus").Append("System.Net.Http.HttpClient.ISmsSender.LogicalHandler"))
        {
            var logger = loggers.CreateLogger(category);
            Assert.False(logger.IsEnabled(LogLevel.Information), $"{category} logs at Information");
            Assert.True(logger.IsEnabled(LogLevel.Warning), $"{category} does not log at Warning");
        }
        Assert.True(loggers.CreateLogger("OtpSessions.Functions.Sessions.DeliveryFunctions").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void Host_json_names_every_library_category_the_worker_holds_at_Warning()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json")));
        var levels = document.RootElement.GetProperty("logging").GetProperty("logLevel");

        foreach (var category in LibraryLogging.Categories)
        {
            Assert.True(levels.TryGetProperty(category, out var level), $"host.json has no logging.logLevel for {category}");
            Assert.Equal(LibraryLogging.MinimumLevel.ToString(), level.GetString());
        }
    }
}
