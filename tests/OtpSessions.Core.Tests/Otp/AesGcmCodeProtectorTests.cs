using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Tests.Otp;

public sealed class AesGcmCodeProtectorTests
{
    private static readonly CodeBinding C1 = new("s_1", "p_1", "c_1");

    private readonly AesGcmCodeProtector protector = Protector(RandomKey());

    /// <summary>The sealed box of a protected code: after <c>v2.{keyId}.</c>.</summary>
    private static byte[] Box(string protectedCode) => Base64Url.DecodeFromChars(protectedCode.AsSpan(protectedCode.LastIndexOf('.') + 1));

    private static string Header(string protectedCode) => protectedCode[..(protectedCode.LastIndexOf('.') + 1)];

    [Fact]
    public void Protected_code_round_trips_under_its_code_id()
    {
        var protectedCode = protector.Protect(C1, "048213");

        Assert.True(protector.TryUnprotect(protectedCode, C1, out var code));
        Assert.Equal("048213", code);
    }

    [Fact]
    public void Protected_code_is_versioned_names_its_key_and_is_base64url_of_nonce_ciphertext_and_tag()
    {
        var key = RandomKey();
        var protectedCode = Protector(key).Protect(C1, "048213");

        Assert.Equal($"v2.{MasterKey(key).CurrentKeyId}.", Header(protectedCode));
        Assert.Matches("^[A-Za-z0-9_-]{8}$", MasterKey(key).CurrentKeyId);
        Assert.Equal(12 + 6 + 16, Box(protectedCode).Length);
    }

    [Fact]
    public void Protecting_the_same_code_twice_gives_different_ciphertexts()
    {
        Assert.NotEqual(protector.Protect(C1, "048213"), protector.Protect(C1, "048213"));
    }

    [Fact]
    public void Check_finds_only_the_right_candidate_right()
    {
        var protectedCode = protector.Protect(C1, "048213");

        Assert.Equal(CodeCheck.Right, protector.Check(protectedCode, C1, "048213"));
        Assert.Equal(CodeCheck.Wrong, protector.Check(protectedCode, C1, "048214"));
        Assert.Equal(CodeCheck.Wrong, protector.Check(protectedCode, C1, "48213"));
        Assert.Equal(CodeCheck.Wrong, protector.Check(protectedCode, C1, "0482130"));
        Assert.Equal(CodeCheck.Wrong, protector.Check(protectedCode, C1, ""));
        Assert.Equal(CodeCheck.Wrong, protector.Check(protectedCode, C1, null));
    }

    [Theory]
    [InlineData("s_2", "p_1", "c_1")]
    [InlineData("s_1", "p_2", "c_1")]
    [InlineData("s_1", "p_1", "c_2")]
    public void Ciphertext_moved_to_another_session_participant_or_code_is_unreadable(string sessionId, string participantId, string codeId)
    {
        var protectedCode = protector.Protect(C1, "048213");
        var elsewhere = new CodeBinding(sessionId, participantId, codeId);

        Assert.False(protector.TryUnprotect(protectedCode, elsewhere, out var code));
        Assert.Null(code);
        Assert.Equal(CodeCheck.Unreadable, protector.Check(protectedCode, elsewhere, "048213"));
    }

    [Fact]
    public void After_a_rotation_the_new_key_encrypts_and_codes_of_the_previous_key_still_decrypt()
    {
        var (oldKey, newKey) = (RandomKey(), RandomKey());
        var before = Protector(oldKey).Protect(C1, "048213");
        var rotated = Protector(newKey, oldKey);

        var after = rotated.Protect(C1, "551177");

        Assert.True(rotated.TryUnprotect(before, C1, out var old));
        Assert.Equal("048213", old);
        Assert.Equal(CodeCheck.Right, rotated.Check(after, C1, "551177"));
        Assert.Equal($"v2.{MasterKey(newKey).CurrentKeyId}.", Header(after));
        Assert.False(Protector(oldKey).TryUnprotect(after, C1, out _));
        Assert.False(Protector(newKey).TryUnprotect(before, C1, out _)); // once the old key is dropped, its codes are gone
        Assert.Equal(CodeCheck.Unreadable, Protector(newKey).Check(before, C1, "048213")); // unreadable, not a wrong guess
    }

