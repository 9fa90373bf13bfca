using System.Net.Mail;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// Address rules: SMS addresses are E.164 numbers (<c>+</c>, country code, subscriber number; no spaces) that
/// libphonenumber knows as valid; email addresses are plain <c>local@domain.tld</c> (no display name, no comments,
/// no IP literals), ≤ 254 characters, stored with a lowercase domain.
/// </summary>
public static partial class ContactRules
{
    public const int MaxEmailLength = 254;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(Channel channel, string? address, out string normalized) => channel switch
    {
        Channel.Sms => TryNormalizePhone(address, out normalized),
        Channel.Email => TryNormalizeEmail(address, out normalized),
        _ => Fail(out normalized),
    };

    public static bool TryNormalizePhone(string? address, out string e164)
    {
        e164 = "";
        if (address is null || !E164Shape().IsMatch(address))
        {
            return false;
        }
        try
        {
            var number = Phones.Parse(address, null);
            if (!Phones.IsValidNumber(number))
            {
                return false;
            }
            e164 = Phones.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether a valid E.164 number can receive SMS by its country's numbering plan: a mobile number, or "fixed line or
    /// mobile" where the plan cannot tell them apart (North America). Fixed lines, premium-rate, toll-free, shared-cost,
    /// VoIP, pager, voicemail, personal numbers, UAN and unknown types cannot (premium-rate numbers are what SMS pumping targets).
    /// </summary>
    public static bool CanReceiveSms(string e164)
    {
        try
        {
            return Phones.GetNumberType(Phones.Parse(e164, null)) is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>The ISO 3166 region of a valid E.164 number (e.g. <c>US</c>), or null when it has none.</summary>
    public static string? RegionOf(string e164)
    {
        try
        {
            return Phones.GetRegionCodeForNumber(Phones.Parse(e164, null)) is { Length: 2 } region ? region : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    public static bool TryNormalizeEmail(string? address, out string email)
    {
        email = "";
        if (address is null || address.Length > MaxEmailLength || !EmailShape().IsMatch(address))
        {
            return false;
        }
        var at = address.LastIndexOf('@');
        var local = address[..at];
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address || !string.IsNullOrEmpty(parsed.DisplayName))
        {
            return false;
        }
        email = local + "@" + address[(at + 1)..].ToLowerInvariant();
        return true;
    }

    private static bool Fail(out string normalized)
    {
        normalized = "";
        return false;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164Shape();

    // local part: RFC 5322 atext and dots; domain: LDH labels (1–63, no leading/trailing hyphen), at least two, alphabetic TLD.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex EmailShape();
}
