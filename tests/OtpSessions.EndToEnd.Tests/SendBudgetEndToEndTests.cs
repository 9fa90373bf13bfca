using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// Send budgets and SMS reachability over HTTP: the local host with the sample settings (a per-address budget of
/// <c>SendBudgets__PerAddressPerDay</c>), Azurite and the fake ACS.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SendBudgetEndToEndTests(AppFixture app)
{
    private static int _phone = RandomNumberGenerator.GetInt32(1000, 8000);

    private static string NewPhone() => "+1415558" + Interlocked.Increment(ref _phone).ToString("D4", CultureInfo.InvariantCulture);

    private static object InviteBySms(string phone) => new
    {
        participants = new object[] { new { role = "primary", name = "Dana Cole", invite = new { channel = "sms", address = phone } } },
    };

    private HttpClient NewAgent() => app.Agent("agent-" + Guid.NewGuid().ToString("N")[..10], "retail", "agent");

    [Fact]
    public async Task The_send_past_the_address_budget_is_429_send_budget_exceeded_creates_no_session_and_reaches_no_phone()
    {
        var limit = int.Parse(app.Setting("SendBudgets__PerAddressPerDay"), CultureInfo.InvariantCulture);
        var agent = NewAgent();
        var phone = NewPhone();
        for (var i = 0; i < limit; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync("/api/sessions", InviteBySms(phone))).StatusCode);
        }
        Assert.Equal(limit, (await app.SettledMessagesToAsync(phone, limit)).Count);

        var refused = await agent.PostAsJsonAsync("/api/sessions", InviteBySms(phone));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("send_budget_exceeded", problem["code"]!.GetValue<string>());
        var now = app.Time.GetUtcNow();
        var toMidnight = (int)Math.Ceiling((now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime).TotalSeconds);
        Assert.Equal(TimeSpan.FromSeconds(Math.Max(1, toMidnight)), refused.Headers.RetryAfter?.Delta);
        var listed = (await agent.GetFromJsonAsync<JsonObject>("/api/sessions?limit=100"))!;
        Assert.Equal(limit, listed["sessions"]!.AsArray().Count);
        await app.WaitUntilQueuesIdleAsync();
        Assert.Equal(limit, app.MessagesTo(phone).Count);
    }

    [Theory]
    [InlineData("+33123456789")] // French fixed line
    [InlineData("+449098765432")] // UK premium-rate
    [InlineData("+18002345678")] // US toll-free
    public async Task A_number_that_cannot_receive_sms_is_400_address_not_mobile(string address)
    {
        var response = await NewAgent().PostAsJsonAsync("/api/sessions", InviteBySms(address));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("address_not_mobile", problem["code"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]!["participants[0].invite.address"]);
        Assert.Empty(app.MessagesTo(address));
    }

    [Fact]
    public async Task Health_says_only_a_word_about_the_app_wide_budget()
    {
        var health = (await app.Anonymous.GetFromJsonAsync<JsonObject>("/api/health"))!;

        Assert.Equal("ok", health["sendBudget"]!.GetValue<string>());
    }
}
