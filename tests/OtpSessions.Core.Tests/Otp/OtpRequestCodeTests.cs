using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Otp;

public sealed class OtpRequestCodeTests
{
    [Fact]
    public void RequestCode_issues_a_code_for_the_policy_lifetime_and_sends_it_with_auto_otp()
    {
        var flow = new OtpFlow(OtpMode.Auto);

        var code = flow.RequestReady();

        Assert.Equal("c_1", code.CodeId);
        Assert.True(code.IssuedNew);
        Assert.True(code.ShouldSend);
        Assert.Equal(1, code.SendNumber);
        Assert.Equal(OtpFlow.Start + TimeSpan.FromMinutes(10), code.ExpiresAt);
        Assert.Equal(OtpFlow.Start + TimeSpan.FromSeconds(30), code.ResendAvailableAt);
        Assert.Equal(5, code.AttemptsRemaining);
        Assert.True(flow.State.ReachedOtpPage);
        Assert.Equal("protected-1", flow.State.ProtectedCode);
        Assert.Equal(OtpFlow.Start, flow.State.IssuedAt);
        Assert.Equal([OtpFlow.Start], flow.State.RecentSends);
        Assert.Equal(OtpFlow.Start, flow.State.LastSentAt);
    }

    [Fact]
    public void RequestCode_with_manual_otp_issues_a_code_without_sending()
    {
        var flow = new OtpFlow(OtpMode.Manual);

        var code = flow.RequestReady();

        Assert.True(code.IssuedNew);
        Assert.False(code.ShouldSend);
        Assert.Equal(0, code.SendNumber);
        Assert.Null(code.ResendAvailableAt);
        Assert.Empty(flow.State.RecentSends);
        Assert.Null(flow.State.LastSentAt);
    }

    [Fact]
    public void RequestCode_again_while_the_code_is_active_keeps_it_and_sends_nothing()
    {
        var flow = new OtpFlow();
        var first = flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(5));

        var again = flow.Request();

