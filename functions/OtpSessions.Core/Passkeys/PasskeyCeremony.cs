namespace OtpSessions.Core.Passkeys;

/// <summary>What a challenge was issued for: a challenge of one ceremony never serves the other.</summary>
public enum PasskeyCeremony
{
    /// <summary>Saving a new passkey (<c>navigator.credentials.create()</c>).</summary>
    Registration,

    /// <summary>Entering with a saved passkey (<c>navigator.credentials.get()</c>).</summary>
    Authentication,
}
