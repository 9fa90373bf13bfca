namespace OtpSessions.Core.Sessions;

/// <summary>One participant and the terms of its session as it carries them (no session version, no participant count).</summary>
public sealed record ParticipantWithTerms(SessionTerms Terms, Participant Participant);
