using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Sessions;

public sealed class SessionIdsTests
{
    [Fact]
    public void New_ids_have_their_prefix_and_128_or_96_random_bits()
    {
        var session = SessionIds.NewSessionId();
        var participant = SessionIds.NewParticipantId();

        Assert.Matches("^s_[0-9a-f]{32}$", session);
        Assert.Matches("^p_[0-9a-f]{24}$", participant);
        Assert.Matches("^[0-9a-f]{32}$", SessionIds.NewInvitationId());
        Assert.True(SessionIds.IsSessionId(session));
        Assert.True(SessionIds.IsParticipantId(participant));
    }

    [Fact]
    public void New_ids_do_not_repeat()
    {
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => SessionIds.NewSessionId()).Distinct().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s_")]
    [InlineData("s_0123456789abcdef0123456789abcde")]
    [InlineData("s_0123456789ABCDEF0123456789abcdef")]
    [InlineData("p_0123456789abcdef0123456789abcdef")]
    [InlineData("s_0123456789abcdef0123456789abcdef/x")]
    [InlineData("s_0123456789abcdef0123456789abcdef'")]
    public void Malformed_session_ids_are_refused(string? id) => Assert.False(SessionIds.IsSessionId(id));

    [Theory]
    [InlineData("p_0123456789abcdef01234567", true)]
    [InlineData("p_0123456789abcdef0123456", false)]
    [InlineData("s_0123456789abcdef01234567", false)]
    public void Participant_ids_are_checked(string id, bool valid) => Assert.Equal(valid, SessionIds.IsParticipantId(id));
}
