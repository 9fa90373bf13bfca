using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Common;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Join;

/// <summary>
/// The mapping between the stored participant and the OTP rules' state, exercised the way the application service uses
/// it: read the row, run a rule at the (fake) current time, write the new state back into the row.
/// </summary>
public sealed class ParticipantOtpTests
{
    private static readonly OtpPolicy Policy = new();

    private readonly FakeTimeProvider _time = new(Now);
    private int _codes;

    private DateTimeOffset At => _time.GetUtcNow();

    private NewOtpCode Issue() => new($"c_{++_codes}", $"v1.protected-{_codes}");

    private static Participant Auto(Session session) => Participant(session, new Contact(Channel.Sms, "+14155550100"), ParticipantStatus.Opened);

    private Participant Request(Session session, Participant p)
    {
        var ready = Assert.IsType<OtpCodeResult.Ready>(OtpRules.RequestCode(ParticipantOtp.StateOf(p), session.Policy, At, p.OtpMode, Issue));
        return ready.NewState is { } state ? ParticipantOtp.Apply(p, state, At) : p;
    }

    private (Participant Participant, VerifyResult Result) Verify(Session session, Participant p, bool right)
    {
        var result = OtpRules.Verify(ParticipantOtp.StateOf(p), session.Policy, At, right);
        return (result.NewState is { } state ? ParticipantOtp.Apply(p, state, At) : p, result);
    }

    [Fact]
    public void A_participant_before_the_otp_page_maps_to_the_initial_state()
    {
        var state = ParticipantOtp.StateOf(Auto(Session()));

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
        Assert.Equal(Now, p.OtpRequestedAt);
        Assert.Equal("c_1", p.CurrentCode!.CodeId);
        Assert.Equal("v1.protected-1", p.CurrentCode.ProtectedCode);
        Assert.Equal(Now.AddMinutes(10), p.CurrentCode.ExpiresAt);
        Assert.Equal(Now, p.CurrentCode.IssuedAt);
        Assert.Equal(1, p.CurrentCode.Sends);
        Assert.Equal(0, p.CurrentCode.SendsAccepted);
        Assert.Equal([Now], p.OtpSendTimes);
        Assert.DoesNotContain("protected", p.CurrentCode.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_state_reads_back_as_the_state_that_was_written()
    {
        var session = Session();
        var p = Request(session, Auto(session));
        (p, _) = Verify(session, p, right: false);

        var state = ParticipantOtp.StateOf(p);

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
        p = p with { CurrentCode = p.CurrentCode! with { SendsAccepted = 1 } };
        _time.Advance(Policy.ResendCooldown);

        var resent = ParticipantOtp.Apply(p, OtpRules.Resend(ParticipantOtp.StateOf(p), Policy, At, OtpMode.Auto, Issue).NewState!, At);

        Assert.Equal(("c_1", 2, 1), (resent.CurrentCode!.CodeId, resent.CurrentCode.Sends, resent.CurrentCode.SendsAccepted));
        _time.Advance(Policy.Lifetime);
        var renewed = Request(session, resent);
        Assert.Equal(("c_2", 1, 0), (renewed.CurrentCode!.CodeId, renewed.CurrentCode.Sends, renewed.CurrentCode.SendsAccepted));
        Assert.Equal(Now, renewed.OtpRequestedAt);
    }

    [Fact]
    public void The_right_code_authenticates_and_removes_the_code_from_the_row()
    {
        var session = Session();
        var p = Request(session, Auto(session));

        (p, var result) = Verify(session, p, right: true);

        Assert.IsType<VerifyResult.Authenticated>(result);
        Assert.Equal(ParticipantStatus.Authenticated, p.Status);
        Assert.Equal(Now, p.AuthenticatedAt);
        Assert.Null(p.CurrentCode);
        Assert.True(ParticipantOtp.StateOf(p).IsAuthenticated);
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
        Assert.Equal(Now + Policy.Lockout, p.LockedUntil);
        Assert.Equal(1, p.Lockouts);
        Assert.Equal(0, p.FailedAttempts);
        Assert.Null(p.CurrentCode);
        Assert.Equal(ParticipantStatus.Locked, p.StatusAt(At));
        _time.Advance(Policy.Lockout);
        Assert.Equal(ParticipantStatus.AwaitingOtp, p.StatusAt(At));
        Assert.Equal(ParticipantStatus.AwaitingOtp, ParticipantView.Of(session, p, At).Status);
        Assert.Equal("c_2", Request(session, p).CurrentCode!.CodeId);
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
        Assert.Equal(3, p.Lockouts);
        Assert.True(ParticipantOtp.StateOf(p).Banned);
        _time.Advance(TimeSpan.FromDays(1));
        var refused = Assert.IsType<OtpCodeResult.Refused>(OtpRules.RequestCode(ParticipantOtp.StateOf(p), Policy, At, OtpMode.Auto, Issue));
        Assert.Equal(OtpRefusalReason.Banned, refused.Refusal.Reason);
        Assert.Equal(ParticipantStatus.Banned, p.StatusAt(At));
    }

    [Fact]
    public void Manual_participants_get_a_code_but_no_send()
    {
        var session = Session();
        var manual = Participant(session, status: ParticipantStatus.Opened);

        var p = Request(session, manual);

        Assert.Equal(0, p.CurrentCode!.Sends);
        Assert.Empty(p.OtpSendTimes);
        Assert.Equal(ParticipantStatus.AwaitingOtp, p.Status);
    }

    [Fact]
    public void A_code_row_without_a_protected_value_counts_as_no_code()
    {
        var session = Session();
        var p = Auto(session) with { CurrentCode = new OtpCodeRef("c_9", Now.AddMinutes(5)) };

        Assert.Null(ParticipantOtp.StateOf(p).CodeId);
    }
}
