
namespace OtpSessions.Core.Otp;

/// <summary>Why an OTP rule said no. Each reason has one error code (docs/api.md) and one HTTP status.</summary>
public enum OtpRefusalReason
{
    /// <summary>423 <c>participant_locked</c> with Retry-After (until <see cref="OtpState.LockedUntil"/>).</summary>
    Locked,

    /// <summary>423 <c>participant_banned</c> without Retry-After: too many lockouts, the agent must reassign.</summary>
    Banned,

    /// <summary>409 <c>otp_manual_mode</c>: resend asked for a participant without an OTP channel.</summary>
    ManualMode,

    /// <summary>429 <c>too_many_requests</c> with Retry-After (resend cooldown or hourly cap).</summary>
    TooManyRequests,

    /// <summary>409 <c>otp_not_requested</c>: no code to verify against.</summary>
    NotRequested,

    /// <summary>410 <c>otp_expired</c>.</summary>
    Expired,

    /// <summary>400 <c>otp_invalid</c> with <see cref="OtpRefusal.AttemptsRemaining"/>.</summary>
    InvalidCode,

    /// <summary>403 <c>otp_view_disabled</c>: the policy does not let agents see codes.</summary>
    ViewDisabled,

    /// <summary>409 <c>otp_not_available</c>: the participant has not reached the OTP page, or no code is active.</summary>
    NotAvailable,

    /// <summary>
    /// 409 <c>otp_delivery_pending</c> with Retry-After: an Auto OTP code is queued, or was sent less than
    /// <see cref="Policy.OtpPolicy.AutoOtpViewDelay"/> ago, and may still arrive.
    /// </summary>
    DeliveryPending,

    /// <summary>409 <c>otp_delivered</c>: a delivery report says the Auto OTP code reached the participant.</summary>
    Delivered,
}
