
namespace OtpSessions.Core.Join;

/// <summary>Stable error codes of the customer API (docs/api.md, "Customer API") besides the OTP ones (<see cref="Otp.OtpErrorCodes"/>).</summary>
public static class JoinErrorCodes
{
    /// <summary>404: unknown, revoked or superseded link, closed or expired session, reassigned or removed participant — one answer for all.</summary>
    public const string LinkInvalid = "link_invalid";

    /// <summary>410: the invite link is past its lifetime while the session is still active (the customer may ask for a new one).</summary>
    public const string LinkExpired = "link_expired";
}
