using System.Globalization;
using PhoneNumbers;

namespace OtpSessions.Core.Common;

/// <summary>
/// The masked forms of addresses used in every view, event and log line (docs/api.md):
/// <c>+14155550100</c> → <c>+1******0100</c> (country code and last four digits kept) and
/// <c>dana@example.com</c> → <c>d***@example.com</c>.
/// </summary>
public static class AddressMasking
{
    private const string Hidden = "***";

    public static string Mask(string channel, string address) => channel switch
    {
        MessageChannels.Sms => MaskPhone(address),
        MessageChannels.Email => MaskEmail(address),
        _ => Hidden,
    };

    public static string MaskPhone(string phone)
    {
        var digits = phone.StartsWith('+') ? phone[1..] : phone;
        if (digits.Length < 7 || !digits.All(char.IsAsciiDigit))
        {
            return Hidden;
        }
        var countryCode = CountryCodeLength(phone.StartsWith('+') ? phone : "+" + phone);
        var hidden = digits.Length - countryCode - 4;
        return hidden < 2
            ? "+" + new string('*', digits.Length - 2) + digits[^2..]
            : "+" + digits[..countryCode] + new string('*', hidden) + digits[^4..];
    }

    public static string MaskEmail(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return Hidden;
        }
        var local = email[..at];
        var first = local[..StringInfo.GetNextTextElementLength(local)];
        return first + Hidden + email[at..];
    }

    private static int CountryCodeLength(string e164)
    {
        try
        {
            return PhoneNumberUtil.GetInstance().Parse(e164, null).CountryCode.ToString(CultureInfo.InvariantCulture).Length;
        }
        catch (NumberParseException)
        {
            return 1;
        }
    }
}
