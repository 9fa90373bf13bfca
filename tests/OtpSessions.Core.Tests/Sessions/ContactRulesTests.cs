using OtpSessions.Core.Common;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Sessions;

/// <summary>The address rules on their own: the limits of an email address, and what a phone rule says of garbage.</summary>
public sealed class ContactRulesTests
{
    /// <summary>An address of <paramref name="totalLength"/> characters whose local part has <paramref name="localLength"/>; the domain is labels of 60 characters and <c>.com</c>.</summary>
    private static string Email(int localLength, int totalLength)
    {
        var body = totalLength - localLength - "@.com".Length;
        var domain = new string([.. Enumerable.Range(1, body).Select(i => i % 61 == 0 ? '.' : 'b')]);
        return $"{new string('a', localLength)}@{domain}.com";
    }

    [Theory]
    [InlineData(64, 100, true)]
    [InlineData(65, 100, false)]
    [InlineData(10, 254, true)]
    [InlineData(10, 256, false)]
    public void An_email_address_has_at_most_64_characters_before_the_at_and_254_in_all(int local, int total, bool valid)
    {
        var address = Email(local, total);

        Assert.Equal(valid, ContactRules.TryNormalizeEmail(address, out var email));
        Assert.Equal(valid ? address : "", email);
    }

    [Fact]
    public void An_address_of_255_characters_is_refused_by_its_length_alone()
    {
        var address = Email(10, 256)[1..];

        Assert.Equal(255, address.Length);
        Assert.False(ContactRules.TryNormalizeEmail(address, out _));
        Assert.True(ContactRules.TryNormalizeEmail(address[1..], out _));
    }

    [Theory]
    [InlineData("dana.@example.com")]
    [InlineData(".dana@example.com")]
    [InlineData("da..na@example.com")]
    [InlineData(".@example.com")]
    public void A_local_part_may_not_start_or_end_with_a_dot_or_hold_two_in_a_row(string address)
    {
        Assert.False(ContactRules.TryNormalizeEmail(address, out var email));
        Assert.Equal("", email);
    }

    [Theory]
    [InlineData("d.a.n.a@example.com", "d.a.n.a@example.com")]
    [InlineData("Dana@EXAMPLE.com", "Dana@example.com")]
    public void A_local_part_with_single_dots_inside_is_kept_as_written(string address, string stored)
    {
        Assert.True(ContactRules.TryNormalizeEmail(address, out var email));
        Assert.Equal(stored, email);
    }

    [Fact]
    public void Nothing_is_no_address()
    {
        Assert.False(ContactRules.TryNormalizeEmail(null, out var email));
        Assert.Equal("", email);
        Assert.False(ContactRules.TryNormalizePhone(null, out var phone));
        Assert.Equal("", phone);
    }

    [Theory]
    [InlineData(Channel.Sms, "+14155550100", true, "+14155550100")]
    [InlineData(Channel.Email, "Dana@Example.com", true, "Dana@example.com")]
    [InlineData(Channel.Sms, "dana@example.com", false, "")]
    [InlineData(Channel.Email, "+14155550100", false, "")]
    [InlineData((Channel)99, "+14155550100", false, "")]
    public void An_address_is_normalised_by_the_rule_of_its_channel_and_an_unknown_channel_has_none(Channel channel, string address, bool valid, string normalized)
    {
        Assert.Equal(valid, ContactRules.TryNormalize(channel, address, out var result));
        Assert.Equal(normalized, result);
    }

    [Theory]
    [InlineData("not a number")]
    [InlineData("")]
    [InlineData("+")]
    public void Garbage_can_receive_no_sms_and_has_no_region(string value)
    {
        Assert.False(ContactRules.CanReceiveSms(value));
        Assert.Null(ContactRules.RegionOf(value));
    }

    [Theory]
    [InlineData("+14155550100", "US")]
    [InlineData("+442079460123", "GB")]
    [InlineData("+33612345678", "FR")]
    [InlineData("+80012345678", null)]
    public void A_number_names_its_region_and_a_non_geographic_number_none(string e164, string? region)
    {
        Assert.Equal(region, ContactRules.RegionOf(e164));
    }
}
