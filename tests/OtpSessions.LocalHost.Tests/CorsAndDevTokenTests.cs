using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.LocalHost.Tests;

/// <summary>
/// CORS from <c>Host.CORS</c> of local.settings.json (the sample lists the web client, http://localhost:5173) and the
/// development token endpoint the console's local sign-in uses.
/// </summary>
public sealed class CorsAndDevTokenTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string WebOrigin = "http://localhost:5173";

    [Fact]
    public async Task A_listed_origin_gets_its_preflight_answered_with_Authorization_allowed()
    {
        await using var app = TestApp.Build(azurite, TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var preflight = Preflight("/api/echo/dana", WebOrigin, "GET", "authorization,if-none-match");
        var response = await http.SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {response.StatusCode}");
        Assert.Equal(WebOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("authorization", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("GET", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_origin_can_read_the_ETag_and_Retry_After_of_a_response()
    {
        await using var app = TestApp.Build(azurite, TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/echo/dana") { Headers = { { "Origin", WebOrigin } } };
        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebOrigin, Header(response, "Access-Control-Allow-Origin"));
        var exposed = Header(response, "Access-Control-Expose-Headers");
        Assert.Contains("ETag", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Retry-After", exposed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_origin_gets_no_CORS_headers()
    {
        await using var app = TestApp.Build(azurite, TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var preflight = Preflight("/api/echo/dana", "http://localhost:5174", "GET", "authorization");
        var response = await http.SendAsync(preflight);
        using var simple = new HttpRequestMessage(HttpMethod.Get, "/api/echo/dana") { Headers = { { "Origin", "https://evil.example" } } };
        var plain = await http.SendAsync(simple);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(plain.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_origins_come_from_the_settings_and_can_be_several()
    {
        await using var app = TestApp.Build(azurite, TimeProvider.System, ["--Host:CORS=https://a.example, https://b.example/"],
            TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        foreach (var origin in new[] { "https://a.example", "https://b.example" })
        {
            using var preflight = Preflight("/api/echo/dana", origin, "POST", "authorization,content-type");
            Assert.Equal(origin, Header(await http.SendAsync(preflight), "Access-Control-Allow-Origin"));
        }
        using var old = Preflight("/api/echo/dana", WebOrigin, "GET", "authorization");
        Assert.False((await http.SendAsync(old)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_development_token_endpoint_mints_an_agent_token_from_JSON_only()
    {
        await using var app = TestApp.Build(azurite, TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await http.PostAsJsonAsync("/api/dev/agent-token", new { sub = "agent-9", team = "retail", roles = new[] { "admin" } });
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var jwt = new JsonWebToken(token);
        using var form = new StringContent("""{"sub":"agent-9"}""", Encoding.UTF8, "text/plain");
        var notJson = await http.PostAsync("/api/dev/agent-token", form);
        var noSub = await http.PostAsJsonAsync("/api/dev/agent-token", new { team = "retail" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("agent-9", jwt.Subject);
        Assert.Equal("retail", jwt.GetClaim("team").Value);
        Assert.Equal("admin", jwt.GetClaim("roles").Value);
        Assert.Equal("local-dev", jwt.Issuer);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSub.StatusCode);
    }

    [Fact]
    public async Task A_development_token_asked_for_without_roles_carries_the_role_agent()
    {
        await using var app = TestApp.Build(azurite, TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var plain = await http.PostAsJsonAsync("/api/dev/agent-token", new { sub = "agent-9", team = "retail" });
        var emptyRoles = await http.PostAsJsonAsync("/api/dev/agent-token", new { sub = "agent-9", roles = Array.Empty<string>() });

        foreach (var response in new[] { plain, emptyRoles })
        {
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            Assert.Equal("agent", new JsonWebToken(token).GetClaim("roles").Value);
        }
        Assert.Equal(["agent"], DevAgentToken.RolesOrDefault(null));
        Assert.Equal(["supervisor"], DevAgentToken.RolesOrDefault(["supervisor"]));
    }

    [Theory]
    [InlineData("application/json; charset=ebcdic", """{"sub":"agent-9"}""")]
    public async Task The_development_token_endpoint_answers_a_body_it_cannot_use_with_a_400_problem(string contentType, string body)
    {
        // Found by the fault harness's malformed-request corpus: an unknown charset was a 500.
        await using var app = TestApp.Build(azurite, TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await http.PostAsync("/api/dev/agent-token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid_request", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Without_the_development_signing_key_there_is_no_token_endpoint()
    {
        await using var app = TestApp.Build(azurite, TimeProvider.System, ["--Auth:Agents:SigningKey="], TestApp.Http("Echo", "get", "echo/{name}"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await http.PostAsJsonAsync("/api/dev/agent-token", new { sub = "agent-9" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers) =>
        new(HttpMethod.Options, path)
        {
            Headers =
            {
                { "Origin", origin },
                { "Access-Control-Request-Method", method },
                { "Access-Control-Request-Headers", headers },
            },
        };

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
