using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

public sealed record JoinParticipantView(string Name, ParticipantRole Role, ParticipantStatus Status, Locale Locale);
