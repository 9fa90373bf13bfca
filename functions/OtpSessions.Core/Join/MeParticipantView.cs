using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

public sealed record MeParticipantView(string ParticipantId, string Name, ParticipantRole Role, Locale Locale);
