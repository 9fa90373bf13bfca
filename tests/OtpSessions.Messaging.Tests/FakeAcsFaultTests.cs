using System.Net;
using System.Net.Http.Json;
using OtpSessions.Core.Messaging;
using OtpSessions.Messaging.Tests.Support;

namespace OtpSessions.Messaging.Tests;

/// <summary>The fake's fault injection: a fault addressed to one recipient reaches no other, and a count of 0 clears it.</summary>
public sealed class FakeAcsFaultTests : IAsyncLifetime
{
    private AcsHarness harness = null!;

    public async Task InitializeAsync() => harness = await AcsHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task A_fault_addressed_to_one_recipient_fails_only_sends_to_that_recipient()
    {
        using var http = new HttpClient { BaseAddress = harness.Acs.BaseUrl };
        var injected = await http.PostAsJsonAsync("/_faults", new { status = 400, count = 5, to = "+14155550100" });
        Assert.Equal(HttpStatusCode.NoContent, injected.StatusCode);

        var other = await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550101", "code:c_1"), CancellationToken.None);
        var email = await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "code:c_2"), CancellationToken.None);
        var target = await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_3"), CancellationToken.None);

        Assert.IsType<SendResult.Accepted>(other);
        Assert.IsType<SendResult.Accepted>(email);
        Assert.IsNotType<SendResult.Accepted>(target);
        Assert.Empty(harness.Acs.State.Messages("+14155550100"));
    }

    [Fact]
    public async Task A_count_of_zero_clears_the_fault_it_names_and_leaves_the_others()
    {
        harness.Acs.State.InjectFault(400, 5, to: "dana@example.com");
        harness.Acs.State.InjectFault(400, 5, to: "lee@example.com");
        using var http = new HttpClient { BaseAddress = harness.Acs.BaseUrl };
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync("/_faults", new { status = 400, count = 0, to = "dana@example.com" })).StatusCode);

        var cleared = await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "code:c_1"), CancellationToken.None);
        var still = await harness.Email.SendAsync(AcsHarness.EmailTo("lee@example.com", "code:c_2"), CancellationToken.None);

        Assert.IsType<SendResult.Accepted>(cleared);
        Assert.IsNotType<SendResult.Accepted>(still);
    }
}
