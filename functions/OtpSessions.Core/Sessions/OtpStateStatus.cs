using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

/// <summary>What an OTP state means for the participant's status (the status belongs to the session model, above the OTP rules).</summary>
public static class OtpStateStatus
{
    /// <summary>
    /// The participant status this state implies at <paramref name="now"/> (<c>authenticated</c>, <c>banned</c>,
    /// <c>locked</c>, <c>awaiting_otp</c>), or null before the OTP page (the session flow's own status applies).
    /// A stored <c>locked</c> status is stale once <see cref="OtpState.LockedUntil"/> has passed: views should use this.
    /// </summary>
    public static ParticipantStatus? StatusAt(this OtpState state, DateTimeOffset now) =>
        state.IsAuthenticated ? ParticipantStatus.Authenticated
        : state.Banned ? ParticipantStatus.Banned
        : state.IsLockedAt(now) ? ParticipantStatus.Locked
        : state.ReachedOtpPage ? ParticipantStatus.AwaitingOtp
        : null;
}
