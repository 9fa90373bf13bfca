using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary><c>participant.authenticated</c>: with how this entry was authenticated.</summary>
public sealed record ParticipantAuthenticatedData(string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, EntryMethod Method);
