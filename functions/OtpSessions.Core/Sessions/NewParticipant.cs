namespace OtpSessions.Core.Sessions;

/// <summary>A participant that passed every rule: normalised name and addresses, and the language of its messages.</summary>
public sealed record NewParticipant(ParticipantRole Role, string Name, Contact Invite, Contact? Otp, Locale Locale = Locale.En);
