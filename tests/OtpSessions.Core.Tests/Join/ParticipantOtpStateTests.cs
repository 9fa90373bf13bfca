using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Common;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Join;

/// <summary>
/// The participant's one OTP state, exercised the way the application service uses it: take the participant's state,
/// run a rule at the (fake) current time, write the new state back with <see cref="Participant.WithOtp"/>.
/// </summary>
public sealed class ParticipantOtpStateTests
{
    private static readonly OtpPolicy Policy = new();

    private readonly FakeTimeProvider _time = new(Now);
    private int _codes;

    private DateTimeOffset At => _time.GetUtcNow();

    private NewOtpCode Issue() => new($"c_{++_codes}", $"v1.protected-{_codes}");

    private static Participant Auto(Session session) => Participant(session, new Contact(Channel.Sms, "+14155550100"), ParticipantStatus.Opened);

    private Participant Request(Session session, Participant p)
    {
        var ready = Assert.IsType<OtpCodeResult.Ready>(OtpRules.RequestCode(p.OtpState, session.Policy, At, p.OtpMode, Issue));
        return ready.NewState is { } state ? p.WithOtp(state, At) : p;
    }

    private (Participant Participant, VerifyResult Result) Verify(Session session, Participant p, bool right)
    {
        var result = OtpRules.Verify(p.OtpState, session.Policy, At, right);
        return (result.NewState is { } state ? p.WithOtp(state, At) : p, result);
    }

    [Fact]
    public void A_participant_before_the_otp_page_has_the_initial_state()
    {
        var state = Auto(Session()).OtpState;

        Assert.False(state.ReachedOtpPage);
        Assert.Null(state.CodeId);
        Assert.Equal(0, state.FailedAttempts);
        Assert.False(state.IsAuthenticated);
        Assert.Null(state.StatusAt(Now));
    }

