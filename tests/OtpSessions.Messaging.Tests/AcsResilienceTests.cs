using OtpSessions.Core.Messaging;
using OtpSessions.Messaging.Tests.Support;

namespace OtpSessions.Messaging.Tests;

public sealed class AcsResilienceTests : IAsyncLifetime
{
    private AcsHarness harness = null!;

    public async Task InitializeAsync() => harness = await AcsHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Three_503s_then_success_records_exactly_one_sms()
    {
        harness.Acs.State.InjectFault(503, 3);

        var result = await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_1"), CancellationToken.None);

        Assert.IsType<SendResult.Accepted>(result);
        Assert.Equal(4, harness.Acs.State.SendRequests);
        Assert.Single(harness.Acs.State.Messages("+14155550100"));
    }

    [Fact]
    public async Task Three_503s_then_success_records_exactly_one_email()
    {
        harness.Acs.State.InjectFault(503, 3);

        var result = await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "code:c_1"), CancellationToken.None);

        Assert.IsType<SendResult.Accepted>(result);
        Assert.Equal(4, harness.Acs.State.SendRequests);
        Assert.Single(harness.Acs.State.Messages("dana@example.com"));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Other_4xx_are_not_retried(int status)
    {
        harness.Acs.State.InjectFault(status, 5);

        var result = await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_2"), CancellationToken.None);

        var failed = Assert.IsType<SendResult.Failed>(result);
        Assert.False(failed.Retryable);
        Assert.StartsWith($"HTTP {status} InjectedFault", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, harness.Acs.State.SendRequests);
        Assert.Empty(harness.Acs.State.Messages());
    }

    [Fact]
    public async Task A_provider_that_keeps_failing_gives_a_retryable_failure_after_the_retries()
    {
        harness.Acs.State.InjectFault(503, 10);

        var result = await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_3"), CancellationToken.None);

        var failed = Assert.IsType<SendResult.Failed>(result);
        Assert.True(failed.Retryable);
        Assert.Equal(4, harness.Acs.State.SendRequests);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_delay()
    {
        // The base back-off is zero, so a retry later than at once is the Retry-After at work. The attempt timeout is
        // long so that advancing the clock while the first answer is still on its way cannot time the attempt out.
        await using var slow = await AcsHarness.StartAsync(settings =>
        {
            settings["Acs:AttemptTimeout"] = "00:02:00";
            settings["Acs:TotalTimeout"] = "00:05:00";
        });
        slow.Acs.State.InjectFault(429, 1, retryAfterSeconds: 30);
        var start = slow.Time.GetUtcNow();

        var send = slow.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_4"), CancellationToken.None);
        await AcsHarness.WaitUntilAsync(() => slow.Acs.State.SendRequests == 1, "the first attempt");
        while (slow.Acs.State.SendRequests < 2)
        {
            Assert.True(slow.Time.GetUtcNow() - start < TimeSpan.FromMinutes(1), "no retry within a minute of the 429");
            slow.Time.Advance(TimeSpan.FromSeconds(1));
            await AcsHarness.TryWaitUntilAsync(() => slow.Acs.State.SendRequests >= 2, TimeSpan.FromMilliseconds(20));
        }
        var result = await send;

        Assert.IsType<SendResult.Accepted>(result);
        var message = Assert.Single(slow.Acs.State.Messages("+14155550100"));
        Assert.True(message.ReceivedAt - start >= TimeSpan.FromSeconds(30), $"retried after {message.ReceivedAt - start}");
    }

    [Fact]
    public async Task An_unreachable_provider_gives_a_retryable_failure()
    {
        await using var unreachable = await AcsHarness.StartAsync(settings =>
            settings["Acs:ConnectionString"] = $"endpoint=http://127.0.0.1:1/;accesskey={AcsHarness.AccessKey}");

        var result = await unreachable.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_5"), CancellationToken.None);

        var failed = Assert.IsType<SendResult.Failed>(result);
        Assert.True(failed.Retryable);
        Assert.StartsWith("ACS SMS could not be reached", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_swallowed()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_6"), cancelled.Token));
    }
}
