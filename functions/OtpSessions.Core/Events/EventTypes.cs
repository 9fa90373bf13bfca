namespace OtpSessions.Core.Events;

/// <summary>Integration event types (docs/api.md), in one place.</summary>
public static class EventTypes
{
    public const string SessionStarted = "session.started";
    public const string InvitationSent = "invitation.sent";
    public const string InvitationFailed = "invitation.failed";
    public const string ParticipantOpened = "participant.opened";
    public const string OtpRequested = "otp.requested";
    public const string OtpSent = "otp.sent";
    public const string OtpDeliveryFailed = "otp.delivery_failed";
    public const string OtpViewed = "otp.viewed";
    public const string ParticipantAuthenticated = "participant.authenticated";
    public const string ParticipantLocked = "participant.locked";
    public const string ParticipantAdded = "participant.added";
    public const string ParticipantReassigned = "participant.reassigned";
    public const string SessionClosed = "session.closed";
    public const string SessionExpired = "session.expired";

    /// <summary>An agent ended a participant's access: every access token of its entries stopped working.</summary>
    public const string ParticipantSignedOut = "participant.signed_out";

    /// <summary>An administrator changed a team's policy overrides (subject: the team, not a session id).</summary>
    public const string PolicyChanged = "policy.changed";

    /// <summary>An administrator asked for a change that weakens a team's policy; it waits for another administrator (subject: the team).</summary>
    public const string PolicyChangeRequested = "policy.change_requested";

    /// <summary>A send budget reached 80 % of its limit in its window (subject: the team, or <c>app</c>).</summary>
    public const string SendsBudgetWarning = "sends.budget_warning";

    /// <summary>A send budget refused its first request in its window (subject: the team, or <c>app</c>).</summary>
    public const string SendsBudgetExceeded = "sends.budget_exceeded";

    /// <summary>A participant saved a passkey for its verified address (ids only).</summary>
    public const string ParticipantPasskeyAdded = "participant.passkey_added";

    /// <summary>A recipient said "not me": the participant's link, code and access tokens stopped (channel only, no address).</summary>
    public const string ParticipantReported = "participant.reported";

    public static readonly IReadOnlyList<string> All =
    [
        SessionStarted, InvitationSent, InvitationFailed, ParticipantOpened, OtpRequested, OtpSent, OtpDeliveryFailed,
        OtpViewed, ParticipantAuthenticated, ParticipantLocked, ParticipantAdded, ParticipantReassigned, SessionClosed,
        SessionExpired, PolicyChanged, ParticipantSignedOut, SendsBudgetWarning, SendsBudgetExceeded, PolicyChangeRequested,
        ParticipantPasskeyAdded, ParticipantReported,
    ];
}
