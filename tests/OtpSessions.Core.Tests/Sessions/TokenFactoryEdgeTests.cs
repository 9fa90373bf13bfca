using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Sessions;

/// <summary>The token factory's edges: the invitation it makes, which keys it can still derive with, and what it refuses to read.</summary>
public sealed class TokenFactoryEdgeTests
{
    private static readonly string Current = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string Previous = Convert.ToBase64String(Enumerable.Range(50, 32).Select(i => (byte)i).ToArray());
    private static readonly string Dropped = Convert.ToBase64String(Enumerable.Range(90, 32).Select(i => (byte)i).ToArray());

    private static TokenFactory Factory(string key, params string[] previous)
    {
        var options = new OtpKeyOptions { EncryptionKey = key };
        foreach (var old in previous)
        {
            options.PreviousEncryptionKeys.Add(old);
        }
        return new TokenFactory(new OtpMasterKey(Options.Create(options)));
    }

    private static string KeyIdOf(string key) => Factory(key).CurrentKeyId;

    [Fact]
    public void A_new_invitation_is_pending_attempt_one_of_the_current_key_holding_only_the_hash_of_its_token()
    {
        var factory = Factory(Current, Previous);
        var (sessionId, participantId) = (SessionIds.NewSessionId(), SessionIds.NewParticipantId());
        var requestedAt = SessionFixtures.Now;

        var invitation = factory.NewInvitation(sessionId, participantId, requestedAt, requestedAt.AddDays(7));

        Assert.Equal(1, invitation.Attempt);
        Assert.Equal(DeliveryStatus.Queued, invitation.Status);
        Assert.Equal((requestedAt, requestedAt.AddDays(7)), (invitation.RequestedAt, invitation.LinkExpiresAt));
        Assert.Equal(KeyIdOf(Current), invitation.KeyId);
        Assert.Equal(32, invitation.InvitationId.Length);
        var token = factory.InviteToken(sessionId, participantId, invitation.InvitationId, invitation.KeyId);
        Assert.Equal(TokenFactory.Hash(token), invitation.TokenHash);
        Assert.NotEqual(factory.NewInvitation(sessionId, participantId, requestedAt, requestedAt).InvitationId, invitation.InvitationId);
    }

    [Fact]
    public void The_token_of_a_participant_is_the_token_of_its_current_invitation_and_key()
    {
        var factory = Factory(Current, Previous);
        var session = SessionFixtures.Session();
        var participant = SessionFixtures.Participant(session);
        var byPrevious = participant with { Invitation = participant.Invitation with { KeyId = KeyIdOf(Previous) } };

        Assert.Equal(factory.InviteToken(session.SessionId, participant.ParticipantId, participant.Invitation.InvitationId, null),
            factory.InviteToken(participant));
        Assert.Equal(Factory(Previous).InviteToken(session.SessionId, participant.ParticipantId, participant.Invitation.InvitationId, null),
            factory.InviteToken(byPrevious));
        Assert.NotEqual(factory.InviteToken(participant), factory.InviteToken(byPrevious));
    }

    [Theory]
    [InlineData("current", true)]
    [InlineData("previous", true)]
    [InlineData("none", true)]
    [InlineData("dropped", false)]
    public void A_link_can_be_derived_again_while_its_key_is_in_the_keyring(string keyOfLink, bool expected)
    {
        var factory = Factory(Current, Previous);
        var invitation = SessionFixtures.Participant(SessionFixtures.Session()).Invitation with
        {
            KeyId = keyOfLink switch
            {
                "current" => KeyIdOf(Current),
                "previous" => KeyIdOf(Previous),
                "dropped" => KeyIdOf(Dropped),
                _ => null,
            },
        };

        Assert.Equal(expected, factory.CanDerive(invitation));
    }

    [Fact]
    public void A_token_of_the_right_length_and_alphabet_but_another_format_byte_names_no_participant()
    {
        var bytes = Base64Url.DecodeFromChars(TokenFactory.NewAccessToken(SessionIds.NewSessionId(), SessionIds.NewParticipantId()));
        bytes[0] = TokenFactory.Format + 1;

        Assert.False(TokenFactory.TryReadHolder(Base64Url.EncodeToString(bytes), out var sessionId, out var participantId));
        Assert.Equal(("", ""), (sessionId, participantId));
        bytes[0] = TokenFactory.Format;
        Assert.True(TokenFactory.TryReadHolder(Base64Url.EncodeToString(bytes), out _, out _));
    }

    [Fact]
    public void A_token_one_character_short_or_long_names_no_participant()
    {
        var token = TokenFactory.NewAccessToken(SessionIds.NewSessionId(), SessionIds.NewParticipantId());

        Assert.Equal(60, TokenFactory.TokenLength);
        Assert.False(TokenFactory.TryReadHolder(token[..^1], out _, out _));
        Assert.False(TokenFactory.TryReadHolder(token + "A", out _, out _));
        Assert.False(TokenFactory.TryReadHolder(token[..^1] + "=", out _, out _));
    }

    [Theory]
    [InlineData("s_0123", "p_0123456789abcdef01234567")]
    [InlineData("s_0123456789abcdef0123456789abcdef", "p_01")]
    [InlineData("x_0123456789abcdef0123456789abcdef", "p_0123456789abcdef01234567")]
    public void Tokens_are_made_only_for_valid_session_and_participant_ids(string sessionId, string participantId)
    {
        Assert.Throws<ArgumentException>(() => TokenFactory.NewAccessToken(sessionId, participantId));
        Assert.Throws<ArgumentException>(() => Factory(Current).InviteToken(sessionId, participantId, "inv", null));
    }

    [Fact]
    public void The_stored_hash_is_base64url_of_sha256_and_an_empty_token_has_none()
    {
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("token"))), TokenFactory.Hash("token"));
        Assert.Throws<ArgumentException>(() => TokenFactory.Hash(""));
        Assert.Throws<ArgumentException>(() => Factory(Current).InviteToken(SessionIds.NewSessionId(), SessionIds.NewParticipantId(), "", null));
    }

    [Fact]
    public void A_link_of_a_dropped_key_cannot_be_derived_and_says_which_key()
    {
        var keyId = KeyIdOf(Dropped);

        var thrown = Assert.Throws<InvalidOperationException>(
            () => Factory(Current, Previous).InviteToken(SessionIds.NewSessionId(), SessionIds.NewParticipantId(), "inv", keyId));

        Assert.Contains(keyId, thrown.Message, StringComparison.Ordinal);
    }
}
