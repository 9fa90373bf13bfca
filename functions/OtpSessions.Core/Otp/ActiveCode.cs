
namespace OtpSessions.Core.Otp;

/// <summary>The participant's active code after <see cref="OtpRules.RequestCode"/> or <see cref="OtpRules.Resend"/>.</summary>
/// <param name="CodeId">The active code's id (the <c>otp-deliveries</c> message carries it).</param>
/// <param name="IssuedNew">A new code was issued (stored on the participant row; event <c>otp.requested</c>).</param>
/// <param name="ShouldSend">
/// Enqueue one <c>otp-deliveries</c> message. False for manual OTP, for a code that is already active, and when
/// the resend cooldown or hourly cap holds a new code back (then <paramref name="ResendAvailableAt"/> says when).
/// </param>
/// <param name="SendNumber">
/// How many times this code has been handed to delivery (1 = first send). Use it in the sender's idempotency id
/// (<c>code:{codeId}:{sendNumber}</c>) so that a resend is not deduplicated as a retry of the first send.
/// </param>
/// <param name="ResendAvailableAt">When a resend will be accepted (Auto OTP); null for manual OTP.</param>
public sealed record ActiveCode(
    string CodeId,
    bool IssuedNew,
    bool ShouldSend,
    int SendNumber,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ResendAvailableAt,
    int AttemptsRemaining);
