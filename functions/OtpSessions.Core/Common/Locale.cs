namespace OtpSessions.Core.Common;

/// <summary>The language of a participant's messages and join page. Wire form: <c>en</c> (default), <c>es</c>.</summary>
public enum Locale
{
    En,
    Es,
}