    [Fact]
    public void Arriving_at_the_otp_page_stores_the_protected_code_and_marks_awaiting_otp()
    {
        var session = Session();

        var p = Request(session, Auto(session));

        Assert.Equal(ParticipantStatus.AwaitingOtp, p.Status);
        Assert.Equal(Now, p.OtpState.OtpRequestedAt);
        Assert.Equal("c_1", p.OtpState.CodeId);
        Assert.Equal("v1.protected-1", p.OtpState.ProtectedCode);
        Assert.Equal(Now.AddMinutes(10), p.OtpState.ExpiresAt);
        Assert.Equal(Now, p.OtpState.IssuedAt);
        Assert.Equal(1, p.OtpState.CodeSends);
        Assert.Equal(0, p.OtpState.CodeSendsAccepted);
        Assert.Equal([Now], p.OtpState.RecentSends);
        Assert.DoesNotContain("protected", p.OtpState.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_written_back_is_what_the_next_rule_decides_on()
    {
        var session = Session();
        var p = Request(session, Auto(session));
        (p, _) = Verify(session, p, right: false);

        var state = p.OtpState;

        Assert.True(state.ReachedOtpPage);
        Assert.Equal("c_1", state.CodeId);
        Assert.Equal("v1.protected-1", state.ProtectedCode);
        Assert.Equal(1, state.FailedAttempts);
        Assert.Equal(1, state.CodeSends);
        Assert.Equal(Now, state.LastSentAt);
        Assert.True(state.HasActiveCodeAt(Now));
    }

    [Fact]
    public void A_resend_keeps_the_accepted_count_of_the_same_code_and_a_new_code_starts_from_zero()
    {
        var session = Session();
        var p = Request(session, Auto(session));
        p = p with { OtpState = p.OtpState with { CodeSendsAccepted = 1 } };
        _time.Advance(Policy.ResendCooldown);

        var resent = p.WithOtp(OtpRules.Resend(p.OtpState, Policy, At, OtpMode.Auto, Issue).NewState!, At);

        Assert.Equal(("c_1", 2, 1), (resent.OtpState.CodeId, resent.OtpState.CodeSends, resent.OtpState.CodeSendsAccepted));
        _time.Advance(Policy.Lifetime);
        var renewed = Request(session, resent);
        Assert.Equal(("c_2", 1, 0), (renewed.OtpState.CodeId, renewed.OtpState.CodeSends, renewed.OtpState.CodeSendsAccepted));
        Assert.Equal(Now, renewed.OtpState.OtpRequestedAt);
    }

    [Fact]
    public void The_right_code_authenticates_and_drops_the_used_code()
    {
        var session = Session();
        var p = Request(session, Auto(session));

        (p, var result) = Verify(session, p, right: true);

        Assert.IsType<VerifyResult.Authenticated>(result);
        Assert.Equal(ParticipantStatus.Authenticated, p.Status);
        Assert.Equal(Now, p.OtpState.AuthenticatedAt);
        Assert.Null(p.OtpState.CodeId);
        Assert.Null(p.OtpState.ProtectedCode);
        Assert.False(p.OtpState.Used);
        Assert.True(p.OtpState.IsAuthenticated);
    }

    [Fact]
    public void Five_wrong_codes_lock_and_void_the_code_and_the_lock_passes_after_the_lockout()
    {
        var session = Session();
        var p = Request(session, Auto(session));

        for (var i = 0; i < Policy.MaxAttempts; i++)
        {
            (p, _) = Verify(session, p, right: false);
        }

        Assert.Equal(ParticipantStatus.Locked, p.Status);
        Assert.Equal(Now + Policy.Lockout, p.OtpState.LockedUntil);
        Assert.Equal(1, p.OtpState.Lockouts);
        Assert.Equal(0, p.OtpState.FailedAttempts);
        Assert.Null(p.OtpState.CodeId);
        Assert.Equal(ParticipantStatus.Locked, p.StatusAt(At));
        _time.Advance(Policy.Lockout);
        Assert.Equal(ParticipantStatus.AwaitingOtp, p.StatusAt(At));
        Assert.Equal(ParticipantStatus.AwaitingOtp, ParticipantView.Of(session, p, At).Status);
        Assert.Equal("c_2", Request(session, p).OtpState.CodeId);
    }

    [Fact]
    public void The_third_lockout_bans_the_participant_for_good()
    {
        var session = Session();
        var p = Request(session, Auto(session));

        for (var lockout = 1; lockout <= Policy.MaxLockouts; lockout++)
        {
            for (var i = 0; i < Policy.MaxAttempts; i++)
            {
                (p, _) = Verify(session, p, right: false);
            }
            if (lockout < Policy.MaxLockouts)
            {
                Assert.Equal(ParticipantStatus.Locked, p.Status);
                _time.Advance(Policy.Lockout);
                p = Request(session, p);
            }
        }

        Assert.Equal(ParticipantStatus.Banned, p.Status);
        Assert.Equal(3, p.OtpState.Lockouts);
        Assert.True(p.OtpState.Banned);
        _time.Advance(TimeSpan.FromDays(1));
        var refused = Assert.IsType<OtpCodeResult.Refused>(OtpRules.RequestCode(p.OtpState, Policy, At, OtpMode.Auto, Issue));
        Assert.Equal(OtpRefusalReason.Banned, refused.Refusal.Reason);
        Assert.Equal(ParticipantStatus.Banned, p.StatusAt(At));
    }

    [Fact]
    public void Manual_participants_get_a_code_but_no_send()
    {
        var session = Session();
        var manual = Participant(session, status: ParticipantStatus.Opened);

        var p = Request(session, manual);

        Assert.Equal(0, p.OtpState.CodeSends);
        Assert.Empty(p.OtpState.RecentSends);
        Assert.Equal(ParticipantStatus.AwaitingOtp, p.Status);
    }

    [Fact]
    public void A_code_without_a_protected_value_counts_as_no_code()
    {
        var session = Session();
        var p = Auto(session).WithOtp(new OtpState { OtpRequestedAt = Now, CodeId = "c_9", ExpiresAt = Now.AddMinutes(5), CodeSends = 1 }, Now);

        Assert.Null(p.OtpState.CodeId);
        Assert.Equal(0, p.OtpState.CodeSends);
        Assert.False(p.OtpState.HasActiveCodeAt(Now));
    }

    [Fact]
    public void Signing_out_ends_the_authenticated_entry()
    {
        var session = Session();
        var (p, _) = Verify(session, Request(session, Auto(session)), right: true);

        var signedOut = p.SignedOut();

        Assert.Equal(ParticipantStatus.Opened, signedOut.Status);
        Assert.False(signedOut.OtpState.IsAuthenticated);
        Assert.Null(signedOut.OtpState.AuthenticatedAt);
    }
}
