namespace OtpSessions.Core.Sessions;

/// <summary>One participant of <c>POST /api/sessions</c> or <c>POST …/participants</c>. <c>Locale</c> is the request's language tag as given (read by <see cref="Common.Locales.TryParse"/>).</summary>
public sealed record ParticipantInput(ParticipantRole? Role, string? Name, ContactInput? Invite, ContactInput? Otp, string? Locale = null);
