using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.LocalHost.Tests;

/// <summary>The real app, served by the local host from its own functions.metadata.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private readonly Azurite _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task Health_is_200_while_storage_answers_and_503_once_azurite_stops()
    {
        await using var app = LocalFunctionsHost.Build(
        [
            $"--LocalHost:Settings={Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")}",
            $"--AzureWebJobsStorage={_azurite.ConnectionString}",
            "--port=0",
        ]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var healthy = await http.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        var body = await healthy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("storage").GetString());

        await _azurite.StopAsync();

        var unhealthy = await Poll.UntilAsync(() => http.GetAsync("/api/health"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
            "health to report storage down");
        var down = await unhealthy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unavailable", down.GetProperty("storage").GetString());
    }
}
