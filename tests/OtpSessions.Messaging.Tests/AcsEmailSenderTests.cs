using OtpSessions.Core.Messaging;
using OtpSessions.Infrastructure.Acs;
using OtpSessions.Messaging.Tests.Support;

namespace OtpSessions.Messaging.Tests;

public sealed class AcsEmailSenderTests : IAsyncLifetime
{
    private AcsHarness harness = null!;

    public async Task InitializeAsync() => harness = await AcsHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Email_is_accepted_under_the_derived_operation_id_and_recorded()
    {
        var result = await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "invitation:p_1:1"), CancellationToken.None);

        var accepted = Assert.IsType<SendResult.Accepted>(result);
        Assert.Equal(RepeatabilityIds.Email("invitation:p_1:1").ToString(), accepted.ProviderMessageId);
        var message = Assert.Single(harness.Acs.State.Messages("dana@example.com"));
        Assert.Equal("email", message.Channel);
        Assert.Equal("Your Contoso Bank verification code", message.Subject);
        Assert.Equal("Your code is 482913", message.Text);
        Assert.Equal("<p>Your code is 482913</p>", message.Html);
        Assert.Equal(accepted.ProviderMessageId, message.MessageId);
    }

    [Fact]
    public async Task A_second_send_with_the_same_idempotency_id_records_no_second_email()
    {
        var first = await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "code:c_1"), CancellationToken.None);
        var second = await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "code:c_1"), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(harness.Acs.State.Messages("dana@example.com"));
    }

    [Fact]
    public async Task The_operation_of_a_sent_email_reads_as_succeeded()
    {
        var sent = (SendResult.Accepted)await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "code:c_2"), CancellationToken.None);

        var status = await harness.Email.GetOperationAsync(sent.ProviderMessageId, CancellationToken.None);

        Assert.Equal(sent, status);
    }

    [Fact]
    public async Task A_409_for_an_operation_acs_already_has_resolves_to_that_operation()
    {
        var first = await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "code:c_3"), CancellationToken.None);
        harness.Acs.State.InjectFault(409, 1);

        var second = await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "code:c_3"), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(harness.Acs.State.Messages("dana@example.com"));
    }

    [Fact]
    public async Task An_unknown_operation_is_a_failure_that_is_not_retried()
    {
        var status = await harness.Email.GetOperationAsync(Guid.NewGuid().ToString(), CancellationToken.None);

        var failed = Assert.IsType<SendResult.Failed>(status);
        Assert.StartsWith("HTTP 404 NotFound", failed.Error, StringComparison.Ordinal);
        Assert.False(failed.Retryable);
    }

    [Fact]
    public async Task Logs_mask_the_address_and_never_contain_the_content()
    {
        await harness.Email.SendAsync(AcsHarness.EmailTo("dana@example.com", "code:c_4"), CancellationToken.None);

        var logs = harness.Logs.GetSnapshot().Select(r => r.Message).ToList();
        Assert.Contains(logs, line => line.Contains("d***@example.com", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains("dana@", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains("482913", StringComparison.Ordinal));
    }
}
