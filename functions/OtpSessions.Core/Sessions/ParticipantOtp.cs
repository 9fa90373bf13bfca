using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// The one mapping between a stored <see cref="Participant"/> and the <see cref="OtpState"/> the OTP rules decide on.
/// The protected code lives on the participant row (<see cref="OtpCodeRef.ProtectedCode"/>), so a verification
/// reads one row and writes it back with its version.
/// </summary>
public static class ParticipantOtp
{
    public static OtpState StateOf(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var code = participant.CurrentCode;
        return new OtpState
        {
            ReachedOtpPage = participant.OtpRequestedAt is not null,
            CodeId = code?.ProtectedCode is null ? null : code.CodeId,
            ProtectedCode = code?.ProtectedCode,
            IssuedAt = code?.IssuedAt,
            ExpiresAt = code?.ProtectedCode is null ? null : code.ExpiresAt,
            CodeSends = code?.Sends ?? 0,
            FailedAttempts = participant.FailedAttempts,
            Lockouts = participant.Lockouts,
            LockedUntil = participant.LockedUntil,
            Banned = participant.Status == ParticipantStatus.Banned,
            // Authenticated is the state of the current entry: a new code (another entry through the link) ends it.
            AuthenticatedAt = participant.Status == ParticipantStatus.Authenticated ? participant.AuthenticatedAt : null,
            RecentSends = participant.OtpSendTimes,
            // The cooldown is at most the send window (OtpPolicy), so the last send inside it is the one that matters.
            LastSentAt = participant.OtpSendTimes.Count == 0 ? null : participant.OtpSendTimes.Max(),
        };
    }

    /// <summary>
    /// Whether the agent may read <paramref name="participant"/>'s code at <paramref name="now"/>: never in a session that
    /// is closed or expired, or for a participant reassigned or removed; otherwise as <see cref="OtpRules.CanAgentView"/>
    /// decides on its state, mode and delivery. The OTP view and the session view's <c>otpViewable</c> both ask this.
    /// </summary>
    public static AgentViewResult AgentView(Session session, Participant participant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(participant);
        return !session.IsActiveAt(now) || !participant.IsCurrent
            ? new AgentViewResult.Refused(new OtpRefusal(OtpRefusalReason.NotAvailable))
            : OtpRules.CanAgentView(StateOf(participant), session.Policy, now, participant.OtpMode, participant.OtpDelivery);
    }

    /// <summary>
    /// The participant with <paramref name="state"/> written back: the current code (a used or voided one is gone),
    /// attempts, lockouts, sends, and the status the state implies at <paramref name="now"/> (unchanged before the
    /// OTP page).
    /// </summary>
    public static Participant Apply(Participant participant, OtpState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(state);
        var sameCode = participant.CurrentCode is { } current && current.CodeId == state.CodeId;
        return participant with
        {
            OtpRequestedAt = state.ReachedOtpPage ? participant.OtpRequestedAt ?? now : participant.OtpRequestedAt,
            CurrentCode = state is { CodeId: { } codeId, ProtectedCode: { } protectedCode, ExpiresAt: { } expiresAt, Used: false }
                ? new OtpCodeRef(codeId, expiresAt)
                {
                    ProtectedCode = protectedCode,
                    IssuedAt = state.IssuedAt,
                    Sends = state.CodeSends,
                    SendsAccepted = sameCode ? participant.CurrentCode!.SendsAccepted : 0,
                }
                : null,
            FailedAttempts = state.FailedAttempts,
            Lockouts = state.Lockouts,
            LockedUntil = state.LockedUntil,
            AuthenticatedAt = state.AuthenticatedAt ?? participant.AuthenticatedAt,
            OtpSendTimes = state.RecentSends,
            Status = state.StatusAt(now) ?? participant.Status,
        };
    }
}
