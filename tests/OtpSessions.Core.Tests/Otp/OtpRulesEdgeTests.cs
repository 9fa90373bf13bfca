using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Tests.Otp;

/// <summary>
/// The OTP rules at their edges, on states as they are stored: a code active before the participant reached the OTP
/// page (a state written by an older version), half-voided codes, and exact boundaries of time and counts.
/// </summary>
public sealed class OtpRulesEdgeTests
{
    private static readonly DateTimeOffset Now = OtpFlow.Start;

    private static readonly OtpPolicy Policy = new();

    /// <summary>A code issued at <see cref="Now"/> and sent once, as RequestCode leaves it.</summary>
    private static OtpState Issued(OtpMode mode = OtpMode.Auto) =>
        Assert.IsType<OtpCodeResult.Ready>(OtpRules.RequestCode(OtpState.Initial, Policy, Now, mode, () => new NewOtpCode("c_1", "p_1"))).NewState!;

    private static NewOtpCode NoNewCode() => throw new InvalidOperationException("no new code may be issued");

    [Fact]
    public void An_active_code_of_a_participant_not_marked_on_the_otp_page_is_kept_and_the_page_is_marked()
    {
        var state = Issued() with { OtpRequestedAt = null };

        var ready = Assert.IsType<OtpCodeResult.Ready>(OtpRules.RequestCode(state, Policy, Now.AddMinutes(1), OtpMode.Auto, NoNewCode));

        Assert.Equal(state with { OtpRequestedAt = Now.AddMinutes(1) }, ready.NewState);
        Assert.False(ready.Code.IssuedNew);
        Assert.False(ready.Code.ShouldSend);
        Assert.Equal("c_1", ready.Code.CodeId);
        Assert.Equal(1, ready.Code.SendNumber);
    }

    [Fact]
    public void A_resend_of_an_active_code_marks_the_otp_page_and_sends_the_same_code_again()
    {
        var state = Issued() with { OtpRequestedAt = null };
        var later = Now + Policy.ResendCooldown;

        var ready = Assert.IsType<OtpCodeResult.Ready>(OtpRules.Resend(state, Policy, later, OtpMode.Auto, NoNewCode));

        Assert.Equal(later, ready.NewState!.OtpRequestedAt);
        Assert.Equal("c_1", ready.NewState.CodeId);
        Assert.Equal(2, ready.NewState.CodeSends);
        Assert.Equal([Now, later], ready.NewState.RecentSends);
        Assert.Equal(later, ready.NewState.LastSentAt);
        Assert.Equal(new ActiveCode("c_1", false, true, 2, Now + Policy.Lifetime, later + Policy.ResendCooldown, Policy.MaxAttempts), ready.Code);
    }

    [Fact]
    public void A_resend_exactly_when_the_cooldown_ends_goes_and_a_tick_before_it_is_refused_with_that_tick()
    {
        var state = Issued();
        var endsAt = Now + Policy.ResendCooldown;

        var early = Assert.IsType<OtpCodeResult.Refused>(OtpRules.Resend(state, Policy, endsAt.AddTicks(-1), OtpMode.Auto, NoNewCode));

        Assert.Equal(new OtpRefusal(OtpRefusalReason.TooManyRequests, RetryAfter: TimeSpan.FromTicks(1)), early.Refusal);
        Assert.IsType<OtpCodeResult.Ready>(OtpRules.Resend(state, Policy, endsAt, OtpMode.Auto, NoNewCode));
    }

    [Fact]
    public void A_new_code_starts_a_new_entry_and_keeps_only_the_sends_of_the_window()
    {
        var authenticated = Issued() with
        {
            Used = true,
            AuthenticatedAt = Now.AddMinutes(1),
            FailedAttempts = 2,
            RecentSends = [Now.AddHours(-2), Now],
        };
        var at = Now.AddMinutes(30);

        var ready = Assert.IsType<OtpCodeResult.Ready>(
            OtpRules.RequestCode(authenticated, Policy, at, OtpMode.Manual, () => new NewOtpCode("c_2", "p_2")));

        Assert.Equal(authenticated with
        {
            CodeId = "c_2",
            ProtectedCode = "p_2",
            IssuedAt = at,
            ExpiresAt = at + Policy.Lifetime,
            Used = false,
            CodeSends = 0,
            RecentSends = [Now],
            AuthenticatedAt = null,
        }, ready.NewState,
            new OtpStateComparer());
        Assert.Equal(new ActiveCode("c_2", true, false, 0, at + Policy.Lifetime, null, Policy.MaxAttempts - 2), ready.Code);
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void Verify_without_a_whole_unused_code_is_not_requested_and_changes_nothing(bool noCodeId, bool noProtectedCode, bool used)
    {
        var state = Issued() with
        {
            CodeId = noCodeId ? null : "c_1",
            ProtectedCode = noProtectedCode ? null : "p_1",
            Used = used,
        };

        var refused = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(state, Policy, Now, CodeCheck.Right));

        Assert.Equal(new OtpRefusal(OtpRefusalReason.NotRequested), refused.Refusal);
        Assert.Null(refused.NewState);
        Assert.False(refused.LockedNow);
    }

