using OtpSessions.Core.Common;

namespace OtpSessions.Messaging.Tests;

public sealed class AddressMaskingTests
{
    [Theory]
    [InlineData("+14155550100", "+1******0100")]
    [InlineData("+447700900123", "+44******0123")]
    [InlineData("+33612345678", "+33*****5678")]
    [InlineData("+1415", "***")]
    [InlineData("not a number", "***")]
    public void Phone_keeps_the_country_code_and_last_four_digits(string phone, string masked) =>
        Assert.Equal(masked, AddressMasking.MaskPhone(phone));

    [Theory]
    [InlineData("dana@example.com", "d***@example.com")]
    [InlineData("d@example.com", "d***@example.com")]
    [InlineData("lee.cole+loans@bank.example", "l***@bank.example")]
    [InlineData("@example.com", "***")]
    [InlineData("dana@", "***")]
    [InlineData("dana", "***")]
    public void Email_keeps_the_first_character_and_the_domain(string email, string masked) =>
        Assert.Equal(masked, AddressMasking.MaskEmail(email));

    [Fact]
    public void Mask_picks_the_form_by_channel()
    {
        Assert.Equal("+1******0100", AddressMasking.Mask(MessageChannels.Sms, "+14155550100"));
        Assert.Equal("d***@example.com", AddressMasking.Mask(MessageChannels.Email, "dana@example.com"));
        Assert.Equal("***", AddressMasking.Mask("fax", "+14155550100"));
    }
}
