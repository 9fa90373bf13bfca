using OtpSessions.Core.Common;

namespace OtpSessions.Core.Sessions;

/// <summary>One participant of <c>POST /api/sessions</c> or <c>POST …/participants</c>.</summary>
public sealed record ParticipantInput(ParticipantRole? Role, string? Name, ContactInput? Invite, ContactInput? Otp, Locale? Locale = null);
