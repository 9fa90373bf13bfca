using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

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
    public void Agent_sees_the_code_as_the_fallback_when_auto_otp_was_sent()
    {
        var flow = new OtpFlow(OtpMode.Auto);
        flow.RequestReady();

        Assert.IsType<AgentViewResult.Allowed>(flow.AgentView());
    }
}
