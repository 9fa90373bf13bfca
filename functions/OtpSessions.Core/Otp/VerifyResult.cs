
namespace OtpSessions.Core.Otp;

/// <summary>The answer of <see cref="OtpRules.Verify(OtpState, Policy.OtpPolicy, DateTimeOffset, bool)"/>.</summary>
/// <param name="NewState">The state to write back (with the version read), or null when nothing changed.</param>
public abstract record VerifyResult(OtpState? NewState)
{
    /// <summary>The code was right: it is consumed, the participant is authenticated (issue the access token).</summary>
    public sealed record Authenticated(OtpState NewState) : VerifyResult(NewState);

    /// <summary>
    /// No. A wrong code changes the state (one more attempt); <paramref name="LockedNow"/> says this very attempt
    /// locked or banned the participant (event <c>participant.locked</c>).
    /// </summary>
    public sealed record Refused(OtpRefusal Refusal, OtpState? NewState = null, bool LockedNow = false) : VerifyResult(NewState);
}
