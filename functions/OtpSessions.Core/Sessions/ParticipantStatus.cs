namespace OtpSessions.Core.Sessions;

/// <summary>
/// Wire form (snake_case): <c>invited → opened → awaiting_otp → authenticated</c>; or <c>locked</c> (until
/// <see cref="Otp.OtpState.LockedUntil"/>), <c>banned</c>, <c>reassigned</c>, <c>removed</c>.
/// </summary>
public enum ParticipantStatus
{
    Invited,
    Opened,
    AwaitingOtp,
    Authenticated,
    Locked,
    Banned,
    Reassigned,
    Removed,
}
