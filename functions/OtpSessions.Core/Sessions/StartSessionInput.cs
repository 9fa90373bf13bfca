namespace OtpSessions.Core.Sessions;

/// <summary>The body of <c>POST /api/sessions</c>.</summary>
public sealed record StartSessionInput(IReadOnlyList<ParticipantInput?>? Participants, string? Reference);
