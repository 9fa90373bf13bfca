using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OtpSessions.Core.Messaging;
using OtpSessions.Functions;
using OtpSessions.Infrastructure.Acs;
using OtpSessions.Messaging.Tests.Support;
using OtpSessions.Testing;

namespace OtpSessions.Messaging.Tests;

public sealed class AcsOptionsTests
{
    [Fact]
    public void Connection_string_parts_are_read_in_any_order_and_case()
    {
        Assert.True(AcsConnectionString.TryParse(
            $"AccessKey={AcsHarness.AccessKey}; Endpoint=https://contoso.communication.azure.com", out var parsed, out _));

        Assert.Equal(new Uri("https://contoso.communication.azure.com/"), parsed!.Endpoint);
        Assert.Equal(Convert.FromBase64String(AcsHarness.AccessKey), parsed.AccessKey);
        Assert.DoesNotContain(AcsHarness.AccessKey, parsed.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "endpoint")]
    [InlineData("endpoint=ftp://x/;accesskey=AAAA", "endpoint")]
    [InlineData("endpoint=http://127.0.0.1:10100/", "accesskey")]
    [InlineData("endpoint=http://127.0.0.1:10100/;accesskey=not base64!", "accesskey")]
    public void Invalid_connection_strings_say_which_part_is_wrong(string value, string part)
    {
        Assert.False(AcsConnectionString.TryParse(value, out _, out var error));
        Assert.Contains(part, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Acs__ConnectionString")]
    [InlineData("endpoint=http://127.0.0.1:10100/", "Acs__ConnectionString is not valid")]
    public async Task Bad_settings_stop_start_up_of_the_app_with_a_message_naming_the_setting(string? connectionString, string expected)
    {
        using var host = StartUp.BuildWorker(() => OtpSessionsApplication.CreateBuilder(StartUp.WorkerArgs(
            ("Acs:ConnectionString", connectionString), ("Acs:Endpoint", null))).Build());

        var refusal = await StartUp.RefusalAsync(host);

        Assert.Contains(expected, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_organisation_name_stops_start_up_of_the_app()
    {
        using var host = StartUp.BuildWorker(() => OtpSessionsApplication.CreateBuilder(StartUp.WorkerArgs(("Messaging:OrganisationName", null))).Build());

        var refusal = await StartUp.RefusalAsync(host);

        Assert.Contains("Messaging__OrganisationName", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_alone_is_valid_for_managed_identity()
    {
        using var services = Services(new Dictionary<string, string?>
        {
            ["Acs:Endpoint"] = "https://contoso.communication.azure.com",
            ["Acs:ClientId"] = "00000000-0000-0000-0000-000000000001",
            ["Acs:SmsFrom"] = AcsHarness.SmsFrom,
            ["Acs:EmailFrom"] = AcsHarness.EmailFrom,
        });

        var options = services.GetRequiredService<IOptions<AcsOptions>>().Value;

        Assert.Null(options.ParseConnectionString());
        Assert.Equal(new Uri("https://contoso.communication.azure.com/"), options.ResolveEndpoint());
    }

    [Fact]
    public async Task Without_an_access_key_requests_carry_a_bearer_token_for_the_acs_scope()
    {
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken("token-1", new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero)));
        await using var harness = await AcsHarness.StartAsync(
            settings =>
            {
                settings["Acs:Endpoint"] = settings["Acs:ConnectionString"]![(settings["Acs:ConnectionString"]!.IndexOf('=', StringComparison.Ordinal) + 1)..settings["Acs:ConnectionString"]!.IndexOf(';', StringComparison.Ordinal)];
                settings["Acs:ConnectionString"] = null;
            },
            services => services.Replace(ServiceDescriptor.Singleton(sp => new AcsAccessTokenSource(credential.Object, sp.GetRequiredService<TimeProvider>()))));

        var result = await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_1"), CancellationToken.None);

        // The fake only speaks HMAC, so a bearer request is refused: proof that no signature was sent.
        var failed = Assert.IsType<SendResult.Failed>(result);
        Assert.StartsWith("HTTP 401", failed.Error, StringComparison.Ordinal);
        credential.Verify(c => c.GetTokenAsync(
            It.Is<TokenRequestContext>(t => t.Scopes.SequenceEqual(new[] { "https://communication.azure.com//.default" })),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_token_is_reused_until_five_minutes_before_it_expires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var credential = new Mock<TokenCredential>();
        var issued = 0;
        credential.Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new AccessToken($"token-{++issued}", time.GetUtcNow().AddHours(1)));
        using var tokens = new AcsAccessTokenSource(credential.Object, time);

        var first = await tokens.GetTokenAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(54));
        var reused = await tokens.GetTokenAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(2));
        var refreshed = await tokens.GetTokenAsync(CancellationToken.None);

        Assert.Equal(["token-1", "token-1", "token-2"], new[] { first, reused, refreshed });
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider())
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddOtpSessionsMessaging()
            .BuildServiceProvider();
}
