using OtpSessions.Core.Join;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Join;

public sealed class LinkRulesTests
{
    private static (TokenRecord Token, ParticipantSnapshot Snapshot) Link()
    {
        var session = Session();
        var participant = Participant(session);
        var token = new TokenRecord(participant.Invitation.TokenHash, session.SessionId, participant.ParticipantId, TokenKind.Invite,
            participant.Invitation.LinkExpiresAt, session.ExpiresAt);
        return (token, new ParticipantSnapshot(session, participant));
    }

    [Fact]
    public void A_current_link_of_an_active_session_is_valid_until_its_lifetime_ends()
    {
        var (token, snapshot) = Link();

        Assert.Equal(LinkCheck.Valid, LinkRules.Check(token, snapshot, TokenKind.Invite, Now));
        Assert.Equal(LinkCheck.Expired, LinkRules.Check(token, snapshot, TokenKind.Invite, token.ValidUntil));
    }

    [Fact]
    public void Every_other_link_is_invalid_with_one_answer()
    {
        var (token, snapshot) = Link();
        var (session, participant) = snapshot;
        var cases = new (TokenRecord?, ParticipantSnapshot?)[]
        {
            (null, null),
            (token, null),
            (token with { Revoked = true }, snapshot),
            (token with { Kind = TokenKind.Access }, snapshot),
            (token, snapshot with { Session = session with { Status = SessionStatus.Closed } }),
            (token, snapshot with { Session = session with { ExpiresAt = Now } }),
            (token, snapshot with { Participant = participant with { Status = ParticipantStatus.Reassigned } }),
            (token, snapshot with { Participant = participant with { Status = ParticipantStatus.Removed } }),
            (token, snapshot with { Participant = participant with { Invitation = participant.Invitation with { TokenHash = "newer-link" } } }),
            (token with { ParticipantId = SessionIds.NewParticipantId() }, snapshot),
            (token with { SessionId = SessionIds.NewSessionId() }, snapshot),
        };

        foreach (var (record, found) in cases)
        {
            Assert.Equal(LinkCheck.Invalid, LinkRules.Check(record, found, TokenKind.Invite, Now));
        }
    }

    [Fact]
    public void A_revoked_or_closed_expired_link_is_invalid_rather_than_expired()
    {
        var (token, snapshot) = Link();
        var later = token.ValidUntil.AddMinutes(1);

        Assert.Equal(LinkCheck.Invalid, LinkRules.Check(token with { Revoked = true }, snapshot, TokenKind.Invite, later));
        Assert.Equal(LinkCheck.Invalid,
            LinkRules.Check(token, snapshot with { Session = snapshot.Session with { Status = SessionStatus.Closed } }, TokenKind.Invite, later));
    }

    [Fact]
    public void Every_entrys_access_token_works_on_its_own_until_it_expires_is_signed_out_or_the_participant_stops()
    {
        var (invite, snapshot) = Link();
        var first = invite with { TokenHash = "access-1", Kind = TokenKind.Access, ValidUntil = Now.AddHours(12) };
        var second = first with { TokenHash = "access-2" };
        // A second entry through the link took the participant back to the OTP page: the first device keeps working.
        var enteringAgain = snapshot with { Participant = snapshot.Participant with { Status = ParticipantStatus.AwaitingOtp } };

        Assert.Equal(LinkCheck.Valid, LinkRules.Check(first, enteringAgain, TokenKind.Access, Now));
        Assert.Equal(LinkCheck.Valid, LinkRules.Check(second, enteringAgain, TokenKind.Access, Now));
        Assert.Equal(LinkCheck.Invalid, LinkRules.Check(first with { Revoked = true }, enteringAgain, TokenKind.Access, Now));
        Assert.Equal(LinkCheck.Expired, LinkRules.Check(first, enteringAgain, TokenKind.Access, Now.AddHours(12)));
        Assert.Equal(LinkCheck.Invalid, LinkRules.Check(invite, enteringAgain, TokenKind.Access, Now));
        Assert.Equal(LinkCheck.Invalid,
            LinkRules.Check(first, snapshot with { Participant = snapshot.Participant with { Status = ParticipantStatus.Reassigned } }, TokenKind.Access, Now));
        Assert.Equal(LinkCheck.Invalid,
            LinkRules.Check(first, snapshot with { Session = snapshot.Session with { Status = SessionStatus.Closed } }, TokenKind.Access, Now));
    }
}
