using OtpSessions.Core.Common;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Otp;

public sealed class OtpStateAndRefusalTests
{
    [Theory]
    [InlineData(OtpRefusalReason.Locked, "participant_locked", FailureKind.Locked)]
    [InlineData(OtpRefusalReason.Banned, "participant_banned", FailureKind.Locked)]
    [InlineData(OtpRefusalReason.ManualMode, "otp_manual_mode", FailureKind.Conflict)]
    [InlineData(OtpRefusalReason.TooManyRequests, "too_many_requests", FailureKind.TooManyRequests)]
    [InlineData(OtpRefusalReason.NotRequested, "otp_not_requested", FailureKind.Conflict)]
    [InlineData(OtpRefusalReason.Expired, "otp_expired", FailureKind.Gone)]
    [InlineData(OtpRefusalReason.InvalidCode, "otp_invalid", FailureKind.Invalid)]
    [InlineData(OtpRefusalReason.ViewDisabled, "otp_view_disabled", FailureKind.Forbidden)]
    [InlineData(OtpRefusalReason.NotAvailable, "otp_not_available", FailureKind.Conflict)]
    public void Each_refusal_has_the_api_error_code_and_failure_kind(OtpRefusalReason reason, string code, FailureKind kind)
    {
        var failure = new OtpRefusal(reason, RetryAfter: TimeSpan.FromSeconds(3)).ToFailure();

        Assert.Equal(code, failure.Code);
        Assert.Equal(kind, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), failure.RetryAfter);
        Assert.False(string.IsNullOrWhiteSpace(failure.Detail));
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(1.0, 1)]
    [InlineData(20.1, 21)]
    [InlineData(900, 900)]
    public void Retry_after_seconds_round_up_and_are_at_least_one(double seconds, int expected)
    {
        var failure = new OtpRefusal(OtpRefusalReason.Locked, TimeSpan.FromSeconds(seconds)).ToFailure();

        Assert.Equal(expected, failure.RetryAfterSeconds);
    }

    [Fact]
    public void A_failure_without_a_wait_has_no_retry_after()
    {
        Assert.Null(new OtpRefusal(OtpRefusalReason.Banned).ToFailure().RetryAfterSeconds);
    }

    [Fact]
    public void Status_follows_the_otp_journey()
    {
        var flow = new OtpFlow(policy: new() { MaxLockouts = 2 });
        Assert.Null(flow.State.StatusAt(flow.Now));

        flow.RequestReady();
        Assert.Equal(ParticipantStatus.AwaitingOtp, flow.State.StatusAt(flow.Now));

        flow.WrongCodes(5);
        Assert.Equal(ParticipantStatus.Locked, flow.State.StatusAt(flow.Now));

        flow.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(ParticipantStatus.AwaitingOtp, flow.State.StatusAt(flow.Now));

        flow.RequestReady();
        flow.Verify(right: true);
        Assert.Equal(ParticipantStatus.Authenticated, flow.State.StatusAt(flow.Now));
    }

    [Fact]
    public void State_text_never_shows_the_protected_code()
    {
        var flow = new OtpFlow();
        flow.RequestReady();

        Assert.DoesNotContain(flow.State.ProtectedCode!, flow.State.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sends_older_than_an_hour_are_dropped_from_the_state()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(70));

        flow.RequestReady();

        Assert.Equal([flow.Now], flow.State.RecentSends);
    }
}
