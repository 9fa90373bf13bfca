using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>Stable error codes of the customer API (docs/api.md, "Customer API") besides the OTP ones (<see cref="Otp.OtpErrorCodes"/>).</summary>
public static class JoinErrorCodes
{
    /// <summary>404: unknown, revoked or superseded link, closed or expired session, reassigned or removed participant — one answer for all.</summary>
    public const string LinkInvalid = "link_invalid";

    /// <summary>410: the invite link is past its lifetime while the session is still active (the customer may ask for a new one).</summary>
    public const string LinkExpired = "link_expired";
}

/// <summary><c>GET /api/join</c>: what the customer's page needs to show.</summary>
public sealed record JoinView(SessionStatus SessionStatus, JoinParticipantView Participant, AuthenticationView Authentication);

public sealed record JoinParticipantView(string Name, ParticipantRole Role, ParticipantStatus Status, Locale Locale);

/// <summary>
/// <c>{ "required", "method": "otp" | "none", "mode": "auto" | "manual" }</c>: whether this entry needs a code
/// (<c>POST /api/join/otp</c>) or enters without one (<c>POST /api/join/enter</c>), and how a code would come.
/// </summary>
public sealed record AuthenticationView(bool Required, string Method, OtpMode Mode)
{
    public const string Otp = "otp";
    public const string None = "none";

    public static AuthenticationView Of(SessionTerms session, Participant participant) =>
        new(session.Policy.RequireOtp, session.Policy.RequireOtp ? Otp : None, participant.OtpMode);
}

/// <summary>
/// The OTP page's state (<c>POST /api/join/otp</c> and <c>…/otp/resend</c>): how the code comes, where it went (masked; null for
/// manual OTP), when it expires, when a resend is possible (null for manual OTP) and how many wrong codes remain.
/// </summary>
public sealed record OtpStatusView(OtpMode Mode, string? SentTo, DateTimeOffset ExpiresAt, DateTimeOffset? ResendAvailableAt, int AttemptsRemaining);

/// <summary>The body of <c>POST /api/join/otp/verify</c>.</summary>
public sealed record VerifyInput(string? Code)
{
    /// <summary>The longest candidate looked at; anything longer is a malformed request, not a guess.</summary>
    public const int MaxLength = 64;

    /// <summary>Without the candidate: safe if a record ends up in a log.</summary>
    public override string ToString() => "VerifyInput { … }";
}

/// <summary>An entry's opaque access token (only its hash is stored) and until when it works.</summary>
public sealed record AccessTokenView(string AccessToken, DateTimeOffset ExpiresAt)
{
    /// <summary>Without the token: safe if a record ends up in a log.</summary>
    public override string ToString() => $"AccessTokenView {{ ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary><c>GET /api/me</c>.</summary>
public sealed record MeView(string SessionId, SessionStatus SessionStatus, MeParticipantView Participant);

public sealed record MeParticipantView(string ParticipantId, string Name, ParticipantRole Role, Locale Locale);

/// <summary>The agent's OTP view: the code in clear (served with <c>Cache-Control: no-store</c>, audited).</summary>
public sealed record OtpCodeView(string Code, DateTimeOffset ExpiresAt)
{
    /// <summary>Without the code: safe if a record ends up in a log.</summary>
    public override string ToString() => $"OtpCodeView {{ ExpiresAt = {ExpiresAt:O} }}";
}

