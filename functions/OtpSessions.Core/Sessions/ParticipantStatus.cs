namespace OtpSessions.Core.Sessions;

/// <summary>
/// Wire form (snake_case): <c>invited → opened → awaiting_otp → authenticated</c>; or <c>locked</c> (until
/// <see cref="Otp.OtpState.LockedUntil"/>), <c>banned</c>, <c>reassigned</c>, <c>removed</c>; or <c>reported</c> (a recipient said
/// "not me": like <c>banned</c> its link, code and access stop and only a reassignment goes on — it outranks every other
/// status but <c>reassigned</c>/<c>removed</c>, see <see cref="Participant.Reported"/>).
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
    Reported,
}
