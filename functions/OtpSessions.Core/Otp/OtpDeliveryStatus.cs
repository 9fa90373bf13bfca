namespace OtpSessions.Core.Otp;

/// <summary>
/// The current code's way out: <c>none | queued | sent | delivered | failed</c>, or <c>refused</c>: a send budget
/// refused the send at the OTP page, so no code was issued (until <see cref="DeliveryState{TStatus}.RetryAt"/>).
/// </summary>
public enum OtpDeliveryStatus
{
    None,
    Queued,
    Sent,
    Delivered,
    Failed,
    Refused,
}
