using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Otp;

public sealed class OtpResendTests
{
    [Fact]
    public void Resend_for_a_manual_participant_is_refused_with_otp_manual_mode()
    {
        var flow = new OtpFlow(OtpMode.Manual);
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(1));

        var refusal = flow.ResendRefused();

        Assert.Equal(OtpRefusalReason.ManualMode, refusal.Reason);
        Assert.Equal("otp_manual_mode", refusal.ErrorCode);
    }

    [Fact]
    public void Resend_inside_the_cooldown_is_refused_with_the_rest_of_the_cooldown_as_retry_after()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromSeconds(10));

        var refusal = flow.ResendRefused();

        Assert.Equal(OtpRefusalReason.TooManyRequests, refusal.Reason);
        Assert.Equal("too_many_requests", refusal.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(20), refusal.RetryAfter);
        Assert.Equal(20, refusal.ToFailure().RetryAfterSeconds);
    }

    [Fact]
    public void Resend_retry_after_rounds_a_partial_second_up()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMilliseconds(29_500));

        Assert.Equal(1, flow.ResendRefused().ToFailure().RetryAfterSeconds);
    }

    [Fact]
    public void Resend_after_the_cooldown_repeats_the_same_code_with_the_same_expiry()
    {
        var flow = new OtpFlow();
        var first = flow.RequestReady();
        var protectedCode = flow.State.ProtectedCode;
        flow.Advance(TimeSpan.FromSeconds(30));

        var again = flow.ResendReady();

        Assert.Equal(first.CodeId, again.CodeId);
        Assert.Equal(first.ExpiresAt, again.ExpiresAt);
        Assert.Equal(protectedCode, flow.State.ProtectedCode);
        Assert.False(again.IssuedNew);
        Assert.True(again.ShouldSend);
        Assert.Equal(2, again.SendNumber);
        Assert.Equal(flow.Now + TimeSpan.FromSeconds(30), again.ResendAvailableAt);
        Assert.Equal(1, flow.CodesIssued);
    }

    [Fact]
    public void Resend_without_an_active_code_issues_and_sends_a_new_one()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(11));

        var code = flow.ResendReady();

        Assert.Equal("c_2", code.CodeId);
        Assert.True(code.IssuedNew);
        Assert.True(code.ShouldSend);
        Assert.Equal(1, code.SendNumber);
        Assert.Equal(flow.Now + TimeSpan.FromMinutes(10), code.ExpiresAt);
    }

    [Fact]
    public void Resend_before_any_request_issues_a_code_and_marks_the_otp_page_reached()
    {
        var flow = new OtpFlow();

        var code = flow.ResendReady();

        Assert.True(code.IssuedNew);
        Assert.True(flow.State.ReachedOtpPage);
    }

    [Fact]
    public void Resend_past_the_hourly_cap_is_refused_until_the_oldest_send_leaves_the_window()
    {
        var flow = new OtpFlow(policy: new OtpPolicy { MaxSendsPerHour = 5, ResendCooldown = TimeSpan.FromSeconds(30) });
        flow.RequestReady(); // send 1 at 09:00:00
        for (var i = 0; i < 4; i++)
        {
            flow.Advance(TimeSpan.FromMinutes(1));
            flow.ResendReady(); // sends 2..5 at 09:01 … 09:04
        }
        flow.Advance(TimeSpan.FromMinutes(1)); // 09:05, cooldown long over

        var refusal = flow.ResendRefused();

        Assert.Equal(OtpRefusalReason.TooManyRequests, refusal.Reason);
        Assert.Equal(TimeSpan.FromMinutes(55), refusal.RetryAfter);
        Assert.Equal(3300, refusal.ToFailure().RetryAfterSeconds);

        flow.Advance(TimeSpan.FromMinutes(55) - TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), flow.ResendRefused().RetryAfter);

        flow.Advance(TimeSpan.FromSeconds(1)); // 10:00:00: the 09:00 send has left the window
        var code = flow.ResendReady();
        Assert.True(code.ShouldSend);
        Assert.Equal(5, flow.State.RecentSends.Count);
        Assert.Equal(OtpFlow.Start + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1), code.ResendAvailableAt);
    }

    [Fact]
    public void Resend_retry_after_is_the_later_of_cooldown_and_hourly_cap()
    {
        var flow = new OtpFlow(policy: new OtpPolicy { MaxSendsPerHour = 1, ResendCooldown = TimeSpan.FromMinutes(5) });
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromMinutes(59), flow.ResendRefused().RetryAfter);
    }

    [Fact]
    public void Resend_while_locked_or_banned_is_refused_as_participant_locked()
    {
        var flow = new OtpFlow(policy: new OtpPolicy { MaxLockouts = 2 });
        flow.RequestReady();
        flow.WrongCodes(5);

        var locked = flow.ResendRefused();
        Assert.Equal(OtpRefusalReason.Locked, locked.Reason);
        Assert.Equal(TimeSpan.FromMinutes(15), locked.RetryAfter);

        flow.Advance(TimeSpan.FromMinutes(15));
        flow.RequestReady();
        flow.WrongCodes(5);

        var banned = flow.ResendRefused();
        Assert.Equal(OtpRefusalReason.Banned, banned.Reason);
        Assert.Equal("participant_banned", banned.ErrorCode);
        Assert.Null(banned.RetryAfter);
    }

    [Fact]
    public void Resend_once_authenticated_and_past_the_cooldown_issues_a_new_code_for_a_new_entry()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Verify(right: true);
        flow.Advance(TimeSpan.FromMinutes(1));

        var code = flow.ResendReady();

        Assert.True(code.IssuedNew);
        Assert.Equal(ParticipantStatus.AwaitingOtp, flow.State.StatusAt(flow.Now));
    }
}
