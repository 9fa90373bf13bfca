namespace OtpSessions.Core.Sessions;

/// <summary>The body of <c>POST …/participants/{participantId}/reassign</c>: the replacement person. <c>Locale</c> is the request's language tag as given (read by <see cref="Common.Locales.TryParse"/>).</summary>
public sealed record ReplacementInput(string? Name, ContactInput? Invite, ContactInput? Otp, string? Locale = null);
