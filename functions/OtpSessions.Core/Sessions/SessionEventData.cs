using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

// The `data` of the session's outbox events and audit rows: ids, roles, channels, masked addresses and the
// caller's reference — never a code, a token or a full address.

public sealed record ContactData(Channel Channel, string Address)
{
    public static ContactData? Of(Contact? contact) => contact is null ? null : new ContactData(contact.Channel, contact.Masked);
}

/// <summary>A participant in event data: no name (personal data stays in the session partition), masked addresses.</summary>
public sealed record ParticipantData(string ParticipantId, ParticipantRole Role, ContactData Invite, ContactData? Otp, OtpMode OtpMode)
{
    public static ParticipantData Of(Participant p) =>
        new(p.ParticipantId, p.Role, ContactData.Of(p.Invite)!, ContactData.Of(p.Otp), p.OtpMode);
}

/// <summary><c>session.started</c>.</summary>
public sealed record SessionStartedData(string SessionId, string AgentId, string? Team, string? Reference, IReadOnlyList<ParticipantData> Participants);

/// <summary><c>participant.added</c>.</summary>
public sealed record ParticipantAddedData(string SessionId, string? Reference, string AgentId, ParticipantData Participant);

/// <summary><c>participant.reassigned</c>: <see cref="ParticipantId"/> was replaced by <see cref="Replacement"/>.</summary>
public sealed record ParticipantReassignedData(string SessionId, string? Reference, string AgentId, string ParticipantId, ParticipantData Replacement);

/// <summary>
/// <c>participant.signed_out</c>: an agent ended the participant's access; <see cref="AccessTokens"/> access tokens (of
/// its entries through the link) stopped working.
/// </summary>
public sealed record ParticipantSignedOutData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, string AgentId, int AccessTokens);

/// <summary><c>session.closed</c>.</summary>
public sealed record SessionClosedData(string SessionId, string? Reference, string ClosedBy);

/// <summary><c>session.expired</c>: the session reached its lifetime and its rows were purged.</summary>
public sealed record SessionExpiredData(string SessionId, string? Reference, DateTimeOffset ExpiredAt);

/// <summary>
/// <c>invitation.sent</c> / <c>invitation.failed</c> (and the audit of a resend). <see cref="Reason"/> says why it
/// failed (<c>rejected</c>, <c>retries_exhausted</c>, <c>undelivered</c>) — never the provider's text, which may
/// quote the address.
/// </summary>
public sealed record InvitationData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, ContactData To, int Attempt, string? Reason = null);

/// <summary>The audit action names (rows <c>audit|…</c>).</summary>
public static class AuditActions
{
    public const string SessionStarted = "session.started";
    public const string ParticipantAdded = "participant.added";
    public const string ParticipantReassigned = "participant.reassigned";
    public const string InvitationResent = "invitation.resent";
    public const string SessionClosed = "session.closed";
    public const string ParticipantSignedOut = "participant.signed_out";

    /// <summary>A wrong code was entered (actor = the participant): <see cref="WrongAttemptData"/>.</summary>
    public const string WrongAttempt = "otp.wrong_attempt";

    /// <summary>The customer ended one entry's access itself (actor = the participant).</summary>
    public const string CustomerSignedOut = "participant.signed_out_self";

    /// <summary>The provider accepted an invitation (<see cref="DeliveryAuditData"/>).</summary>
    public const string InvitationSent = "invitation.sent";

    /// <summary>An invitation was refused, ran out of retries or was reported undelivered (<see cref="DeliveryAuditData"/>).</summary>
    public const string InvitationFailed = "invitation.failed";

    /// <summary>The provider reported an invitation delivered (<see cref="DeliveryAuditData"/>).</summary>
    public const string InvitationDelivered = "invitation.delivered";

    /// <summary>The provider accepted a code's send (<see cref="DeliveryAuditData"/>).</summary>
    public const string OtpSent = "otp.sent";

    /// <summary>A code's send failed (<see cref="DeliveryAuditData"/>).</summary>
    public const string OtpDeliveryFailed = "otp.delivery_failed";

    /// <summary>The provider reported a code delivered (<see cref="DeliveryAuditData"/>).</summary>
    public const string OtpDelivered = "otp.delivered";

    /// <summary>The actor of what the delivery side records (sends and the provider's reports).</summary>
    public const string DeliveryActor = "system";
}

/// <summary>
/// The audit data of a send's outcome: which send of what (<see cref="Send"/>; <see cref="CodeId"/> for a code), where
/// to (masked), the provider's message id and, when it failed, why (never the provider's text).
/// </summary>
public sealed record DeliveryAuditData(string ParticipantId, ContactData To, int Send, string? CodeId, string? ProviderMessageId, string? Reason = null);

/// <summary>The audit data of a wrong code: the failed attempts on the code so far and the lockouts so far.</summary>
public sealed record WrongAttemptData(string ParticipantId, string? CodeId, int FailedAttempts, int Lockouts);
