using OtpSessions.Core.Common;

namespace OtpSessions.Core.Sessions;

/// <summary>The body of <c>POST …/participants/{participantId}/reassign</c>: the replacement person.</summary>
public sealed record ReplacementInput(string? Name, ContactInput? Invite, ContactInput? Otp, Locale? Locale = null);
