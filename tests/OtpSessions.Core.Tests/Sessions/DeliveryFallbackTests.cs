using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Sessions;

public sealed class DeliveryFallbackTests
{
    private static readonly Contact Phone = new(Channel.Sms, "+14155550100");
    private static readonly Contact Mail = new(Channel.Email, "dana@example.com");

    /// <summary>Invited by SMS, OTP by email: the invite SMS may fall back to the OTP address.</summary>
    private static (Session, Participant) InvitedBySms(OtpPolicy? policy = null)
    {
        var session = Session(policy);
        return (session, Participant(session) with { Invite = Phone, Otp = Mail });
    }

    /// <summary>Invited by email, OTP by SMS, on the OTP page with send 1 of the active code accepted.</summary>
    private static (Session, Participant) CodeBySms(OtpPolicy? policy = null)
    {
        var session = Session(policy);
        return (session, Participant(session, Phone, ParticipantStatus.AwaitingOtp) with
        {
            CurrentCode = new OtpCodeRef("c_1", Now.AddMinutes(10)) { ProtectedCode = "protected", IssuedAt = Now, Sends = 1, SendsAccepted = 1 },
        });
    }

    [Fact]
    public void A_failed_invite_sms_falls_back_to_the_email_otp_address()
    {
        var (session, p) = InvitedBySms();

        Assert.Equal(Mail, DeliveryFallback.ForInvitation(session, p, Now));
    }

    [Fact]
    public void An_invite_has_no_fallback_without_an_email_on_the_other_contact()
    {
        var (session, p) = InvitedBySms();

        Assert.Null(DeliveryFallback.ForInvitation(session, p with { Otp = null }, Now));
        Assert.Null(DeliveryFallback.ForInvitation(session, p with { Invite = Mail, Otp = Phone }, Now));
    }

    [Fact]
    public void An_invite_falls_back_at_most_once_per_attempt()
    {
        var (session, p) = InvitedBySms();

        Assert.Null(DeliveryFallback.ForInvitation(session, p with { Invitation = p.Invitation with { Fallback = true } }, Now));
    }

    [Fact]
    public void An_invite_has_no_fallback_for_a_replaced_participant_a_closed_or_expired_session_or_a_used_or_expired_link()
    {
        var (session, p) = InvitedBySms();

        Assert.Null(DeliveryFallback.ForInvitation(session, p with { Status = ParticipantStatus.Reassigned }, Now));
        Assert.Null(DeliveryFallback.ForInvitation(session, p with { Status = ParticipantStatus.Removed }, Now));
        Assert.Null(DeliveryFallback.ForInvitation(session with { Status = SessionStatus.Closed }, p, Now));
        Assert.Null(DeliveryFallback.ForInvitation(session, p, session.ExpiresAt));
        Assert.Null(DeliveryFallback.ForInvitation(session, p with { OpenedAt = Now }, Now));
        Assert.Null(DeliveryFallback.ForInvitation(session, p, p.Invitation.LinkExpiresAt));
    }

    [Fact]
    public void A_failed_code_sms_falls_back_to_the_email_invite_address()
    {
        var (session, p) = CodeBySms();

        Assert.Equal(Mail, DeliveryFallback.ForCode(session, p, "c_1", 1, Now));
    }

    [Fact]
    public void A_code_has_no_fallback_when_the_policy_forbids_email_otp()
    {
        var (session, p) = CodeBySms(new OtpPolicy { AllowEmailOtp = false });

        Assert.Null(DeliveryFallback.ForCode(session, p, "c_1", 1, Now));
    }

    [Fact]
    public void A_code_falls_back_only_while_it_is_the_active_unexpired_code_and_the_failed_send_is_the_latest()
    {
        var (session, p) = CodeBySms();
        var code = p.CurrentCode!;

        Assert.Null(DeliveryFallback.ForCode(session, p, "c_other", 1, Now));
        Assert.Null(DeliveryFallback.ForCode(session, p, "c_1", 1, code.ExpiresAt));
        Assert.Null(DeliveryFallback.ForCode(session, p with { CurrentCode = null }, "c_1", 1, Now));
        Assert.Null(DeliveryFallback.ForCode(session, p with { CurrentCode = code with { Sends = 2 } }, "c_1", 1, Now));
        Assert.Equal(Mail, DeliveryFallback.ForCode(session, p with { CurrentCode = code with { Sends = 2, FallbackSend = 1 } }, "c_1", 2, Now));
    }

    [Fact]
    public void A_code_send_falls_back_at_most_once()
    {
        var (session, p) = CodeBySms();

        Assert.Null(DeliveryFallback.ForCode(session, p with { CurrentCode = p.CurrentCode! with { FallbackSend = 1 } }, "c_1", 1, Now));
    }

    [Fact]
    public void A_code_sent_by_email_never_falls_back_to_sms()
    {
        var (session, p) = CodeBySms();

        Assert.Null(DeliveryFallback.ForCode(session, p with { Invite = Phone, Otp = Mail }, "c_1", 1, Now));
    }

    [Fact]
    public void A_code_has_no_fallback_for_a_replaced_participant_or_a_closed_session()
    {
        var (session, p) = CodeBySms();

        Assert.Null(DeliveryFallback.ForCode(session, p with { Status = ParticipantStatus.Reassigned }, "c_1", 1, Now));
        Assert.Null(DeliveryFallback.ForCode(session with { Status = SessionStatus.Closed }, p, "c_1", 1, Now));
    }

    [Fact]
    public void The_fallback_is_due_until_the_email_is_accepted_and_goes_to_the_other_contact()
    {
        var (_, p) = CodeBySms();
        var falling = p with { CurrentCode = p.CurrentCode! with { FallbackSend = 1, SendsAccepted = 0 } };

        Assert.True(falling.CurrentCode!.FallbackDue);
        Assert.Equal(Mail, falling.CodeContact);
        Assert.False((falling with { CurrentCode = falling.CurrentCode with { SendsAccepted = 1 } }).CurrentCode!.FallbackDue);
        Assert.Equal(Phone, p.CodeContact);
        Assert.Equal("invitation:i:1:fallback-email", DeliveryFallback.IdempotencyId("invitation:i:1"));
    }
}
