namespace OtpSessions.Core.Sessions;

/// <summary>How a participant's entry was authenticated (<c>participant.authenticated</c>'s <c>data.method</c>).</summary>
public enum EntryMethod
{
    /// <summary>With a one-time code.</summary>
    Otp,

    /// <summary>With a passkey (WebAuthn) saved on an earlier entry.</summary>
    Passkey,

    /// <summary>Without a code: the policy does not require one.</summary>
    None,
}
