namespace OtpSessions.Core.Common;

/// <summary>
/// The language of a participant's messages and join page, by its base language tag on the wire (<c>en</c>, <c>es</c>,
/// <c>fr</c>, <c>de</c>, <c>it</c>, <c>pt</c>, <c>nl</c>, <c>pl</c>, <c>tr</c>, <c>ar</c>). <see cref="Locales"/> reads
/// request tags and picks one from a phone number.
/// </summary>
public enum Locale
{
    En,
    Es,
    Fr,
    De,
    It,
    Pt,
    Nl,
    Pl,
    Tr,
    Ar,
}
