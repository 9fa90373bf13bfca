using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Passkeys;

/// <summary><c>participant.passkey_added</c>: ids only (no key material, no address).</summary>
public sealed record PasskeyAddedData(string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, string PasskeyId);
