namespace OtpSessions.Core.Sessions;

// Request bodies of the agent API as they arrive (everything nullable: the rules in SessionRules say what is missing).

/// <summary><c>{ "channel": "sms" | "email", "address": "…" }</c>.</summary>
public sealed record ContactInput(Channel? Channel, string? Address);

/// <summary>One participant of <c>POST /api/sessions</c> or <c>POST …/participants</c>.</summary>
public sealed record ParticipantInput(ParticipantRole? Role, string? Name, ContactInput? Invite, ContactInput? Otp, Locale? Locale = null);

/// <summary>The body of <c>POST /api/sessions</c>.</summary>
public sealed record StartSessionInput(IReadOnlyList<ParticipantInput?>? Participants, string? Reference);

/// <summary>The body of <c>POST …/participants/{participantId}/reassign</c>: the replacement person.</summary>
public sealed record ReplacementInput(string? Name, ContactInput? Invite, ContactInput? Otp, Locale? Locale = null);

/// <summary>A participant that passed every rule: normalised name and addresses, and the language of its messages.</summary>
public sealed record NewParticipant(ParticipantRole Role, string Name, Contact Invite, Contact? Otp, Locale Locale = Locale.En);
