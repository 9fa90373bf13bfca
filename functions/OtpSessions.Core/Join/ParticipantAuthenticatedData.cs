using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary><c>participant.authenticated</c>.</summary>
public sealed record ParticipantAuthenticatedData(string SessionId, string? Reference, string ParticipantId, ParticipantRole Role);
