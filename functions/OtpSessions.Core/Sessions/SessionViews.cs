using System.Text.Json.Serialization;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

/// <summary>The agent's view of a session (docs/api.md "Session view"). Addresses are masked.</summary>
public sealed record SessionView(
    string SessionId,
    SessionStatus Status,
    string? Reference,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string AgentId,
    string? Team,
    bool OtpRequired,
    IReadOnlyList<ParticipantView> Participants)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ClosedAt { get; init; }

    public static SessionView Of(Session session, IEnumerable<Participant> participants, DateTimeOffset now) =>
        new(session.SessionId, session.Status, session.Reference, session.CreatedAt, session.ExpiresAt, session.AgentId, session.Team,
            session.Policy.RequireOtp,
            [.. participants.OrderBy(p => p.Index).Select(p => ParticipantView.Of(session, p, now))])
        {
            ClosedAt = session.ClosedAt,
        };
}

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

    /// <summary>
    /// The participant as the agent sees it at <paramref name="now"/>. <see cref="OtpViewable"/>: the agent may read the
    /// code now (<see cref="ParticipantOtp.AgentView"/>, the rule of the OTP view itself); <see cref="OtpViewableAt"/>:
    /// when an Auto OTP code already sent becomes viewable unless a delivery report confirms it first.
    /// </summary>
    public static ParticipantView Of(Session session, Participant p, DateTimeOffset now)
    {
        var otpView = ParticipantOtp.AgentView(session, p, now);
        return new(p.ParticipantId, p.Role, p.Name,
            new ContactView(p.Invite.Channel, p.Invite.Masked),
            new OtpView(p.Otp?.Channel, p.Otp?.Masked, p.OtpMode),
            p.StatusAt(now),
            new InvitationView(p.Invitation.Status, p.Invitation.SentAt),
            new OtpDeliveryView(p.OtpDelivery.Status, p.OtpDelivery.SentAt) { RetryAt = p.OtpDelivery.RetryAt },
            otpView is AgentViewResult.Allowed,
            (otpView as AgentViewResult.Refused)?.ViewableAt,
            p.Status == ParticipantStatus.Locked && p.LockedUntil > now ? p.LockedUntil : null,
            p.ReplacedBy)
        {
            Replaces = p.Replaces,
        };
    }
}

/// <summary><c>{ "channel", "address" }</c> with the address masked.</summary>
public sealed record ContactView(Channel Channel, string Address);

/// <summary><c>{ "channel", "address", "mode" }</c>; channel and address are absent in manual mode.</summary>
public sealed record OtpView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Channel? Channel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Address,
    OtpMode Mode);

public sealed record InvitationView(
    InvitationStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SentAt);

public sealed record OtpDeliveryView(
    OtpDeliveryStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SentAt)
{
    /// <summary>With <c>refused</c>: when the refusing send budget's window ends.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? RetryAt { get; init; }
}
