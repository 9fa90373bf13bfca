namespace OtpSessions.Core.Common;

/// <summary>How a message reaches a person. Wire form: <c>sms</c>, <c>email</c>.</summary>
public enum Channel
{
    Sms,
    Email,
}