        var ready = Assert.IsType<OtpCodeResult.Ready>(again);
        Assert.Null(ready.NewState);
        Assert.False(ready.Code.IssuedNew);
        Assert.False(ready.Code.ShouldSend);
        Assert.Equal(first.CodeId, ready.Code.CodeId);
        Assert.Equal(first.ExpiresAt, ready.Code.ExpiresAt);
        Assert.Equal(1, flow.CodesIssued);
    }

    [Fact]
    public void RequestCode_after_expiry_issues_and_sends_a_new_code()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(10));

        var code = flow.RequestReady();

        Assert.Equal("c_2", code.CodeId);
        Assert.True(code.IssuedNew);
        Assert.True(code.ShouldSend);
        Assert.Equal(1, code.SendNumber);
        Assert.Equal(flow.Now + TimeSpan.FromMinutes(10), code.ExpiresAt);
        Assert.Equal(2, flow.State.RecentSends.Count);
    }

    [Fact]
    public void RequestCode_does_not_give_back_attempts_spent_on_an_expired_code()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.WrongCodes(3);
        flow.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(2, flow.RequestReady().AttemptsRemaining);
    }

    [Fact]
    public void RequestCode_past_the_hourly_cap_issues_the_code_but_holds_the_send_back()
    {
        var flow = new OtpFlow(policy: new OtpPolicy { MaxSendsPerHour = 2 });
        flow.RequestReady(); // send 1 at 09:00
        flow.Advance(TimeSpan.FromMinutes(10));
        flow.RequestReady(); // send 2 at 09:10
        flow.Advance(TimeSpan.FromMinutes(10));

        var code = flow.RequestReady(); // 09:20: the cap is reached

        Assert.True(code.IssuedNew);
        Assert.False(code.ShouldSend);
        Assert.Equal(0, code.SendNumber);
        Assert.Equal(OtpFlow.Start + TimeSpan.FromHours(1), code.ResendAvailableAt);
        Assert.Equal(2, flow.State.RecentSends.Count);
    }

    [Fact]
    public void RequestCode_while_locked_is_refused_with_the_rest_of_the_lockout_as_retry_after()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.WrongCodes(5);
        flow.Advance(TimeSpan.FromMinutes(4));

        var refusal = flow.RequestRefused();

        Assert.Equal(OtpRefusalReason.Locked, refusal.Reason);
        Assert.Equal("participant_locked", refusal.ErrorCode);
        Assert.Equal(TimeSpan.FromMinutes(11), refusal.RetryAfter);
        Assert.Equal(660, refusal.ToFailure().RetryAfterSeconds);
    }

    [Fact]
    public void RequestCode_after_the_lockout_issues_a_fresh_code_with_all_attempts()
    {
        var flow = new OtpFlow(policy: new OtpPolicy { Lockout = TimeSpan.FromMinutes(2) });
        flow.RequestReady();
        flow.WrongCodes(5);
        flow.Advance(TimeSpan.FromMinutes(2));

        var code = flow.RequestReady();

        Assert.Equal("c_2", code.CodeId);
        Assert.True(code.IssuedNew);
        Assert.True(code.ShouldSend);
        Assert.Equal(5, code.AttemptsRemaining);
    }

    [Fact]
    public void RequestCode_once_authenticated_starts_a_new_entry_with_a_new_code_sent_at_once_despite_the_resend_cooldown()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        Assert.IsType<VerifyResult.Authenticated>(flow.Verify(right: true));
        Assert.Equal(ParticipantStatus.Authenticated, flow.State.StatusAt(flow.Now));

        var code = flow.RequestReady();

        Assert.Equal("c_2", code.CodeId);
        Assert.True(code.IssuedNew);
        Assert.True(code.ShouldSend);
        Assert.Equal(ParticipantStatus.AwaitingOtp, flow.State.StatusAt(flow.Now));
        Assert.Null(flow.State.AuthenticatedAt);
        Assert.Equal(2, flow.State.RecentSends.Count);
        Assert.Equal(OtpRefusalReason.DeliveryPending, flow.ViewRefused().Reason);
        flow.Failed();
        Assert.Equal("c_2", Assert.IsType<AgentViewResult.Allowed>(flow.AgentView()).CodeId);
    }

    [Fact]
    public void Entering_again_resets_nothing_wrong_codes_and_lockouts_carry_over_and_a_lockout_in_force_refuses()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.WrongCodes(5);
        flow.Advance(flow.Policy.Lockout);
        flow.RequestReady();
        flow.WrongCodes(2);
        flow.Advance(flow.Policy.Lifetime);
        Assert.Equal(flow.Policy.MaxAttempts - 2, flow.RequestReady().AttemptsRemaining);
        Assert.IsType<VerifyResult.Authenticated>(flow.Verify(right: true));

        var again = flow.RequestReady();

        Assert.Equal(1, flow.State.Lockouts);
        Assert.Equal(flow.Policy.MaxAttempts, again.AttemptsRemaining);
        flow.WrongCodes(5);
        Assert.Equal(OtpRefusalReason.Locked, flow.RequestRefused().Reason);
        Assert.Equal(2, flow.State.Lockouts);
    }

    [Fact]
    public void Entering_again_counts_toward_the_hourly_cap_which_holds_the_send_back_but_still_issues_the_code()
    {
        var flow = new OtpFlow(policy: new OtpPolicy { MaxSendsPerHour = 2 });
        for (var entry = 0; entry < 2; entry++)
        {
            Assert.True(flow.RequestReady().ShouldSend);
            Assert.IsType<VerifyResult.Authenticated>(flow.Verify(right: true));
        }

        var third = flow.RequestReady();

        Assert.True(third.IssuedNew);
        Assert.False(third.ShouldSend);
        Assert.Equal(OtpFlow.Start + OtpRules.SendWindow, third.ResendAvailableAt);
    }

    [Fact]
    public void RequestCode_calls_the_code_factory_only_when_a_new_code_is_needed()
    {
        var flow = new OtpFlow();

        flow.RequestReady();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(1));
        flow.RequestReady();

        Assert.Equal(1, flow.CodesIssued);
    }
}
