using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Tests.Otp;

/// <summary>The code protector and the master key at their edges: values too short to hold a code, missing parts, previous keys.</summary>
public sealed class OtpKeyEdgeTests
{
    private static readonly CodeBinding C1 = new("s_1", "p_1", "c_1");

    private static OtpKeyOptions Options(string key, params string[] previous)
    {
        var options = new OtpKeyOptions { EncryptionKey = key };
        foreach (var old in previous)
        {
            options.PreviousEncryptionKeys.Add(old);
        }
        return options;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(27)]
    public void A_sealed_box_shorter_than_nonce_and_tag_under_a_known_key_is_unreadable_without_throwing(int length)
    {
        var protector = AesGcmCodeProtectorTests.Protector(AesGcmCodeProtectorTests.RandomKey());
        var real = protector.Protect(C1, "048213");
        var header = real[..(real.LastIndexOf('.') + 1)];

        var tooShort = header + Base64Url.EncodeToString(new byte[length]);

        Assert.Equal(CodeCheck.Unreadable, protector.Check(tooShort, C1, "048213"));
        Assert.False(protector.TryUnprotect(tooShort, C1, out _));
    }

    [Fact]
    public void No_protected_code_or_no_binding_is_unreadable_without_throwing()
    {
        var protector = AesGcmCodeProtectorTests.Protector(AesGcmCodeProtectorTests.RandomKey());
        var real = protector.Protect(C1, "048213");

        Assert.Equal(CodeCheck.Unreadable, protector.Check(null!, C1, "048213"));
        Assert.Equal(CodeCheck.Unreadable, protector.Check(real, null!, "048213"));
        Assert.False(protector.TryUnprotect(real, null!, out var code));
        Assert.Null(code);
        Assert.Equal(CodeCheck.Wrong, protector.Check(real, C1, null));
        Assert.Equal(CodeCheck.Right, protector.Check(real, C1, "048213"));
    }

    [Theory]
    [InlineData("good", new string[0])]
    [InlineData("bad", new[] { "Otp__PreviousEncryptionKeys__0" })]
    [InlineData("short", new[] { "Otp__PreviousEncryptionKeys__0" })]
    [InlineData("blank", new string[0])]
    public void Each_previous_key_must_be_base64_of_32_bytes_and_blank_ones_are_skipped(string previous, string[] named)
    {
        var value = previous switch
        {
            "good" => AesGcmCodeProtectorTests.RandomKey(),
            "bad" => "not base64",
            "short" => Convert.ToBase64String(new byte[31]),
            _ => "  ",
        };
        var options = Options(AesGcmCodeProtectorTests.RandomKey(), value);

        var results = options.Validate(new ValidationContext(options)).ToList();

        Assert.Equal(named.Length, results.Count);
        Assert.All(results.Zip(named), r => Assert.StartsWith(r.Second, r.First.ErrorMessage, StringComparison.Ordinal));
        Assert.All(results, r => Assert.Equal([nameof(OtpKeyOptions.PreviousEncryptionKeys)], r.MemberNames));
        Assert.Equal(previous == "blank" ? 1 : 2, options.AllKeys().Count());
    }

    [Fact]
    public void The_current_key_is_not_checked_again_among_the_previous_ones()
    {
        var options = Options("not base64", AesGcmCodeProtectorTests.RandomKey());

        Assert.Empty(options.Validate(new ValidationContext(options)));
    }

    [Fact]
    public void A_key_is_derived_with_at_least_16_bytes_and_only_for_a_key_in_the_ring()
    {
        var master = new OtpMasterKey(Microsoft.Extensions.Options.Options.Create(Options(AesGcmCodeProtectorTests.RandomKey())));

        Assert.Throws<ArgumentOutOfRangeException>(() => master.DeriveKey(master.CurrentKeyId, "purpose", 15));
        Assert.Equal(16, master.DeriveKey(master.CurrentKeyId, "purpose", 16)!.Length);
        Assert.Null(master.DeriveKey("unknown", "purpose"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(" ", null)]
    [InlineData("", null)]
    [InlineData("AAAA", null)]
    public void Decoding_a_key_needs_base64_of_the_exact_size(string? value, byte[]? expected)
    {
        Assert.Equal(expected, OtpKeyOptions.TryDecode(value, 32));
        Assert.Equal(new byte[3], OtpKeyOptions.TryDecode(" AAAA ", 3));
    }
}
