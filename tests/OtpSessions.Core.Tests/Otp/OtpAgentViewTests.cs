using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Tests.Otp;

public sealed class OtpAgentViewTests
{
    [Fact]
    public void Agent_sees_the_active_code_once_the_participant_reached_the_otp_page()
    {
        var flow = new OtpFlow(OtpMode.Manual);
        var code = flow.RequestReady();

        var allowed = Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());

        Assert.Equal(code.CodeId, allowed.CodeId);
        Assert.Equal("protected-1", allowed.ProtectedCode);
        Assert.Equal(code.ExpiresAt, allowed.ExpiresAt);
        Assert.DoesNotContain("protected-1", allowed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Agent_view_before_the_otp_page_is_refused_with_otp_not_available()
    {
        var flow = new OtpFlow(OtpMode.Manual);

        var refusal = flow.ViewRefused();

        Assert.Equal(OtpRefusalReason.NotAvailable, refusal.Reason);
        Assert.Equal("otp_not_available", refusal.ErrorCode);
    }

    [Fact]
    public void Agent_view_is_refused_with_otp_view_disabled_when_the_policy_forbids_it()
    {
        var flow = new OtpFlow(OtpMode.Manual, new OtpPolicy { AgentCanViewOtp = false });
        flow.RequestReady();

        var refusal = flow.ViewRefused();

        Assert.Equal(OtpRefusalReason.ViewDisabled, refusal.Reason);
        Assert.Equal("otp_view_disabled", refusal.ErrorCode);
    }

    [Fact]
    public void Agent_view_of_an_expired_code_is_refused_with_otp_not_available()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(OtpRefusalReason.NotAvailable, flow.ViewRefused().Reason);
    }

    [Fact]
    public void Agent_view_of_a_used_code_is_refused_with_otp_not_available()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Verify(right: true);

