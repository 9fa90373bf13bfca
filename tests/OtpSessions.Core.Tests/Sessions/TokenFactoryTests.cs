using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Sessions;

public sealed class TokenFactoryTests
{
    private static readonly byte[] Master = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly string SessionId = SessionIds.NewSessionId();
    private static readonly string ParticipantId = SessionIds.NewParticipantId();

    private static TokenFactory Factory(byte[]? master = null) =>
        TokenFactory.FromMasterKey(new OtpMasterKey(Options.Create(new OtpKeyOptions { EncryptionKey = Convert.ToBase64String(master ?? Master) })));

    private static string Invite(TokenFactory factory, string invitationId, string? keyId = null) =>
        factory.InviteToken(SessionId, ParticipantId, invitationId, keyId);

    [Fact]
    public void The_same_invitation_always_gives_the_same_token_so_a_retried_send_carries_the_same_link()
    {
        var id = SessionIds.NewInvitationId();

        Assert.Equal(Invite(Factory(), id), Invite(Factory(), id));
    }

    [Fact]
    public void Different_invitations_give_different_tokens()
    {
        var factory = Factory();

        var tokens = Enumerable.Range(0, 200).Select(_ => Invite(factory, SessionIds.NewInvitationId())).ToHashSet();

        Assert.Equal(200, tokens.Count);
    }

    [Fact]
    public void A_token_names_its_session_and_participant_so_a_request_reads_that_row_directly()
    {
        var token = Invite(Factory(), SessionIds.NewInvitationId());

        Assert.Equal(TokenFactory.TokenLength, token.Length);
        Assert.True(TokenFactory.TryReadHolder(token, out var sessionId, out var participantId));
        Assert.Equal((SessionId, ParticipantId), (sessionId, participantId));
        Assert.True(TokenFactory.TryReadHolder(TokenFactory.NewAccessToken(SessionId, ParticipantId), out sessionId, out participantId));
        Assert.Equal((SessionId, ParticipantId), (sessionId, participantId));
    }

    [Fact]
    public void Invite_tokens_carry_128_bits_of_hmac_sha256_over_session_participant_and_invitation_under_the_hkdf_invite_token_subkey()
    {
        var id = SessionIds.NewInvitationId();
        var subkey = HKDF.DeriveKey(HashAlgorithmName.SHA256, Master, 32, salt: [], info: Encoding.UTF8.GetBytes("invite-token"));
        var mac = HMACSHA256.HashData(subkey, Encoding.UTF8.GetBytes($"{SessionId}|{ParticipantId}|{id}"))[..16];

        var bytes = Base64Url.DecodeFromChars(Invite(Factory(), id));

        Assert.Equal(TokenFactory.Format, bytes[0]);
        Assert.Equal(mac, bytes[^16..]);
    }

    [Fact]
    public void Another_master_key_gives_other_tokens()
    {
        var id = SessionIds.NewInvitationId();
        var other = Master.Select(b => (byte)(b ^ 0xFF)).ToArray();

        Assert.NotEqual(Invite(Factory(), id), Invite(Factory(other), id));
    }

    [Fact]
    public void Only_the_sha256_hash_is_stored_and_it_is_not_the_token()
    {
        var token = Invite(Factory(), SessionIds.NewInvitationId());

        var hash = TokenFactory.Hash(token);

        Assert.NotEqual(token, hash);
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token))), hash);
        Assert.Equal(hash, TokenFactory.Hash(token));
    }

    [Fact]
    public void Access_tokens_carry_128_random_bits()
    {
        var a = TokenFactory.NewAccessToken(SessionId, ParticipantId);
        var b = TokenFactory.NewAccessToken(SessionId, ParticipantId);

        Assert.NotEqual(a, b);
        Assert.Equal(TokenFactory.TokenLength, a.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh")]
    [InlineData("AQ//////////////////////////////////////////////////////////")]
    public void Anything_else_names_no_participant(string? token) =>
        Assert.False(TokenFactory.TryReadHolder(token, out _, out _));

    [Fact]
    public void After_a_rotation_a_link_made_with_the_previous_key_is_derived_again_by_its_key_id_and_new_links_use_the_new_key()
    {
        var newMaster = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        var old = Factory();
        var options = new OtpKeyOptions { EncryptionKey = Convert.ToBase64String(newMaster) };
        options.PreviousEncryptionKeys.Add(Convert.ToBase64String(Master));
        var rotated = TokenFactory.FromMasterKey(new OtpMasterKey(Options.Create(options)));
        var id = SessionIds.NewInvitationId();

        Assert.Equal(Invite(old, id), Invite(rotated, id, old.CurrentKeyId));
        Assert.NotEqual(old.CurrentKeyId, rotated.CurrentKeyId);
        Assert.Equal(Invite(Factory(newMaster), id), Invite(rotated, id));
        Assert.Throws<InvalidOperationException>(() => Invite(Factory(newMaster), id, old.CurrentKeyId));
    }
}