    [Theory]
    [InlineData(0)] // nonce
    [InlineData(12)] // ciphertext
    [InlineData(12 + 6)] // tag
    [InlineData(12 + 6 + 15)] // last tag byte
    public void Tampered_ciphertext_is_unreadable(int byteIndex)
    {
        var protectedCode = protector.Protect(C1, "048213");
        var box = Box(protectedCode);
        box[byteIndex] ^= 0x01;
        var tampered = Header(protectedCode) + Base64Url.EncodeToString(box);

        Assert.False(protector.TryUnprotect(tampered, C1, out _));
        Assert.Equal(CodeCheck.Unreadable, protector.Check(tampered, C1, "048213"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1.")]
    [InlineData("v1.!!!!")]
    [InlineData("v1.AAAA")]
    [InlineData("v2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v2.AAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v3.x.AAAA")]
    [InlineData("048213")]
    public void Malformed_values_are_refused_without_throwing(string value)
    {
        Assert.False(protector.TryUnprotect(value, C1, out _));
        Assert.Equal(CodeCheck.Unreadable, protector.Check(value, C1, "048213"));
    }

    [Fact]
    public void Truncated_ciphertext_is_refused()
    {
        var protectedCode = protector.Protect(C1, "048213");

        Assert.False(protector.TryUnprotect(protectedCode[..^4], C1, out _));
    }

    [Fact]
    public void Another_master_key_cannot_decrypt()
    {
        var protectedCode = protector.Protect(C1, "048213");

        Assert.False(Protector(RandomKey()).TryUnprotect(protectedCode, C1, out _));
    }

    [Fact]
    public void The_same_master_key_decrypts_across_instances()
    {
        var key = RandomKey();

        var protectedCode = Protector(key).Protect(C1, "048213");

        Assert.Equal(CodeCheck.Right, Protector(key).Check(protectedCode, C1, "048213"));
    }

    [Fact]
    public void Derived_keys_are_stable_per_purpose_and_independent_across_purposes()
    {
        var key = RandomKey();
        var masterKey = MasterKey(key);

        var invite = masterKey.DeriveKey(KeyPurposes.InviteToken);

        Assert.Equal(32, invite.Length);
        Assert.Equal(invite, MasterKey(key).DeriveKey(KeyPurposes.InviteToken));
        Assert.NotEqual(invite, masterKey.DeriveKey(KeyPurposes.CodeEncryption));
        Assert.NotEqual(invite, Convert.FromBase64String(key));
        Assert.NotEqual(invite, MasterKey(RandomKey()).DeriveKey(KeyPurposes.InviteToken));
    }

    [Fact]
    public void Derived_key_is_hkdf_sha256_with_the_purpose_as_info()
    {
        var key = RandomKey();

        var expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(key), 32, [], "invite-token"u8.ToArray());

        Assert.Equal(expected, MasterKey(key).DeriveKey("invite-token"));
    }

    [Fact]
    public void A_32_byte_base64_key_passes_validation()
    {
        Assert.True(Validate(RandomKey()).Succeeded);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_key_of_the_wrong_size_fails_validation_naming_the_setting(int size)
    {
        var result = Validate(Convert.ToBase64String(RandomNumberGenerator.GetBytes(size)));

        Assert.True(result.Failed);
        Assert.Contains("Otp__EncryptionKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64 at all")]
    public void A_missing_or_non_base64_key_fails_validation_naming_the_setting(string value)
    {
        var result = Validate(value);

        Assert.True(result.Failed);
        Assert.Contains("Otp__EncryptionKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_key_that_skipped_validation_still_stops_the_master_key_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MasterKey(Convert.ToBase64String(new byte[16])));

        Assert.Contains("Otp__EncryptionKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issuer_makes_a_fresh_code_id_and_a_protected_code_of_the_policy_length()
    {
        var issuer = new OtpCodeIssuer(new OtpCodeGenerator(), protector);
        var policy = new OtpPolicy { Length = 8 };

        var first = issuer.Issue(policy, "s_1", "p_1");
        var second = issuer.Issue(policy, "s_1", "p_1");

        Assert.StartsWith(OtpCodeIssuer.CodeIdPrefix, first.CodeId, StringComparison.Ordinal);
        Assert.NotEqual(first.CodeId, second.CodeId);
        Assert.True(protector.TryUnprotect(first.ProtectedCode, new CodeBinding("s_1", "p_1", first.CodeId), out var code));
        Assert.False(protector.TryUnprotect(first.ProtectedCode, new CodeBinding("s_1", "p_2", first.CodeId), out _));
        Assert.True(OtpCodeGenerator.IsWellFormed(code, 8));
        Assert.DoesNotContain(first.ProtectedCode, first.ToString(), StringComparison.Ordinal);
    }

    internal static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    internal static AesGcmCodeProtector Protector(string key, params string[] previous) => new(MasterKey(key, previous));

    private static OtpMasterKey MasterKey(string key, params string[] previous)
    {
        var options = new OtpKeyOptions { EncryptionKey = key };
        foreach (var old in previous)
        {
            options.PreviousEncryptionKeys.Add(old);
        }
        return new OtpMasterKey(Options.Create(options));
    }

    /// <summary>Exactly what <c>ValidateDataAnnotations()</c> runs at start-up.</summary>
    private static ValidateOptionsResult Validate(string key) =>
        new DataAnnotationValidateOptions<OtpKeyOptions>(Options.DefaultName)
            .Validate(Options.DefaultName, new OtpKeyOptions { EncryptionKey = key });
}
