using OtpSessions.Core.Events;
using Xunit;

namespace OtpSessions.Events.Tests;

public sealed class EventDataGuardTests
{
    [Theory]
    [InlineData("""{"sessionId":"s_1","participantId":"p_1","role":"primary","reference":"loan-8812"}""")]
    [InlineData("""{"invite":{"channel":"email","address":"d***@example.com"},"otp":{"channel":"sms","address":"+1******0100","mode":"auto"}}""")]
    [InlineData("""{"participants":[{"participantId":"p_1","address":"+44*******0123"}],"codeId":"c_9","at":"2030-01-01T09:00:00+00:00"}""")]
    [InlineData("""{"reference":"2024-0001-88120012","attemptsRemaining":0,"code":null}""")]
    public void Accepts_ids_roles_channels_masked_addresses_and_references(string data)
    {
        Assert.Null(EventDataGuard.FindViolation(data));
    }

    [Theory]
    [InlineData("""{"code":"482913"}""", "data.code")]
    [InlineData("""{"participant":{"otpCode":"482913"}}""", "data.participant.otpCode")]
    [InlineData("""{"token":"abc"}""", "data.token")]
    [InlineData("""{"accessToken":"abc"}""", "data.accessToken")]
    [InlineData("""{"participants":[{"invite_token":"abc"}]}""", "data.participants[0].invite_token")]
    [InlineData("""{"inviteToken":"abc"}""", "data.inviteToken")]
    public void Refuses_a_property_named_like_a_code_or_token_and_names_its_path(string data, string path)
    {
        var violation = EventDataGuard.FindViolation(data);

        Assert.NotNull(violation);
        Assert.Contains(path, violation);
        Assert.DoesNotContain("482913", violation);
        Assert.DoesNotContain("abc", violation);
    }

    [Theory]
    [InlineData("""{"invite":{"address":"dana@example.com"}}""")]
    [InlineData("""{"reference":"call dana.cole+loans@bank.example.co.uk"}""")]
    [InlineData("""{"otp":{"address":"+14155550100"}}""")]
    [InlineData("""{"notes":["reach me at +44 20 7946 0123"]}""")]
    public void Refuses_an_unmasked_phone_number_or_email_address_without_echoing_it(string data)
    {
        var violation = EventDataGuard.FindViolation(data);

        Assert.NotNull(violation);
        Assert.DoesNotContain("@example", violation);
        Assert.DoesNotContain("0100", violation);
        Assert.DoesNotContain("7946", violation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void Refuses_data_that_is_not_a_json_object(string data)
    {
        Assert.NotNull(EventDataGuard.FindViolation(data));
    }

    [Theory]
    [InlineData("dana@example.com", "d***@example.com")]
    [InlineData("crm:dana.cole@bank.example.co.uk/7", "crm:d***@bank.example.co.uk/7")]
    [InlineData("+14155550100", "+1******0100")]
    [InlineData("desk +44 20 7946 0123", "desk +44******0123")]
    [InlineData("agent-7", "agent-7")]
    public void MaskAddresses_masks_every_address_inside_a_text_so_the_guard_accepts_it(string text, string masked)
    {
        Assert.Equal(masked, EventDataGuard.MaskAddresses(text));
        Assert.False(EventDataGuard.ContainsUnmaskedAddress(EventDataGuard.MaskAddresses(text)));
    }
}
