namespace OtpSessions.Core.Passkeys;

/// <summary>A registration that verified: the credential to store.</summary>
public sealed record NewCredential(string PasskeyId, byte[] PublicKey, uint SignCount);
