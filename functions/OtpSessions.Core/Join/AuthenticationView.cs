using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>
/// <c>{ "required", "method": "otp" | "none", "mode": "auto" | "manual", "passkey" }</c>: whether this entry needs a code
/// (<c>POST /api/join/otp</c>) or enters without one (<c>POST /api/join/enter</c>), how a code would come, and whether a
/// passkey may stand in for the code (<c>POST /api/join/passkey/options</c>).
/// </summary>
public sealed record AuthenticationView(bool Required, string Method, OtpMode Mode, bool Passkey)
{
    public const string Otp = "otp";
    public const string None = "none";

    public static AuthenticationView Of(SessionTerms session, Participant participant, bool passkey) =>
        new(session.Policy.RequireOtp, session.Policy.RequireOtp ? Otp : None, participant.OtpMode, passkey);
}
