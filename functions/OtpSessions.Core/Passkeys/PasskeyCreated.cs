namespace OtpSessions.Core.Passkeys;

/// <summary>The answer of saving a passkey: <c>201 { "passkeyId", "createdAt" }</c>.</summary>
public sealed record PasskeyCreated(string PasskeyId, DateTimeOffset CreatedAt);