    [Fact]
    public void Verify_exactly_at_expiry_is_expired_and_changes_nothing()
    {
        var refused = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(Issued(), Policy, Now + Policy.Lifetime, CodeCheck.Right));

        Assert.Equal(new OtpRefusal(OtpRefusalReason.Expired), refused.Refusal);
        Assert.Null(refused.NewState);
    }

    [Fact]
    public void An_unreadable_code_ends_now_and_keeps_everything_else()
    {
        var state = Issued() with { FailedAttempts = 3 };
        var at = Now.AddMinutes(2);

        var refused = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(state, Policy, at, CodeCheck.Unreadable));

        Assert.Equal(new OtpRefusal(OtpRefusalReason.Expired), refused.Refusal);
        Assert.Equal(state with { ExpiresAt = at }, refused.NewState);
        Assert.False(refused.LockedNow);
    }

    [Fact]
    public void The_right_code_authenticates_consumes_the_code_and_clears_the_wrong_codes_only()
    {
        var state = Issued() with { FailedAttempts = 4, Lockouts = 1 };
        var at = Now.AddMinutes(2);

        var authenticated = Assert.IsType<VerifyResult.Authenticated>(OtpRules.Verify(state, Policy, at, CodeCheck.Right));

        Assert.Equal(state with { Used = true, AuthenticatedAt = at, FailedAttempts = 0 }, authenticated.NewState);
    }

    [Theory]
    // failed before, max attempts, lockouts before, max lockouts → the reason, attempts remaining
    [InlineData(0, 5, 0, 3, OtpRefusalReason.InvalidCode, 4)]
    [InlineData(3, 5, 0, 3, OtpRefusalReason.InvalidCode, 1)]
    [InlineData(4, 5, 0, 3, OtpRefusalReason.Locked, null)]
    [InlineData(4, 5, 1, 3, OtpRefusalReason.Locked, null)]
    [InlineData(4, 5, 2, 3, OtpRefusalReason.Banned, null)]
    [InlineData(0, 1, 0, 2, OtpRefusalReason.Locked, null)]
    [InlineData(0, 1, 0, 1, OtpRefusalReason.Banned, null)]
    public void A_wrong_code_costs_an_attempt_and_the_last_one_locks_or_at_the_last_lockout_bans(
        int failed, int maxAttempts, int lockouts, int maxLockouts, OtpRefusalReason reason, int? remaining)
    {
        var policy = new OtpPolicy { MaxAttempts = maxAttempts, MaxLockouts = maxLockouts };
        var state = Issued() with { FailedAttempts = failed, Lockouts = lockouts };
        var at = Now.AddMinutes(1);

        var refused = Assert.IsType<VerifyResult.Refused>(OtpRules.Verify(state, policy, at, CodeCheck.Wrong));

        Assert.Equal(reason, refused.Refusal.Reason);
        Assert.Equal(remaining, refused.Refusal.AttemptsRemaining);
        if (reason == OtpRefusalReason.InvalidCode)
        {
            Assert.Equal(state with { FailedAttempts = failed + 1 }, refused.NewState);
            Assert.False(refused.LockedNow);
            Assert.Null(refused.Refusal.RetryAfter);
            return;
        }
        var voided = state with
        {
            CodeId = null,
            ProtectedCode = null,
            IssuedAt = null,
            ExpiresAt = null,
            Used = false,
            CodeSends = 0,
            FailedAttempts = 0,
            Lockouts = lockouts + 1,
        };
        Assert.True(refused.LockedNow);
        Assert.Equal(reason == OtpRefusalReason.Banned
            ? voided with { Banned = true, LockedUntil = null }
            : voided with { LockedUntil = at + policy.Lockout }, refused.NewState);
        Assert.Equal(reason == OtpRefusalReason.Locked ? policy.Lockout : null, refused.Refusal.RetryAfter);
    }

    [Fact]
    public void A_lock_ends_exactly_at_its_time()
    {
        var locked = Issued() with { LockedUntil = Now.AddMinutes(5) };

        var refused = Assert.IsType<OtpCodeResult.Refused>(OtpRules.RequestCode(locked, Policy, Now.AddMinutes(2), OtpMode.Auto, NoNewCode));

        Assert.Equal(new OtpRefusal(OtpRefusalReason.Locked, RetryAfter: TimeSpan.FromMinutes(3)), refused.Refusal);
        Assert.True(locked.IsLockedAt(Now.AddMinutes(5).AddTicks(-1)));
        Assert.False(locked.IsLockedAt(Now.AddMinutes(5)));
        Assert.False((locked with { Banned = true }).IsLockedAt(Now));
        Assert.IsType<VerifyResult.Authenticated>(OtpRules.Verify(locked, Policy, Now.AddMinutes(5), CodeCheck.Right));
    }

    [Theory]
    [InlineData(false, false, false, true)]
    [InlineData(true, false, false, false)]
    [InlineData(false, true, false, false)]
    [InlineData(false, false, true, false)]
    public void A_code_is_active_while_it_has_an_id_and_a_sealed_value_is_unused_and_unexpired(bool noId, bool noValue, bool used, bool active)
    {
        var state = Issued() with { CodeId = noId ? null : "c_1", ProtectedCode = noValue ? null : "p_1", Used = used };

        Assert.Equal(active, state.HasActiveCodeAt(Now));
        Assert.Equal(active, state.HasActiveCodeAt(Now + Policy.Lifetime - TimeSpan.FromTicks(1)));
        Assert.False(state.HasActiveCodeAt(Now + Policy.Lifetime));
    }

    [Theory]
    // sends (minutes before now), max per hour → minutes from now the cap frees a slot
    [InlineData(new int[0], 1, 0)]
    [InlineData(new[] { 10 }, 2, 0)]
    [InlineData(new[] { 10 }, 1, 50)]
    [InlineData(new[] { 50, 10 }, 2, 10)]
    [InlineData(new[] { 10, 50 }, 2, 10)]
    [InlineData(new[] { 50, 30, 10 }, 2, 30)]
    [InlineData(new[] { 60, 10 }, 2, 0)]
    public void The_hourly_cap_frees_a_slot_when_enough_of_the_oldest_sends_have_left_the_window(int[] minutesAgo, int max, int freesIn)
    {
        var state = OtpState.Initial with { RecentSends = [.. minutesAgo.Select(m => Now.AddMinutes(-m))] };
        var policy = new OtpPolicy { MaxSendsPerHour = max, ResendCooldown = TimeSpan.Zero };

        Assert.Equal(Now.AddMinutes(freesIn), OtpRules.HourlyCapFreesAt(state, policy, Now));
        Assert.Equal(Now.AddMinutes(freesIn), OtpRules.NextSendAllowedAt(state, policy, Now));
    }

    [Theory]
    // last send (seconds ago), cooldown, the cap frees in → the next send in (seconds)
    [InlineData(null, 30, 0, 0)]
    [InlineData(10, 30, 0, 20)]
    [InlineData(30, 30, 0, 0)]
    [InlineData(10, 30, 100, 100)]
    [InlineData(10, 30, 20, 20)]
    public void The_next_send_waits_for_the_later_of_cooldown_and_cap(int? lastAgo, int cooldown, int capFreesIn, int nextIn)
    {
        // The oldest send fills the cap and leaves the window capFreesIn seconds from now (the cap is one more than the
        // sends when it is free); the last send is lastAgo seconds ago (the cooldown counts from it).
        IReadOnlyList<DateTimeOffset> sends =
            [.. capFreesIn > 0 ? [Now.AddSeconds(capFreesIn) - OtpRules.SendWindow] : Array.Empty<DateTimeOffset>(),
             .. lastAgo is { } ago ? [Now.AddSeconds(-ago)] : Array.Empty<DateTimeOffset>()];
        var state = OtpState.Initial with { RecentSends = sends };
        Assert.Equal(lastAgo is { } last ? Now.AddSeconds(-last) : null, state.LastSentAt);
        var policy = new OtpPolicy { MaxSendsPerHour = capFreesIn > 0 ? sends.Count : sends.Count + 1, ResendCooldown = TimeSpan.FromSeconds(cooldown) };

        Assert.Equal(Now.AddSeconds(nextIn), OtpRules.NextSendAllowedAt(state, policy, Now));
    }

    [Fact]
    public void The_send_window_is_one_hour_and_drops_a_send_exactly_an_hour_old()
    {
        var state = OtpState.Initial with { RecentSends = [Now.AddMinutes(-10), Now.AddHours(-1), Now.AddMinutes(-59)] };

        Assert.Equal(TimeSpan.FromHours(1), OtpRules.SendWindow);
        Assert.Equal([Now.AddMinutes(-59), Now.AddMinutes(-10)], state.SendsInWindowAt(Now));
    }

    private sealed class OtpStateComparer : IEqualityComparer<OtpState?>
    {
        public bool Equals(OtpState? x, OtpState? y) => x is not null && y is not null
            && x with { RecentSends = [] } == y with { RecentSends = [] } && x.RecentSends.SequenceEqual(y.RecentSends);

        public int GetHashCode(OtpState? obj) => 0;
    }
}
