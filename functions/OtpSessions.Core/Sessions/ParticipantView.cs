using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

/// <summary>One participant as the agent sees it.</summary>
public sealed record ParticipantView(
    string ParticipantId,
    ParticipantRole Role,
    string Name,
    ContactView Invite,
    OtpView Otp,
    ParticipantStatus Status,
    InvitationView Invitation,
    OtpDeliveryView OtpDelivery,
    bool OtpViewable,
    DateTimeOffset? OtpViewableAt,
    DateTimeOffset? LockedUntil,
    string? ReplacedBy)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Replaces { get; init; }

    /// <summary>The language of the participant's messages and join page (the console shows it; the console itself stays English).</summary>
    public Locale Locale { get; init; }

    /// <summary>How an <c>authenticated</c> participant entered (its latest entry that still has access): a code, a passkey or none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EntryMethod? Method { get; init; }

    /// <summary>
    /// The participant as the agent sees it at <paramref name="now"/>. <see cref="OtpViewable"/>: the agent may read the
    /// code now (<see cref="Participant.AgentView"/>, the rule of the OTP view itself); <see cref="OtpViewableAt"/>:
    /// when an Auto OTP code already sent becomes viewable unless a delivery report confirms it first.
    /// </summary>
    public static ParticipantView Of(Session session, Participant p, DateTimeOffset now)
    {
        var otpView = p.AgentView(session, now);
        return new(p.ParticipantId, p.Role, p.Name,
            new ContactView(p.Invite.Channel, p.Invite.Masked),
            new OtpView(p.Otp?.Channel, p.Otp?.Masked, p.OtpMode),
            p.StatusAt(now),
            InvitationView.Of(p.Invitation),
            OtpDeliveryView.Of(p.OtpDelivery),
            otpView is AgentViewResult.Allowed,
            (otpView as AgentViewResult.Refused)?.ViewableAt,
            p.Status == ParticipantStatus.Locked && p.OtpState.LockedUntil > now ? p.OtpState.LockedUntil : null,
            p.ReplacedBy)
        {
            Replaces = p.Replaces,
            Locale = p.Locale,
            Method = p.StatusAt(now) == ParticipantStatus.Authenticated ? p.AccessTokens.LastOrDefault(g => g.ValidUntil > now)?.Method : null,
        };
    }
}
