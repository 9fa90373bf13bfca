using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Join;

/// <summary>
/// The OTP page's state (<c>POST /api/join/otp</c> and <c>…/otp/resend</c>): how the code comes, where it went (masked; null for
/// manual OTP), when it expires, when a resend is possible (null for manual OTP) and how many wrong codes remain.
/// </summary>
public sealed record OtpStatusView(OtpMode Mode, string? SentTo, DateTimeOffset ExpiresAt, DateTimeOffset? ResendAvailableAt, int AttemptsRemaining);
