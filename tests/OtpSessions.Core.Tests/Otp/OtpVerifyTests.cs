using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Otp;

public sealed class OtpVerifyTests
{
    [Fact]
    public void Verify_before_any_code_was_issued_is_refused_with_otp_not_requested()
    {
        var flow = new OtpFlow();

        var refused = flow.VerifyRefused(right: false);

        Assert.Equal(OtpRefusalReason.NotRequested, refused.Refusal.Reason);
        Assert.Equal("otp_not_requested", refused.Refusal.ErrorCode);
        Assert.Null(refused.NewState);
    }

    [Fact]
    public void Verify_with_the_right_code_authenticates_and_consumes_the_code()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.WrongCodes(2);
        flow.Advance(TimeSpan.FromMinutes(3));

        var result = flow.Verify(right: true);

        var state = Assert.IsType<VerifyResult.Authenticated>(result).NewState!;
        Assert.True(state.Used);
        Assert.Equal(flow.Now, state.AuthenticatedAt);
        Assert.Equal(0, state.FailedAttempts);
        Assert.False(flow.State.HasActiveCodeAt(flow.Now));
    }

    [Fact]
    public void Verify_the_same_code_twice_succeeds_only_once()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        Assert.IsType<VerifyResult.Authenticated>(flow.Verify(right: true));

        var again = flow.VerifyRefused(right: true);

        Assert.Equal(OtpRefusalReason.NotRequested, again.Refusal.Reason);
        Assert.Null(again.NewState);
    }

    [Fact]
    public void Verify_with_a_wrong_code_counts_one_attempt_and_reports_the_attempts_remaining()
    {
        var flow = new OtpFlow();
        flow.RequestReady();

        for (var remaining = 4; remaining >= 1; remaining--)
        {
            var refused = flow.VerifyRefused(right: false);
            Assert.Equal(OtpRefusalReason.InvalidCode, refused.Refusal.Reason);
            Assert.Equal("otp_invalid", refused.Refusal.ErrorCode);
            Assert.Equal(remaining, refused.Refusal.AttemptsRemaining);
            Assert.Equal(5 - remaining, refused.NewState!.FailedAttempts);
            Assert.False(refused.LockedNow);
        }
    }

    [Fact]
    public void Verify_locks_participant_after_five_wrong_codes()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.WrongCodes(4);

        var fifth = flow.VerifyRefused(right: false);

        Assert.Equal(OtpRefusalReason.Locked, fifth.Refusal.Reason);
        Assert.Equal("participant_locked", fifth.Refusal.ErrorCode);
        Assert.Equal(TimeSpan.FromMinutes(15), fifth.Refusal.RetryAfter);
        Assert.True(fifth.LockedNow);
        var state = fifth.NewState!;
        Assert.Equal(flow.Now + TimeSpan.FromMinutes(15), state.LockedUntil);
        Assert.Equal(1, state.Lockouts);
        Assert.Equal(0, state.FailedAttempts);
        Assert.Null(state.CodeId);
        Assert.Null(state.ProtectedCode);
        Assert.Equal(ParticipantStatus.Locked, state.StatusAt(flow.Now));
    }

    [Fact]
    public void Verify_while_locked_refuses_even_the_right_code_with_retry_after()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.WrongCodes(5);
        flow.Advance(TimeSpan.FromMinutes(5));

        var refused = flow.VerifyRefused(right: true);

        Assert.Equal(OtpRefusalReason.Locked, refused.Refusal.Reason);
        Assert.Equal(TimeSpan.FromMinutes(10), refused.Refusal.RetryAfter);
        Assert.Null(refused.NewState);
        Assert.False(refused.LockedNow);
    }

    [Fact]
    public void Verify_after_the_lockout_needs_a_new_code_and_has_fresh_attempts()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.WrongCodes(5);
        flow.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(OtpRefusalReason.NotRequested, flow.VerifyRefused(right: true).Refusal.Reason);
        Assert.Equal(ParticipantStatus.AwaitingOtp, flow.State.StatusAt(flow.Now));

        flow.RequestReady();
        Assert.Equal(4, flow.VerifyRefused(right: false).Refusal.AttemptsRemaining);
        Assert.IsType<VerifyResult.Authenticated>(flow.Verify(right: true));
    }

    [Fact]
    public void Verify_bans_participant_at_the_third_lockout()
    {
        var flow = new OtpFlow();
        for (var lockout = 1; lockout <= 2; lockout++)
        {
            flow.RequestReady();
            var locked = flow.WrongCodes(5);
            Assert.Equal(OtpRefusalReason.Locked, locked.Refusal.Reason);
            Assert.Equal(lockout, flow.State.Lockouts);
            flow.Advance(TimeSpan.FromMinutes(15));
        }
        flow.RequestReady();
        flow.WrongCodes(4);

        var third = flow.VerifyRefused(right: false);

        Assert.Equal(OtpRefusalReason.Banned, third.Refusal.Reason);
        Assert.Equal("participant_banned", third.Refusal.ErrorCode);
        Assert.Null(third.Refusal.RetryAfter);
        Assert.True(third.LockedNow);
        Assert.True(third.NewState!.Banned);
        Assert.Null(third.NewState.LockedUntil);
        Assert.Equal(3, third.NewState.Lockouts);
        Assert.Equal(ParticipantStatus.Banned, third.NewState.StatusAt(flow.Now));
    }

    [Fact]
    public void A_banned_participant_stays_refused_however_long_it_waits()
    {
        var flow = new OtpFlow(policy: new OtpPolicy { MaxLockouts = 1 });
        flow.RequestReady();
        flow.WrongCodes(5);
        flow.Advance(TimeSpan.FromDays(2));

        Assert.Equal(OtpRefusalReason.Banned, flow.RequestRefused().Reason);
        Assert.Equal(OtpRefusalReason.Banned, flow.ResendRefused().Reason);
        Assert.Equal(OtpRefusalReason.Banned, flow.VerifyRefused(right: true).Refusal.Reason);
        Assert.Equal(OtpRefusalReason.Banned, flow.ViewRefused().Reason);
    }

    [Fact]
    public void Verify_uses_the_policy_limits()
    {
        var flow = new OtpFlow(policy: new OtpPolicy { MaxAttempts = 3, Lockout = TimeSpan.FromMinutes(1) });
        flow.RequestReady();
        flow.WrongCodes(2);

        var third = flow.VerifyRefused(right: false);

        Assert.Equal(OtpRefusalReason.Locked, third.Refusal.Reason);
        Assert.Equal(TimeSpan.FromMinutes(1), third.Refusal.RetryAfter);
    }

    [Fact]
    public void Verify_after_expiry_is_refused_with_otp_expired_and_counts_no_attempt()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(10));

        var refused = flow.VerifyRefused(right: true);

        Assert.Equal(OtpRefusalReason.Expired, refused.Refusal.Reason);
        Assert.Equal("otp_expired", refused.Refusal.ErrorCode);
        Assert.Null(refused.NewState);
        Assert.Equal(0, flow.State.FailedAttempts);
    }

    [Fact]
    public void Verify_one_tick_before_expiry_still_accepts_the_code()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));

        Assert.IsType<VerifyResult.Authenticated>(flow.Verify(right: true));
    }

    [Fact]
    public void Verify_with_a_resent_code_accepts_the_same_value()
    {
        var flow = new OtpFlow();
        flow.RequestReady();
        flow.Advance(TimeSpan.FromMinutes(1));
        flow.ResendReady();

        Assert.IsType<VerifyResult.Authenticated>(flow.Verify(right: true));
    }

    [Fact]
    public void Verify_with_the_protector_compares_the_candidate_with_the_stored_code()
    {
        var protector = AesGcmCodeProtectorTests.Protector(AesGcmCodeProtectorTests.RandomKey());
        var issuer = new OtpCodeIssuer(new FixedCodeGenerator("048213"), protector);
        var policy = new OtpPolicy();
        var now = OtpFlow.Start;
        var state = Assert.IsType<OtpCodeResult.Ready>(OtpRules.RequestCode(OtpState.Initial, policy, now, OtpMode.Auto, () => issuer.Issue(policy, "s_1", "p_1"))).NewState!;

        var wrong = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(state, policy, now, protector, "s_1", "p_1", "048214"));
        Assert.Equal(OtpRefusalReason.InvalidCode, wrong.Refusal.Reason);
        // Bound to p_1: under another participant it opens with no key, so it is no code there (expired), not a guess.
        var elsewhere = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(wrong.NewState!, policy, now, protector, "s_1", "p_2", "048213"));
        Assert.Equal(OtpRefusalReason.Expired, elsewhere.Refusal.Reason);

        Assert.IsType<VerifyResult.Authenticated>(OtpRules.Verify(wrong.NewState!, policy, now, protector, "s_1", "p_1", "048213"));
    }

    [Fact]
    public void Verify_of_a_code_no_configured_key_opens_is_expired_counts_no_attempt_and_lets_a_new_code_be_issued()
    {
        var (droppedKey, currentKey) = (AesGcmCodeProtectorTests.RandomKey(), AesGcmCodeProtectorTests.RandomKey());
        var policy = new OtpPolicy();
        var now = OtpFlow.Start;
        var oldIssuer = new OtpCodeIssuer(new FixedCodeGenerator("048213"), AesGcmCodeProtectorTests.Protector(droppedKey));
        var sealedWithDroppedKey = Assert.IsType<OtpCodeResult.Ready>(
            OtpRules.RequestCode(OtpState.Initial, policy, now, OtpMode.Auto, () => oldIssuer.Issue(policy, "s_1", "p_1"))).NewState!;
        var afterOneWrong = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(sealedWithDroppedKey, policy, now, false)).NewState!;
        var protector = AesGcmCodeProtectorTests.Protector(currentKey);

        var refused = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(afterOneWrong, policy, now, protector, "s_1", "p_1", "048213"));

        Assert.Equal(OtpRefusalReason.Expired, refused.Refusal.Reason);
        Assert.False(refused.LockedNow);
        Assert.Equal(afterOneWrong.FailedAttempts, refused.NewState!.FailedAttempts);
        Assert.False(refused.NewState.HasActiveCodeAt(now));
        var newIssuer = new OtpCodeIssuer(new FixedCodeGenerator("551177"), protector);
        var again = Assert.IsType<OtpCodeResult.Ready>(
            OtpRules.RequestCode(refused.NewState, policy, now, OtpMode.Auto, () => newIssuer.Issue(policy, "s_1", "p_1")));
        Assert.True(again.Code.IssuedNew);
        Assert.IsType<VerifyResult.Authenticated>(OtpRules.Verify(again.NewState!, policy, now, protector, "s_1", "p_1", "551177"));
    }

    [Fact]
    public void Verify_replayed_on_a_stale_state_cannot_undo_attempts_already_written()
    {
        // Two requests read the same state; the rules are deterministic, so after an ETag conflict the loser
        // re-reads and decides again: the attempts add up instead of overwriting each other.
        var flow = new OtpFlow();
        flow.RequestReady();
        var read = flow.State;

        var first = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(read, flow.Policy, flow.Now, false));
        var retried = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(first.NewState!, flow.Policy, flow.Now, false));

        Assert.Equal(2, retried.NewState!.FailedAttempts);
    }

    private sealed class FixedCodeGenerator(string code) : IOtpCodeGenerator
    {
        public string Generate(int length) => code;
    }
}
