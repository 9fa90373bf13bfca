namespace OtpSessions.Core.Passkeys;

/// <summary>The WebAuthn user a passkey is made for: the id is the owner key (no personal data), the names are what the device shows.</summary>
public sealed record WebAuthnUser(string OwnerKey, string Name, string DisplayName);
