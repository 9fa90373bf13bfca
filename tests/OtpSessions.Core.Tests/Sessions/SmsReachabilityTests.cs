using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Sessions;

/// <summary><c>address_not_mobile</c>: an SMS address must be a number that can receive SMS by its country's numbering plan.</summary>
public sealed class SmsReachabilityTests
{
    [Theory]
    [InlineData("+14155550100")] // North America: "fixed line or mobile"
    [InlineData("+14155550101")]
    [InlineData("+447911123456")] // UK mobile
    [InlineData("+33612345678")] // French mobile
    [InlineData("+4915123456789")] // German mobile
    public void Mobile_numbers_and_north_american_numbers_can_receive_sms(string address) =>
        Assert.True(ContactRules.CanReceiveSms(address));

    [Theory]
    [InlineData("+33123456789")] // French fixed line
    [InlineData("+442079460123")] // London fixed line
    [InlineData("+449098765432")] // UK premium-rate
    [InlineData("+18002345678")] // US toll-free
    [InlineData("+448001234567")] // UK toll-free
    [InlineData("+445612345678")] // UK VoIP
    public void Fixed_premium_rate_toll_free_and_voip_numbers_cannot(string address)
    {
        Assert.True(ContactRules.TryNormalizePhone(address, out _), "the number itself is valid");
        Assert.False(ContactRules.CanReceiveSms(address));
    }

    [Theory]
    [InlineData("invite", "+33123456789")]
    [InlineData("otp", "+449098765432")]
    public void A_session_start_with_an_sms_address_that_cannot_receive_sms_is_address_not_mobile(string field, string address)
    {
        var sms = new ContactInput(Channel.Sms, address);
        var email = new ContactInput(Channel.Email, "dana@example.com");
        var participant = field == "invite"
            ? new ParticipantInput(ParticipantRole.Primary, "Dana", sms, email)
            : new ParticipantInput(ParticipantRole.Primary, "Dana", email, sms);

        var outcome = SessionRules.ValidateStart(new StartSessionInput([participant], null), new OtpPolicy());

        Assert.Equal(ErrorCodes.AddressNotMobile, outcome.Failure?.Code);
        Assert.Equal([$"participants[0].{field}.address"], outcome.Failure!.Errors!.Keys);
    }
}