        Assert.Equal(OtpRefusalReason.NotAvailable, flow.ViewRefused().Reason);
    }

    [Fact]
    public void Agent_view_of_a_locked_participant_is_refused_with_participant_locked_and_retry_after()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.WrongCodes(5);
        flow.Advance(TimeSpan.FromMinutes(1));

        var refusal = flow.ViewRefused();

        Assert.Equal(OtpRefusalReason.Locked, refusal.Reason);
        Assert.Equal("participant_locked", refusal.ErrorCode);
        Assert.Equal(TimeSpan.FromMinutes(14), refusal.RetryAfter);
    }

    [Fact]
    public void An_auto_otp_code_whose_send_is_queued_is_pending_for_the_whole_delay_with_no_viewable_time()
    {
        var flow = new OtpFlow(OtpMode.Auto, new OtpPolicy { AutoOtpViewDelay = TimeSpan.FromSeconds(90) });
        Assert.True(flow.RequestReady().ShouldSend);
        flow.Advance(TimeSpan.FromMinutes(5));

        var refused = Assert.IsType<AgentViewResult.Refused>(flow.AgentView());

        Assert.Equal(OtpRefusalReason.DeliveryPending, refused.Refusal.Reason);
        Assert.Equal("otp_delivery_pending", refused.Refusal.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(90), refused.Refusal.RetryAfter);
        Assert.Null(refused.ViewableAt);
    }

    [Fact]
    public void An_auto_otp_code_sent_less_than_the_delay_ago_is_pending_until_sent_at_plus_the_delay()
    {
        var flow = new OtpFlow(OtpMode.Auto);
        flow.RequestReady();
        flow.Advance(TimeSpan.FromSeconds(5));
        flow.Sent();
        var sentAt = flow.Now;
        flow.Advance(TimeSpan.FromSeconds(20));

        var refused = Assert.IsType<AgentViewResult.Refused>(flow.AgentView());

        Assert.Equal(OtpRefusalReason.DeliveryPending, refused.Refusal.Reason);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.Refusal.RetryAfter);
        Assert.Equal(sentAt.AddSeconds(60), refused.ViewableAt);
        Assert.Equal(40, refused.Refusal.ToFailure().RetryAfterSeconds);
    }

    [Fact]
    public void An_auto_otp_code_unconfirmed_the_delay_after_its_send_is_viewable()
    {
        var flow = new OtpFlow(OtpMode.Auto);
        var code = flow.RequestReady();
        flow.Sent();
        flow.Advance(TimeSpan.FromSeconds(59));
        Assert.IsType<AgentViewResult.Refused>(flow.AgentView());
        flow.Advance(TimeSpan.FromSeconds(1));

        var allowed = Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());

        Assert.Equal(code.CodeId, allowed.CodeId);
    }

    [Fact]
    public void An_auto_otp_code_whose_send_failed_is_viewable_at_once()
    {
        var flow = new OtpFlow(OtpMode.Auto);
        flow.RequestReady();
        flow.Failed();

        Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());
    }

    [Fact]
    public void A_failure_reported_after_the_send_makes_the_code_viewable_before_the_delay()
    {
        var flow = new OtpFlow(OtpMode.Auto);
        flow.RequestReady();
        flow.Sent();
        flow.Advance(TimeSpan.FromSeconds(3));
        flow.Failed();

        Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());
    }

    [Fact]
    public void A_delivered_report_hides_the_code_before_the_delay_and_after_it()
    {
        var flow = new OtpFlow(OtpMode.Auto);
        flow.RequestReady();
        flow.Sent();
        flow.Advance(TimeSpan.FromSeconds(10));
        flow.Delivered();

        var early = Assert.IsType<AgentViewResult.Refused>(flow.AgentView());
        Assert.Equal(OtpRefusalReason.Delivered, early.Refusal.Reason);
        Assert.Equal("otp_delivered", early.Refusal.ErrorCode);
        Assert.Null(early.Refusal.RetryAfter);
        Assert.Null(early.ViewableAt);

        flow.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(OtpRefusalReason.Delivered, flow.ViewRefused().Reason);
    }

    [Fact]
    public void A_delivered_report_after_the_delay_hides_a_code_that_was_viewable()
    {
        var flow = new OtpFlow(OtpMode.Auto);
        flow.RequestReady();
        flow.Sent();
        flow.Advance(TimeSpan.FromSeconds(61));
        Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());

        flow.Delivered();

        Assert.Equal(OtpRefusalReason.Delivered, flow.ViewRefused().Reason);
    }

    [Fact]
    public void With_agent_can_view_delivered_otp_a_delivered_code_is_viewable_once_the_delay_has_passed()
    {
        var flow = new OtpFlow(OtpMode.Auto, new OtpPolicy { AgentCanViewDeliveredOtp = true });
        flow.RequestReady();
        flow.Sent();
        flow.Delivered();
        Assert.Equal(OtpRefusalReason.DeliveryPending, flow.ViewRefused().Reason);

        flow.Advance(TimeSpan.FromSeconds(60));

        Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());
    }

    [Fact]
    public void A_resend_queued_after_the_delay_makes_the_code_pending_again()
    {
        var flow = new OtpFlow(OtpMode.Auto);
        flow.RequestReady();
        flow.Sent();
        flow.Advance(TimeSpan.FromSeconds(60));
        Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());

        flow.ResendReady();

        Assert.Equal(OtpRefusalReason.DeliveryPending, flow.ViewRefused().Reason);
    }

    [Fact]
    public void A_zero_delay_shows_a_sent_code_at_once_but_not_a_queued_one()
    {
        var flow = new OtpFlow(OtpMode.Auto, new OtpPolicy { AutoOtpViewDelay = TimeSpan.Zero });
        flow.RequestReady();
        Assert.Equal(OtpRefusalReason.DeliveryPending, flow.ViewRefused().Reason);

        flow.Sent();

        Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());
    }

    [Fact]
    public void The_delivery_rules_come_after_view_disabled_lock_and_not_available()
    {
        var disabled = new OtpFlow(OtpMode.Auto, new OtpPolicy { AgentCanViewOtp = false });
        disabled.RequestReady();
        Assert.Equal(OtpRefusalReason.ViewDisabled, disabled.ViewRefused().Reason);

        var locked = new OtpFlow(OtpMode.Auto);
        locked.RequestReady();
        locked.WrongCodes(5);
        Assert.Equal(OtpRefusalReason.Locked, locked.ViewRefused().Reason);

        var used = new OtpFlow(OtpMode.Auto);
        used.RequestReady();
        used.Sent();
        used.Verify(right: true);
        Assert.Equal(OtpRefusalReason.NotAvailable, used.ViewRefused().Reason);
    }

    [Fact]
    public void A_manual_code_is_viewable_at_once_whatever_the_delay()
    {
        var flow = new OtpFlow(OtpMode.Manual, new OtpPolicy { AutoOtpViewDelay = TimeSpan.FromMinutes(10) });
        flow.RequestReady();

        Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());
    }
}
