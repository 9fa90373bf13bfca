using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Moq;
using OtpSessions.Core.Messaging;
using OtpSessions.Functions.Webhooks;
using OtpSessions.Infrastructure.Acs;
using OtpSessions.Infrastructure.Auth;
using OtpSessions.Testing;

namespace OtpSessions.Messaging.Tests;

/// <summary>
/// <c>POST /api/webhooks/acs</c> in Azure: Event Grid delivers with Microsoft Entra authentication, and the webhook takes a
/// delivery only with a valid token from the tenant (<see cref="EntraTestIssuer"/>: a local RSA key as the authority's
/// metadata, no network) — whatever function key the URL holds (the host checked that one already).
/// </summary>
public sealed class AcsWebhookEntraTests : IDisposable
{
    private const string Audience = "7d7c8d6e-api-client-id";
    private const string SmsDelivered = """
        [{ "id": "1", "topic": "/subscriptions/x", "subject": "/phonenumber/15555555555",
           "data": { "messageId": "Outgoing_1", "from": "15555555555", "to": "+15555555555", "deliveryStatus": "Delivered",
                     "receivedTimestamp": "2025-03-01T08:58:00Z", "tag": "s_1|p_1" },
           "eventType": "Microsoft.Communication.SMSDeliveryReportReceived", "dataVersion": "1.0", "metadataVersion": "1",
           "eventTime": "2025-03-01T08:58:01Z" }]
        """;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly EntraTestIssuer _tenant = new();
    private readonly Mock<IDeliveryReportSink> _sink = new();

    public void Dispose() => _tenant.Dispose();

    private sealed class FixedMetadata(EntraTestIssuer tenant) : IOpenIdMetadataSource
    {
        public BaseConfigurationManager For(Uri authority) =>
            authority == new Uri(EntraTestIssuer.Authority) ? tenant.Metadata : throw new InvalidOperationException($"unexpected authority {authority}");
    }

    private static Dictionary<string, object> EventGridClaims() => new()
    {
        ["oid"] = "event-grid-sp", ["azp"] = "4962773b-9cdb-44cf-a8bf-237846a00ab7", ["roles"] = new[] { AcsWebhookAuthenticator.SubscriberRole },
    };

    private string Bearer(Dictionary<string, object> claims, string audience = Audience, RsaSecurityKey? key = null) =>
        "Bearer " + _tenant.Token(claims, _time.GetUtcNow().UtcDateTime, audience, key: key);

    private Task<IActionResult> DeliverAsync(string? authorization)
    {
        var webhook = new AcsWebhookFunction(
            new AcsWebhookAuthenticator(Options.Create(new AcsWebhookOptions { EntraAuthority = new Uri(EntraTestIssuer.Authority), EntraAudience = Audience }),
                new FixedMetadata(_tenant), _time, NullLogger<AcsWebhookAuthenticator>.Instance),
            new AcsEventGridParser(_time), _sink.Object);
        var bytes = Encoding.UTF8.GetBytes(SmsDelivered);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.QueryString = new QueryString("?code=the-function-key");
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }
        return webhook.AcsWebhook(context.Request, CancellationToken.None);
    }

    private void AssertRefused(IActionResult result)
    {
        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(StatusCodes.Status401Unauthorized, problem.StatusCode);
        Assert.Equal("unauthorized", Assert.IsType<ProblemDetails>(problem.Value).Extensions["code"]);
        _sink.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_delivery_with_event_grids_token_is_accepted()
    {
        var result = await DeliverAsync(Bearer(EventGridClaims()));

        Assert.IsType<OkResult>(result);
        _sink.Verify(s => s.ApplyAsync(It.Is<DeliveryReport>(r => r.ProviderMessageId == "Outgoing_1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer not.a.jwt")]
    [InlineData("Basic ZXZlbnRncmlkOmtleQ==")]
    public async Task A_delivery_without_a_token_is_401_whatever_the_function_key(string? authorization) =>
        AssertRefused(await DeliverAsync(authorization));

    [Fact]
    public async Task A_token_for_another_audience_is_401() =>
        AssertRefused(await DeliverAsync(Bearer(EventGridClaims(), audience: "api://some-other-app")));

    [Fact]
    public async Task A_token_signed_with_a_key_the_tenant_did_not_publish_is_401() =>
        AssertRefused(await DeliverAsync(Bearer(EventGridClaims(), key: _tenant.Foreign)));

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var token = Bearer(EventGridClaims());
        _time.Advance(TimeSpan.FromHours(2));

        AssertRefused(await DeliverAsync(token));
    }

    [Fact]
    public async Task An_agents_token_for_the_same_api_is_no_delivery()
    {
        var delegated = EventGridClaims();
        delegated["scp"] = "access_as_user";
        var withoutRole = new Dictionary<string, object> { ["oid"] = "agent-oid", ["roles"] = new[] { "agent", "admin" } };

        AssertRefused(await DeliverAsync(Bearer(delegated)));
        AssertRefused(await DeliverAsync(Bearer(withoutRole)));
    }

    [Fact]
    public void The_entra_settings_go_together_and_the_authority_is_https()
    {
        static bool Valid(AcsWebhookOptions options) =>
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), null, validateAllProperties: true);

        Assert.True(Valid(new AcsWebhookOptions()));
        Assert.True(Valid(new AcsWebhookOptions { EntraAuthority = new Uri("https://login.microsoftonline.com/t/v2.0"), EntraAudience = Audience }));
        Assert.False(Valid(new AcsWebhookOptions { EntraAudience = Audience }));
        Assert.False(Valid(new AcsWebhookOptions { EntraAuthority = new Uri("https://login.microsoftonline.com/t/v2.0") }));
        Assert.False(Valid(new AcsWebhookOptions { EntraAuthority = new Uri("http://login.example/t/v2.0"), EntraAudience = Audience }));
    }
}
