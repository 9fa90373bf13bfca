using System.Net;
using System.Text;
using OtpSessions.Infrastructure.Acs;
using OtpSessions.Messaging.Tests.Support;

namespace OtpSessions.Messaging.Tests;

public sealed class AcsHmacSignerTests : IAsyncLifetime
{
    private const string SmsBody = """{"from":"+18005550199","smsRecipients":[{"to":"+14155550100"}],"message":"Hello"}""";
    private AcsHarness harness = null!;

    public async Task InitializeAsync() => harness = await AcsHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public void Signature_matches_a_vector_computed_independently_with_openssl()
    {
        // Derived from the published algorithm with openssl, not with this code:
        //   BODY='{"from":"+18005550199","smsRecipients":[{"to":"+14155550100"}],"message":"Hello"}'
        //   HASH=$(printf '%s' "$BODY" | openssl dgst -sha256 -binary | base64)
        //   printf 'POST\n/sms?api-version=2021-03-07\nMon, 01 Apr 2019 06:22:03 GMT;127.0.0.1:10100;%s' "$HASH" \
        //     | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf '%s' "$KEY" | base64 -d | xxd -p -c 256) -binary | base64
        // with KEY = the local development key (AcsHarness.AccessKey).
        var hash = AcsHmacSigner.ContentHash(Encoding.UTF8.GetBytes(SmsBody));
        var stringToSign = AcsHmacSigner.StringToSign("post", "/sms?api-version=2021-03-07", "Mon, 01 Apr 2019 06:22:03 GMT", "127.0.0.1:10100", hash);

        var signature = AcsHmacSigner.Signature(Convert.FromBase64String(AcsHarness.AccessKey), stringToSign);

        Assert.Equal("mGyLRlJAiwEZ3cFPNtXIS6PEDHSwj/D5LokwL/xJke0=", hash);
        Assert.Equal("POST\n/sms?api-version=2021-03-07\nMon, 01 Apr 2019 06:22:03 GMT;127.0.0.1:10100;" + hash, stringToSign);
        Assert.Equal("1mfAfrF3xx5xF+/350wZan/lJHk7wzQWpgS1pm+5at8=", signature);
        Assert.Equal("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature, AcsHmacSigner.Authorization(signature));
    }

    [Fact]
    public void Empty_body_hashes_the_empty_string_and_dates_are_rfc_1123()
    {
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", AcsHmacSigner.ContentHash([]));
        Assert.Equal("Mon, 01 Apr 2019 06:22:03 GMT",
            AcsHmacSigner.FormatDate(new DateTimeOffset(2019, 4, 1, 8, 22, 3, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData("http://127.0.0.1:10100/sms", "127.0.0.1:10100")]
    [InlineData("https://contoso.communication.azure.com/sms", "contoso.communication.azure.com")]
    [InlineData("https://contoso.communication.azure.com:8443/sms", "contoso.communication.azure.com:8443")]
    public void Host_carries_the_port_only_when_it_is_not_the_default(string url, string host) =>
        Assert.Equal(host, AcsHmacSigner.Host(new Uri(url)));

    [Fact]
    public async Task A_request_signed_by_our_signer_is_accepted_by_the_fake()
    {
        using var response = await SendAsync(await SignedAsync());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(harness.Acs.State.Messages("+14155550100"));
    }

    [Theory]
    [InlineData("body")]
    [InlineData("body-and-hash")]
    [InlineData("path")]
    [InlineData("query")]
    [InlineData("date")]
    [InlineData("host")]
    [InlineData("unsigned")]
    public async Task A_tampered_request_is_refused_with_401(string tampering)
    {
        var request = await SignedAsync();
        switch (tampering)
        {
            case "body":
                request.Content = Json(SmsBody.Replace("Hello", "Hullo", StringComparison.Ordinal));
                break;
            case "body-and-hash":
                var tampered = SmsBody.Replace("Hello", "Hullo", StringComparison.Ordinal);
                request.Content = Json(tampered);
                request.Headers.Remove(AcsHmacSigner.ContentHashHeader);
                request.Headers.Add(AcsHmacSigner.ContentHashHeader, AcsHmacSigner.ContentHash(Encoding.UTF8.GetBytes(tampered)));
                break;
            case "path":
                request.RequestUri = new Uri(harness.Acs.BaseUrl, "/emails:send?api-version=2023-03-31");
                break;
            case "query":
                request.RequestUri = new Uri(harness.Acs.BaseUrl, "sms?api-version=2024-01-14");
                break;
            case "date":
                request.Headers.Remove(AcsHmacSigner.DateHeader);
                request.Headers.Add(AcsHmacSigner.DateHeader, AcsHmacSigner.FormatDate(harness.Time.GetUtcNow().AddSeconds(1)));
                break;
            case "host":
                request.Headers.Host = "localhost:" + harness.Acs.BaseUrl.Port;
                break;
            case "unsigned":
                request.Headers.Remove("Authorization");
                break;
        }

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(harness.Acs.State.Messages());
    }

    [Fact]
    public async Task A_request_signed_with_another_key_is_refused_with_401()
    {
        var request = Request();
        await AcsHmacSigner.SignAsync(request, Convert.FromBase64String("AAAAxQUmyYgWPWDQNFjOL3shnI2qhWoFK26r6Bs/Hsk="),
            harness.Time.GetUtcNow(), CancellationToken.None);

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-16, HttpStatusCode.Unauthorized)]
    [InlineData(16, HttpStatusCode.Unauthorized)]
    [InlineData(-14, HttpStatusCode.Accepted)]
    [InlineData(14, HttpStatusCode.Accepted)]
    public async Task The_request_date_must_be_within_15_minutes_of_the_server_clock(int minutesOff, HttpStatusCode expected)
    {
        var request = Request();
        await AcsHmacSigner.SignAsync(request, Convert.FromBase64String(AcsHarness.AccessKey),
            harness.Time.GetUtcNow().AddMinutes(minutesOff), CancellationToken.None);

        using var response = await SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    private HttpRequestMessage Request() =>
        new(HttpMethod.Post, new Uri(harness.Acs.BaseUrl, "sms?api-version=2021-03-07")) { Content = Json(SmsBody) };

    private async Task<HttpRequestMessage> SignedAsync()
    {
        var request = Request();
        await AcsHmacSigner.SignAsync(request, Convert.FromBase64String(AcsHarness.AccessKey), harness.Time.GetUtcNow(), CancellationToken.None);
        return request;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using var client = new HttpClient();
        using (request)
        {
            return await client.SendAsync(request);
        }
    }
}
