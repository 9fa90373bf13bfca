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

    private static TokenFactory Factory(byte[]? master = null) =>
        TokenFactory.FromMasterKey(new OtpMasterKey(Options.Create(new OtpKeyOptions { EncryptionKey = Convert.ToBase64String(master ?? Master) })));

    [Fact]
    public void The_same_invitation_always_gives_the_same_token_so_a_retried_send_carries_the_same_link()
    {
        var id = SessionIds.NewInvitationId();

        Assert.Equal(Factory().InviteToken(id), Factory().InviteToken(id));
    }

    [Fact]
    public void Different_invitations_give_different_tokens()
    {
        var factory = Factory();

        var tokens = Enumerable.Range(0, 200).Select(_ => factory.InviteToken(SessionIds.NewInvitationId())).ToHashSet();

        Assert.Equal(200, tokens.Count);
    }

    [Fact]
    public void Invite_tokens_are_base64url_of_256_bits()
    {
        var token = Factory().InviteToken(SessionIds.NewInvitationId());

        Assert.Equal(43, token.Length);
        Assert.True(TokenFactory.IsWellFormed(token));
        Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
    }

    [Fact]
    public void Invite_tokens_are_hmac_sha256_of_the_invitation_id_under_the_hkdf_invite_token_subkey()
    {
        var id = SessionIds.NewInvitationId();
        var subkey = HKDF.DeriveKey(HashAlgorithmName.SHA256, Master, 32, salt: [], info: Encoding.UTF8.GetBytes("invite-token"));

        var expected = Base64Url.EncodeToString(HMACSHA256.HashData(subkey, Encoding.UTF8.GetBytes(id)));

        Assert.Equal(expected, Factory().InviteToken(id));
    }

    [Fact]
    public void Another_master_key_gives_other_tokens()
    {
        var id = SessionIds.NewInvitationId();
        var other = Master.Select(b => (byte)(b ^ 0xFF)).ToArray();

        Assert.NotEqual(Factory().InviteToken(id), Factory(other).InviteToken(id));
    }

    [Fact]
    public void Only_the_sha256_hash_is_stored_and_it_is_not_the_token()
    {
        var token = Factory().InviteToken(SessionIds.NewInvitationId());

        var hash = TokenFactory.Hash(token);

        Assert.NotEqual(token, hash);
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token))), hash);
        Assert.Equal(hash, TokenFactory.Hash(token));
    }

    [Fact]
    public void Access_tokens_are_random_256_bit_base64url()
    {
        var a = TokenFactory.NewAccessToken();
        var b = TokenFactory.NewAccessToken();

        Assert.NotEqual(a, b);
        Assert.Equal(43, a.Length);
        Assert.True(TokenFactory.IsWellFormed(a));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("short", false)]
    [InlineData("abcdefghijklmnopqrstu", false)]
    [InlineData("abcdefghijklmnopqrstuv", true)]
    [InlineData("abcdefghijklmnopqrstu/", false)]
    [InlineData("abcdefghijklmnopqrst-_", true)]
    public void Token_shape_is_checked_before_any_lookup(string? token, bool wellFormed) =>
        Assert.Equal(wellFormed, TokenFactory.IsWellFormed(token));

    [Fact]
    public void After_a_rotation_a_link_made_with_the_previous_key_is_derived_again_by_its_key_id_and_new_links_use_the_new_key()
    {
        var newMaster = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        var old = Factory();
        var options = new OtpKeyOptions { EncryptionKey = Convert.ToBase64String(newMaster) };
        options.PreviousEncryptionKeys.Add(Convert.ToBase64String(Master));
        var rotated = TokenFactory.FromMasterKey(new OtpMasterKey(Options.Create(options)));
        var id = SessionIds.NewInvitationId();

        Assert.Equal(old.InviteToken(id), rotated.InviteToken(id, old.CurrentKeyId));
        Assert.NotEqual(old.CurrentKeyId, rotated.CurrentKeyId);
        Assert.Equal(Factory(newMaster).InviteToken(id), rotated.InviteToken(id));
        Assert.Throws<InvalidOperationException>(() => Factory(newMaster).InviteToken(id, old.CurrentKeyId));
    }
}
