using OtpSessions.Core.Join;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Join;

public sealed class LinkRulesTests
{
    private const string LinkHash = "hash-of-the-current-link";

    private static ParticipantWithTerms Link()
    {
        var session = Session();
        var participant = Participant(session);
        return new ParticipantWithTerms(session.AsTerms(), participant with { Invitation = participant.Invitation with { TokenHash = LinkHash } });
    }

    [Fact]
    public void A_current_link_of_an_active_session_is_valid_until_its_lifetime_ends()
    {
        var snapshot = Link();

        Assert.Equal(LinkCheck.Valid, LinkRules.Check(LinkHash, TokenKind.Invite, snapshot, Now));
        Assert.Equal(LinkCheck.Expired, LinkRules.Check(LinkHash, TokenKind.Invite, snapshot, snapshot.Participant.Invitation.LinkExpiresAt));
    }

    [Fact]
    public void Every_other_link_is_invalid_with_one_answer()
    {
        var snapshot = Link();
        var (session, participant) = snapshot;
        var cases = new (string, ParticipantWithTerms?)[]
        {
            (LinkHash, null),
            ("hash-of-an-unknown-token", snapshot),
            (LinkHash, snapshot with { Terms = session with { Status = SessionStatus.Closed } }),
            (LinkHash, snapshot with { Terms = session with { ExpiresAt = Now } }),
            (LinkHash, snapshot with { Participant = participant with { Status = ParticipantStatus.Reassigned } }),
            (LinkHash, snapshot with { Participant = participant with { Status = ParticipantStatus.Removed } }),
            (LinkHash, snapshot with { Participant = participant.Reported(Now) }),
            (LinkHash, snapshot with { Participant = participant with { Invitation = participant.Invitation with { TokenHash = "newer-link" } } }),
        };

        foreach (var (hash, found) in cases)
        {
            Assert.Equal(LinkCheck.Invalid, LinkRules.Check(hash, TokenKind.Invite, found, Now));
        }
    }

    [Fact]
    public void A_report_ends_every_access_token_of_the_participant()
    {
        var snapshot = Link();
        var grant = new AccessGrant("hash-of-an-access-token", Now.AddHours(12));
        var entered = snapshot with { Participant = snapshot.Participant with { AccessTokens = [grant] } };

        Assert.Equal(LinkCheck.Valid, LinkRules.Check(grant.TokenHash, TokenKind.Access, entered, Now));
        // Even a grant still on the row is refused once the participant is reported.
        Assert.Equal(LinkCheck.Invalid, LinkRules.Check(grant.TokenHash, TokenKind.Access,
            entered with { Participant = entered.Participant with { Status = ParticipantStatus.Reported } }, Now));
        Assert.Empty(entered.Participant.Reported(Now).AccessTokens);
    }

    [Fact]
    public void A_replaced_or_closed_expired_link_is_invalid_rather_than_expired()
    {
        var snapshot = Link();
        var later = snapshot.Participant.Invitation.LinkExpiresAt.AddMinutes(1);

        Assert.Equal(LinkCheck.Invalid, LinkRules.Check(LinkHash, TokenKind.Invite,
            snapshot with { Participant = snapshot.Participant with { Invitation = snapshot.Participant.Invitation with { TokenHash = "newer-link" } } }, later));
        Assert.Equal(LinkCheck.Invalid,
            LinkRules.Check(LinkHash, TokenKind.Invite, snapshot with { Terms = snapshot.Terms with { Status = SessionStatus.Closed } }, later));
    }

    [Fact]
    public void Every_entrys_access_token_works_on_its_own_until_it_expires_is_signed_out_or_the_participant_stops()
    {
        var snapshot = Link();
        // Two entries through the link; the second took the participant back to the OTP page: the first device keeps working.
        var participant = snapshot.Participant
            .WithAccessToken(new AccessGrant("access-1", Now.AddHours(12)), Now)
            .WithAccessToken(new AccessGrant("access-2", Now.AddHours(13)), Now) with { Status = ParticipantStatus.AwaitingOtp };
        var enteringAgain = snapshot with { Participant = participant };

        Assert.Equal(LinkCheck.Valid, LinkRules.Check("access-1", TokenKind.Access, enteringAgain, Now));
        Assert.Equal(LinkCheck.Valid, LinkRules.Check("access-2", TokenKind.Access, enteringAgain, Now));
        var signedOut = enteringAgain with { Participant = participant.WithoutAccessToken("access-1") };
        Assert.Equal(LinkCheck.Invalid, LinkRules.Check("access-1", TokenKind.Access, signedOut, Now));
        Assert.Equal(LinkCheck.Valid, LinkRules.Check("access-2", TokenKind.Access, signedOut, Now));
        Assert.Equal(LinkCheck.Expired, LinkRules.Check("access-1", TokenKind.Access, enteringAgain, Now.AddHours(12)));
        Assert.Equal(LinkCheck.Invalid, LinkRules.Check(LinkHash, TokenKind.Access, enteringAgain, Now));
        Assert.Equal(LinkCheck.Invalid, LinkRules.Check("access-1", TokenKind.Invite, enteringAgain, Now));
        Assert.Equal(LinkCheck.Invalid,
            LinkRules.Check("access-1", TokenKind.Access, enteringAgain with { Participant = participant with { Status = ParticipantStatus.Reassigned } }, Now));
        Assert.Equal(LinkCheck.Invalid,
            LinkRules.Check("access-1", TokenKind.Access, enteringAgain with { Terms = snapshot.Terms with { Status = SessionStatus.Closed } }, Now));
    }

    [Fact]
    public void A_participant_keeps_at_most_the_newest_access_tokens_and_drops_expired_ones()
    {
        var participant = Link().Participant.WithAccessToken(new AccessGrant("expires-soon", Now.AddMinutes(1)), Now);
        for (var i = 0; i < Core.Sessions.Participant.MaxAccessTokens; i++)
        {
            participant = participant.WithAccessToken(new AccessGrant($"access-{i}", Now.AddHours(12)), Now.AddMinutes(2));
        }

        Assert.Equal(Core.Sessions.Participant.MaxAccessTokens, participant.AccessTokens.Count);
        Assert.DoesNotContain(participant.AccessTokens, g => g.TokenHash == "expires-soon");
        Assert.Equal($"access-{Core.Sessions.Participant.MaxAccessTokens - 1}", participant.AccessTokens[^1].TokenHash);
    }
}
