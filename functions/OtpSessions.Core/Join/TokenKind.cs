namespace OtpSessions.Core.Join;

/// <summary>The two customer credentials: the invite link's token and an access token after authentication.</summary>
public enum TokenKind
{
    Invite,
    Access,
}
