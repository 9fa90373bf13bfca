using System.Net;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

[Collection(AppCollection.Name)]
public sealed class HealthEndToEndTests(AppFixture app)
{
    [Fact]
    public async Task Health_answers_200_once_the_app_is_up_against_azurite()
    {
        var response = await app.Anonymous.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"storage\":\"ok\"", await response.Content.ReadAsStringAsync());
    }
}
