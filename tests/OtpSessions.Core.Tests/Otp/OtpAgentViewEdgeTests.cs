using OtpSessions.Core.Common;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Otp;

/// <summary>The agent's view of a code, one case per row: the order of the refusals, and the delay's exact end.</summary>
public sealed class OtpAgentViewEdgeTests
{
    private static readonly DateTimeOffset Now = OtpFlow.Start;

    /// <summary>Delay 60 s; a code issued and sent at <see cref="Now"/>, on the OTP page.</summary>
    private static readonly OtpState Active = Assert.IsType<OtpCodeResult.Ready>(
        OtpRules.RequestCode(OtpState.Initial, new OtpPolicy(), Now, OtpMode.Auto, () => new NewOtpCode("c_1", "sealed-1"))).NewState!;

    private static readonly AgentViewResult.Allowed Allowed = new("c_1", "sealed-1", Now + new OtpPolicy().Lifetime);

    [Theory]
    // status of the latest send, seconds since it was sent (null: no time known), seconds from the send to now, agent may view a delivered code
    //   → null when allowed, else the reason, its retry-after and the viewable time (seconds from the send)
    [InlineData(DeliveryStatus.Sent, 0, 60, false, null, null, null)]
    [InlineData(DeliveryStatus.Sent, 0, 59, false, OtpRefusalReason.DeliveryPending, 1, 60)]
    [InlineData(DeliveryStatus.Sent, 0, 0, false, OtpRefusalReason.DeliveryPending, 60, 60)]
    [InlineData(DeliveryStatus.Delivered, 0, 590, false, OtpRefusalReason.Delivered, null, null)]
    [InlineData(DeliveryStatus.Delivered, 0, 10, false, OtpRefusalReason.Delivered, null, null)]
    [InlineData(DeliveryStatus.Delivered, 0, 60, true, null, null, null)]
    [InlineData(DeliveryStatus.Delivered, 0, 30, true, OtpRefusalReason.DeliveryPending, 30, 60)]
    [InlineData(DeliveryStatus.Failed, 0, 0, false, null, null, null)]
    [InlineData(DeliveryStatus.Failed, null, 0, false, null, null, null)]
    [InlineData(DeliveryStatus.Queued, null, 300, false, OtpRefusalReason.DeliveryPending, 60, null)]
    [InlineData(DeliveryStatus.None, null, 300, true, OtpRefusalReason.DeliveryPending, 60, null)]
    [InlineData(DeliveryStatus.Sent, null, 300, false, OtpRefusalReason.DeliveryPending, 60, null)]
    public void An_auto_otp_code_is_viewable_once_its_send_failed_or_went_unconfirmed_for_the_delay(
        DeliveryStatus status, int? sentAtSeconds, int nowSeconds, bool viewDelivered, OtpRefusalReason? reason, int? retryAfter, int? viewableAt)
    {
        var policy = new OtpPolicy { AgentCanViewDeliveredOtp = viewDelivered };
        DateTimeOffset? sentAt = sentAtSeconds is { } s ? Now.AddSeconds(s) : null;

        var result = OtpRules.CanAgentView(Active, policy, Now.AddSeconds(nowSeconds), OtpMode.Auto, new Delivery(DeliveryKindNames.Code, status) { SentAt = sentAt });

        if (reason is null)
        {
            Assert.Equal(Allowed, result);
            return;
        }
        Assert.Equal(new AgentViewResult.Refused(
            new OtpRefusal(reason.Value, RetryAfter: retryAfter is { } wait ? TimeSpan.FromSeconds(wait) : null),
            viewableAt is { } at ? Now.AddSeconds(at) : null), result);
    }

    [Theory]
    [InlineData(DeliveryStatus.None)]
    [InlineData(DeliveryStatus.Queued)]
    [InlineData(DeliveryStatus.Delivered)]
    public void A_manual_code_is_viewable_whatever_a_delivery_says(DeliveryStatus status)
    {
        Assert.Equal(Allowed, OtpRules.CanAgentView(Active, new OtpPolicy(), Now, OtpMode.Manual, new Delivery(DeliveryKindNames.Code, status) { SentAt = Now }));
    }

