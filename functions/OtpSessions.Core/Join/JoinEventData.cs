using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

// The `data` of the customer flow's outbox events and audit rows: ids, roles, channels, masked addresses and the
// caller's reference — never a code, a token or a full address. A code is named only by its id.

/// <summary><c>participant.opened</c>: the invite link was used for the first time.</summary>
public sealed record ParticipantOpenedData(string SessionId, string? Reference, string ParticipantId, ParticipantRole Role);

/// <summary><c>otp.requested</c>: a new code was issued; <see cref="Queued"/> says whether it went to delivery at once.</summary>
public sealed record OtpRequestedData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, OtpMode Mode, ContactData? To, string CodeId,
    DateTimeOffset ExpiresAt, bool Queued);

/// <summary><c>otp.sent</c>: the provider accepted send number <see cref="Send"/> of the code.</summary>
public sealed record OtpSentData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, ContactData To, string CodeId, int Send);

/// <summary><c>otp.viewed</c> (and its audit row): an agent read the code.</summary>
public sealed record OtpViewedData(string SessionId, string? Reference, string ParticipantId, string AgentId, string CodeId);

/// <summary><c>participant.authenticated</c>.</summary>
public sealed record ParticipantAuthenticatedData(string SessionId, string? Reference, string ParticipantId, ParticipantRole Role);

/// <summary><c>participant.locked</c>: too many wrong codes; <see cref="Banned"/> when it was the last allowed lockout.</summary>
public sealed record ParticipantLockedData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, DateTimeOffset? LockedUntil, bool Banned, int Lockouts);

/// <summary>The customer flow's audit action names (rows <c>audit|…</c>).</summary>
public static class JoinAuditActions
{
    public const string OtpViewed = "otp.viewed";

    /// <summary>The customer asked for a fresh link after the old one expired (actor = the participant id).</summary>
    public const string LinkRenewed = "invitation.renewed";
}
