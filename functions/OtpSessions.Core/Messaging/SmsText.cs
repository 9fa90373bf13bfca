namespace OtpSessions.Core.Messaging;

/// <summary>
/// SMS length rules (3GPP TS 23.038): text in the GSM 7-bit alphabet fits 160 characters in one segment
/// (153 per segment when split; extension characters such as <c>€ [ ] { }</c> take two); anything else is sent as
/// UCS-2 with 70 characters in one segment (67 when split).
/// </summary>
public static class SmsText
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    public static bool IsGsm7(string text) => text.All(c => Basic.Contains(c) || Extension.Contains(c));

    /// <summary>The number of segments the text is sent in.</summary>
    public static int Segments(string text)
    {
        if (IsGsm7(text))
        {
            var septets = text.Sum(c => Extension.Contains(c) ? 2 : 1);
            return septets <= 160 ? 1 : (septets + 152) / 153;
        }
        return text.Length <= 70 ? 1 : (text.Length + 66) / 67;
    }
}
