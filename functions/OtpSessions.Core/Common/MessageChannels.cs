namespace OtpSessions.Core.Common;

/// <summary>The channel names used in views, events and delivery reports (lowercase, as in docs/api.md).</summary>
public static class MessageChannels
{
    public const string Sms = "sms";
    public const string Email = "email";
}
