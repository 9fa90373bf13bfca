using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

// The `data` of the customer flow's outbox events and audit rows: ids, roles, channels, masked addresses and the
// caller's reference — never a code, a token or a full address. A code is named only by its id.

/// <summary><c>participant.opened</c>: the invite link was used for the first time.</summary>
public sealed record ParticipantOpenedData(string SessionId, string? Reference, string ParticipantId, ParticipantRole Role);
