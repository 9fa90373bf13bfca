using Microsoft.Extensions.DependencyInjection;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Acs;
using OtpSessions.Messaging.Tests.Support;

namespace OtpSessions.Messaging.Tests;

public sealed class AcsSmsSenderTests : IAsyncLifetime
{
    private AcsHarness harness = null!;

    public async Task InitializeAsync() => harness = await AcsHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Sms_is_accepted_and_recorded_with_the_derived_repeatability_id()
    {
        var result = await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_1"), CancellationToken.None);

        var accepted = Assert.IsType<SendResult.Accepted>(result);
        var message = Assert.Single(harness.Acs.State.Messages("+14155550100"));
        Assert.Equal("sms", message.Channel);
        Assert.Equal("123456 is your Contoso Bank verification code.", message.Body);
        Assert.Equal(RepeatabilityIds.Sms("code:c_1").ToString(), message.RepeatabilityRequestId);
        Assert.Equal(accepted.ProviderMessageId, message.MessageId);
        Assert.Equal(harness.Time.GetUtcNow(), message.ReceivedAt);
    }

    [Fact]
    public async Task Without_a_sender_number_sms_is_not_configured_and_a_send_fails_for_good_without_calling_acs()
    {
        await using var unconfigured = await AcsHarness.StartAsync(settings => settings["Acs:SmsFrom"] = "");

        var result = await unconfigured.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_nc"), CancellationToken.None);

        var failed = Assert.IsType<SendResult.Failed>(result);
        Assert.False(failed.Retryable);
        Assert.Equal(0, unconfigured.Acs.State.SendRequests);
        Assert.False(unconfigured.Services.GetRequiredService<ChannelAvailability>().Sms);
        Assert.True(harness.Services.GetRequiredService<ChannelAvailability>().Sms);
    }

    [Fact]
    public async Task The_same_repeatability_id_twice_records_one_sms()
    {
        var first = await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_2"), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_2"), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(harness.Acs.State.Messages("+14155550100"));
        Assert.Equal(2, harness.Acs.State.SendRequests);
    }

    [Fact]
    public async Task Different_idempotency_ids_send_different_messages()
    {
        await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "invitation:p_1:1"), CancellationToken.None);
        await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "invitation:p_1:2"), CancellationToken.None);

        Assert.Equal(2, harness.Acs.State.Messages("+14155550100").Count);
    }

    [Fact]
    public async Task A_recipient_the_provider_refuses_is_a_failed_send_with_the_error_text()
    {
        // ACS answers 202 overall with { successful: false, httpStatusCode: 400, errorMessage } for the recipient.
        var result = await harness.Sms.SendAsync(AcsHarness.SmsTo("+1415", "code:c_3"), CancellationToken.None);

        var failed = Assert.IsType<SendResult.Failed>(result);
        Assert.Equal("HTTP 400: Invalid To phone number format.", failed.Error);
        Assert.False(failed.Retryable);
        Assert.Empty(harness.Acs.State.Messages());
    }

    [Fact]
    public async Task Logs_mask_the_number_and_never_contain_the_text()
    {
        await harness.Sms.SendAsync(AcsHarness.SmsTo("+14155550100", "code:c_4"), CancellationToken.None);

        var logs = harness.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception).ToList();
        Assert.Contains(logs, line => line.Contains("+1******0100", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains("14155550100", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains("123456", StringComparison.Ordinal));
    }

    [Fact]
    public void Repeatability_ids_are_stable_version_8_guids_distinct_per_channel()
    {
        var sms = RepeatabilityIds.Sms("code:c_1");

        Assert.Equal(sms, RepeatabilityIds.Sms("code:c_1"));
        Assert.NotEqual(sms, RepeatabilityIds.Sms("code:c_2"));
        Assert.NotEqual(sms, RepeatabilityIds.Email("code:c_1"));
        Assert.Equal(8, sms.Version);
        Assert.Equal(0x8, sms.Variant & 0xC);
    }

    [Fact]
    public void A_message_record_prints_no_text_and_a_masked_number()
    {
        var text = AcsHarness.SmsTo("+14155550100", "code:c_1").ToString();

        Assert.DoesNotContain("123456", text, StringComparison.Ordinal);
        Assert.Contains("+1******0100", text, StringComparison.Ordinal);
    }
}
