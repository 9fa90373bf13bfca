namespace OtpSessions.Core.Messaging;

/// <summary>
/// How many segments an SMS may take, by kind and encoding (<see cref="SmsText"/>): a code at most 2 in GSM 7-bit and
/// 3 in UCS-2, an invitation at most 3 and 4 — with the "not me" link and, for codes, the origin-bound last line.
/// </summary>
public static class SmsBudget
{
    public const int CodeGsm7 = 2;
    public const int CodeUcs2 = 3;
    public const int InvitationGsm7 = 3;
    public const int InvitationUcs2 = 4;

    public static bool CodeFits(string text) => SmsText.Segments(text) <= (SmsText.IsGsm7(text) ? CodeGsm7 : CodeUcs2);

    public static bool InvitationFits(string text) => SmsText.Segments(text) <= (SmsText.IsGsm7(text) ? InvitationGsm7 : InvitationUcs2);
}
