namespace OtpSessions.Core.Otp;

/// <summary>Stable error codes of the customer OTP flow and the agent's OTP view (docs/api.md).</summary>
public static class OtpErrorCodes
{
    public const string ParticipantLocked = "participant_locked";
    public const string ParticipantBanned = "participant_banned";
    public const string OtpRequired = "otp_required";
    public const string OtpManualMode = "otp_manual_mode";
    public const string TooManyRequests = ErrorCodes.TooManyRequests;
    public const string OtpNotRequested = "otp_not_requested";
    public const string OtpExpired = "otp_expired";
    public const string OtpInvalid = "otp_invalid";
    public const string OtpViewDisabled = "otp_view_disabled";
    public const string OtpNotAvailable = "otp_not_available";

    /// <summary>409 with Retry-After: an Auto OTP code is on its way, or was sent less than the policy's view delay ago.</summary>
    public const string OtpDeliveryPending = "otp_delivery_pending";

    /// <summary>409: a delivery report says the Auto OTP code reached the participant.</summary>
    public const string OtpDelivered = "otp_delivered";
}
