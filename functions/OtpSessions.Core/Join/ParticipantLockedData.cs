using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary><c>participant.locked</c>: too many wrong codes; <see cref="Banned"/> when it was the last allowed lockout.</summary>
public sealed record ParticipantLockedData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, DateTimeOffset? LockedUntil, bool Banned, int Lockouts);
