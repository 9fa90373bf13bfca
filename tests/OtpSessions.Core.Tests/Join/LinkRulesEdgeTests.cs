using OtpSessions.Core.Join;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Join;

/// <summary>The credential rules at the exact end of a lifetime, and for rows that hold no hash at all.</summary>
public sealed class LinkRulesEdgeTests
{
    private static ParticipantWithTerms Snapshot(string? linkHash = "link")
    {
        var session = Session();
        var participant = Participant(session);
        return new ParticipantWithTerms(session, participant with { Invitation = participant.Invitation with { TokenHash = linkHash! } });
    }

    [Fact]
    public void An_invite_link_is_valid_up_to_a_tick_before_its_end_and_expired_from_then_on()
    {
        var snapshot = Snapshot();
        var end = snapshot.Participant.Invitation.LinkExpiresAt;

        Assert.Equal(LinkCheck.Valid, LinkRules.Check("link", TokenKind.Invite, snapshot, end.AddTicks(-1)));
        Assert.Equal(LinkCheck.Expired, LinkRules.Check("link", TokenKind.Invite, snapshot, end));
        Assert.Equal(LinkCheck.Expired, LinkRules.Check("link", TokenKind.Invite, snapshot, end.AddDays(1)));
    }

    [Fact]
    public void An_access_token_is_valid_up_to_a_tick_before_its_end_and_expired_from_then_on()
    {
        var snapshot = Snapshot();
        var until = Now.AddHours(12);
        snapshot = snapshot with { Participant = snapshot.Participant.WithAccessToken(new AccessGrant("access", until), Now) };

        Assert.Equal(LinkCheck.Valid, LinkRules.Check("access", TokenKind.Access, snapshot, until.AddTicks(-1)));
        Assert.Equal(LinkCheck.Expired, LinkRules.Check("access", TokenKind.Access, snapshot, until));
    }

    [Fact]
    public void A_row_without_a_link_hash_or_access_tokens_admits_nothing()
    {
        var snapshot = Snapshot(linkHash: null);

        Assert.Equal(LinkCheck.Invalid, LinkRules.Check("link", TokenKind.Invite, snapshot, Now));
        Assert.Equal(LinkCheck.Invalid, LinkRules.Check("link", TokenKind.Access, snapshot, Now));
    }

    [Theory]
    [InlineData("lin")]
    [InlineData("link2")]
    [InlineData("LINK")]
    [InlineData("")]
    public void Only_the_exact_hash_matches(string presented)
    {
        Assert.Equal(LinkCheck.Invalid, LinkRules.Check(presented, TokenKind.Invite, Snapshot(), Now));
    }

    [Fact]
    public void An_expired_session_stops_a_link_still_inside_its_own_lifetime()
    {
        var snapshot = Snapshot();
        snapshot = snapshot with { Terms = snapshot.Terms with { ExpiresAt = Now.AddMinutes(1) } };

        Assert.Equal(LinkCheck.Valid, LinkRules.Check("link", TokenKind.Invite, snapshot, Now));
        Assert.Equal(LinkCheck.Invalid, LinkRules.Check("link", TokenKind.Invite, snapshot, Now.AddMinutes(1)));
    }
}