    [Theory]
    // view allowed by policy, banned, locked for (s), on the OTP page, code active → the reason (null: allowed)
    [InlineData(false, true, 60, false, false, OtpRefusalReason.ViewDisabled)]
    [InlineData(true, true, 60, false, false, OtpRefusalReason.Banned)]
    [InlineData(true, false, 60, false, false, OtpRefusalReason.Locked)]
    [InlineData(true, false, 0, false, true, OtpRefusalReason.NotAvailable)]
    [InlineData(true, false, 0, true, false, OtpRefusalReason.NotAvailable)]
    [InlineData(true, false, 0, true, true, null)]
    public void The_refusals_come_in_order_view_disabled_banned_locked_not_available(
        bool viewAllowed, bool banned, int lockedFor, bool onPage, bool active, OtpRefusalReason? reason)
    {
        var state = Active with
        {
            Banned = banned,
            LockedUntil = lockedFor > 0 ? Now.AddSeconds(lockedFor) : null,
            OtpRequestedAt = onPage ? Active.OtpRequestedAt ?? Now : null,
            ExpiresAt = active ? Active.ExpiresAt : Now,
        };

        var result = OtpRules.CanAgentView(state, new OtpPolicy { AgentCanViewOtp = viewAllowed }, Now, OtpMode.Manual,
            new Delivery(DeliveryKindNames.Code, DeliveryStatus.None));

        if (reason is null)
        {
            Assert.IsType<AgentViewResult.Allowed>(result);
            return;
        }
        var refusal = Assert.IsType<AgentViewResult.Refused>(result).Refusal;
        Assert.Equal(reason, refusal.Reason);
        Assert.Equal(reason == OtpRefusalReason.Locked ? TimeSpan.FromSeconds(lockedFor) : null, refusal.RetryAfter);
    }

    [Theory]
    // authenticated, banned, locked, on the OTP page → the status (null: before the OTP page)
    [InlineData(true, true, true, true, ParticipantStatus.Authenticated)]
    [InlineData(false, true, true, true, ParticipantStatus.Banned)]
    [InlineData(false, false, true, true, ParticipantStatus.Locked)]
    [InlineData(false, false, false, true, ParticipantStatus.AwaitingOtp)]
    [InlineData(false, false, false, false, null)]
    public void The_status_a_state_implies_goes_authenticated_banned_locked_awaiting(bool authenticated, bool banned, bool locked, bool onPage, ParticipantStatus? status)
    {
        var state = OtpState.Initial with
        {
            AuthenticatedAt = authenticated ? Now : null,
            Banned = banned,
            LockedUntil = locked ? Now.AddMinutes(1) : null,
            OtpRequestedAt = onPage ? Now : null,
        };

        Assert.Equal(status, state.StatusAt(Now));
        Assert.Equal(authenticated, state.IsAuthenticated);
    }

    [Theory]
    [InlineData(OtpRefusalReason.DeliveryPending, "otp_delivery_pending")]
    [InlineData(OtpRefusalReason.Delivered, "otp_delivered")]
    public void The_delivery_refusals_are_conflicts_with_their_own_codes(OtpRefusalReason reason, string code)
    {
        var failure = new OtpRefusal(reason).ToFailure();

        Assert.Equal((FailureKind.Conflict, code), (failure.Kind, failure.Code));
        Assert.Null(failure.Extensions);
    }

    [Fact]
    public void A_wrong_code_refusal_carries_the_attempts_remaining()
    {
        var failure = new OtpRefusal(OtpRefusalReason.InvalidCode, AttemptsRemaining: 2).ToFailure();

        Assert.Equal(2, failure.Extensions!["attemptsRemaining"]);
        Assert.Single(failure.Extensions);
    }

    [Fact]
    public void An_unknown_reason_has_no_error_code()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OtpRefusal((OtpRefusalReason)99).ErrorCode);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OtpRefusal((OtpRefusalReason)99).ToFailure());
    }
}
