namespace OtpSessions.Core.Sessions;

/// <summary>
/// Which channels this deployment can send on. Email always can; SMS needs a sender number (<c>Acs__SmsFrom</c>), which
/// can only be bought once the Communication Services resource exists, so a first deployment runs without one: SMS is
/// then "not configured" — health says so, and a participant that needs SMS (invite or OTP by SMS) is refused with 409
/// <c>sms_not_configured</c> instead of being accepted and failing later.
/// </summary>
public sealed record ChannelAvailability(bool Sms)
{
    /// <summary>The refusal for the first participant that needs a channel this deployment cannot send on, or null.</summary>
    public Failure? Refuse(IEnumerable<NewParticipant> participants)
    {
        ArgumentNullException.ThrowIfNull(participants);
        return !Sms && participants.Any(p => p.Invite.Channel == Channel.Sms || p.Otp?.Channel == Channel.Sms)
            ? new Failure(FailureKind.Conflict, ErrorCodes.SmsNotConfigured,
                "SMS is not configured for this service yet (no sender number); invite and send codes by email.")
            : null;
    }
}
