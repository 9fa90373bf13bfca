using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary><c>GET /api/join</c>: what the customer's page needs to show.</summary>
public sealed record JoinView(SessionStatus SessionStatus, JoinParticipantView Participant, AuthenticationView Authentication);
