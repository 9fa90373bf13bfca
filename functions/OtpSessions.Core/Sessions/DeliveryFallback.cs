namespace OtpSessions.Core.Sessions;

/// <summary>
/// DESIGN "Delivery": a failed SMS (refused by the provider for good, or reported undelivered) falls back to the
/// participant's other known channel when that is email — the invite link to the OTP address, the code to the invite
/// address. The same content goes once per message (idempotency id <c>{original}:fallback-email</c>); never from email
/// to SMS, never for a reassigned/removed participant or a closed/expired session. Pure rules: the services decide with
/// them and record the result.
/// </summary>
public static class DeliveryFallback
{
    public const string IdempotencySuffix = ":fallback-email";

    /// <summary>The fallback email's idempotency id: derived from the failed message's, so retries never send twice.</summary>
    public static string IdempotencyId(string original) => original + IdempotencySuffix;

    /// <summary>
    /// Where the invite link goes instead of the current attempt's failed SMS: the participant's OTP address when it is
    /// email; null when there is no fallback (invited by email, no email OTP address, already fallen back, link already
    /// used or expired, participant not current, session not active).
    /// </summary>
    public static Contact? ForInvitation(Session session, Participant participant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(participant);
        return IsReachable(session, participant, now)
            && participant is { Invite.Channel: Channel.Sms, Otp: { Channel: Channel.Email } otp, OpenedAt: null, Invitation.Fallback: false }
            && participant.Invitation.LinkExpiresAt > now
                ? otp
                : null;
    }

    /// <summary>
    /// Where code <paramref name="codeId"/> goes instead of its failed SMS send number <paramref name="failedSend"/>: the
    /// invite address when it is email and the session's policy allows email OTP; null when there is no fallback (OTP by
    /// email already, the code is no longer the active one or has expired, a later send is on its way, this send already
    /// fell back, participant not current, session not active).
    /// </summary>
    public static Contact? ForCode(Session session, Participant participant, string codeId, int failedSend, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(participant);
        return IsReachable(session, participant, now)
            && session.Policy.AllowEmailOtp
            && participant is { Otp.Channel: Channel.Sms, Invite: { Channel: Channel.Email } invite, CurrentCode: { ProtectedCode: not null } code }
            && code.CodeId == codeId
            && code.ExpiresAt > now
            && failedSend > 0 && failedSend == code.Sends && code.FallbackSend < failedSend
                ? invite
                : null;
    }

    private static bool IsReachable(Session session, Participant participant, DateTimeOffset now) =>
        session.IsActiveAt(now) && participant.IsCurrent;
}
