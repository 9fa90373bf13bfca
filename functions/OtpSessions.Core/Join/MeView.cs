using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary><c>GET /api/me</c>.</summary>
public sealed record MeView(string SessionId, SessionStatus SessionStatus, MeParticipantView Participant);
