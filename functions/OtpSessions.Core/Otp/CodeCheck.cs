namespace OtpSessions.Core.Otp;

/// <summary>What checking a candidate against a stored code found (<see cref="ICodeProtector.Check"/>).</summary>
public enum CodeCheck
{
    /// <summary>The candidate is the stored code.</summary>
    Right,

    /// <summary>The stored code opened and the candidate is not it: a wrong guess.</summary>
    Wrong,

    /// <summary>
    /// No configured key opens the stored code (its key was dropped from the keyring, or the row is damaged): nobody can
    /// know whether the candidate was right, so it is no guess; the code counts as expired.
    /// </summary>
    Unreadable,
}
